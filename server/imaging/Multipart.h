// SPDX-License-Identifier: MIT
// Multipart — MIME multipart bodies as DICOMweb uses them (RFC 2046 §5.1, RFC 2387
// multipart/related): STOW-RS receives instances in one, WADO-RS sends instances and frames in one.
// (cpp-httplib parses multipart/form-data only.)
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace renkei::server {

struct MimePart {
  std::string contentType;  ///< the part's Content-Type ("" when it had none)
  std::string location;     ///< Content-Location, when sent
  std::string body;
};

/// A parameter of a header value: parameter("multipart/related; type=\"application/dicom\"", "type").
std::string headerParameter(std::string_view header, std::string_view name);
/// The media type of a header value, lower-case, without parameters.
std::string mediaType(std::string_view header);

/// The parts of a multipart body whose Content-Type header is `contentType` (with its boundary).
/// Throws std::invalid_argument naming what is wrong (no boundary, no closing delimiter, …).
std::vector<MimePart> parseMultipart(std::string_view body, std::string_view contentType, std::size_t maxParts = 10000);

/// A multipart/related body of `parts`; `boundary` receives the boundary (not found in any part).
std::string buildMultipart(const std::vector<MimePart>& parts, std::string& boundary);

}  // namespace renkei::server
