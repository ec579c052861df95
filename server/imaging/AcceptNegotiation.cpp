// SPDX-License-Identifier: MIT
#include "server/imaging/AcceptNegotiation.h"

#include "server/imaging/Multipart.h"

namespace renkei::server {
namespace {

/// "*/*", or multipart/related without a part type (or "*/*" as the part type).
bool anything(const Acceptable& a) {
  return a.type == "*/*" || (a.type == "multipart/related" && (a.partType.empty() || a.partType == "*/*"));
}

}  // namespace

bool isUncompressed(const std::string& ts) {
  return ts == "1.2.840.10008.1.2" || ts == "1.2.840.10008.1.2.1" || ts == "1.2.840.10008.1.2.2";
}

std::string frameMediaType(const std::string& ts) {
  if (isUncompressed(ts) || ts == "1.2.840.10008.1.2.1.99") return "application/octet-stream";
  if (ts == "1.2.840.10008.1.2.5") return "image/x-dicom-rle";
  if (ts == "1.2.840.10008.1.2.4.80" || ts == "1.2.840.10008.1.2.4.81") return "image/jls";
  if (ts == "1.2.840.10008.1.2.4.90" || ts == "1.2.840.10008.1.2.4.91") return "image/jp2";
  if (ts.rfind("1.2.840.10008.1.2.4.", 0) == 0) return "image/jpeg";
  return "application/octet-stream";
}

std::vector<Acceptable> parseAccept(const std::string& header) {
  std::vector<Acceptable> out;
  if (header.empty()) return {{"*/*", "", "*"}};
  std::size_t start = 0;
  while (start <= header.size()) {
    // Commas inside quoted parameters are not separators.
    std::size_t end = start;
    bool quoted = false;
    while (end < header.size() && (quoted || header[end] != ',')) {
      if (header[end] == '"') quoted = !quoted;
      ++end;
    }
    const std::string range = header.substr(start, end - start);
    if (range.find_first_not_of(" \t") != std::string::npos)
      out.push_back({mediaType(range), mediaType(headerParameter(range, "type")), headerParameter(range, "transfer-syntax")});
    start = end + 1;
  }
  return out;
}

std::string instanceSyntax(const std::vector<Acceptable>& accept, const std::string& stored) {
  for (const Acceptable& a : accept) {
    const bool any = anything(a);
    const bool dicom = (a.type == "multipart/related" && a.partType == "application/dicom") || a.type == "application/dicom";
    if (!any && !dicom) continue;
    if (any || a.transferSyntax == "*") return stored;
    return a.transferSyntax.empty() ? kExplicitLittleEndian : a.transferSyntax;
  }
  return {};
}

bool acceptsMultipart(const std::vector<Acceptable>& accept) {
  for (const Acceptable& a : accept)
    if (a.type == "*/*" || a.type == "multipart/related" || a.type == "application/dicom") return true;
  return false;
}

FrameSyntax chooseFrameSyntax(const std::vector<Acceptable>& accept, const std::string& storedSyntax) {
  const std::string storedType = frameMediaType(storedSyntax);
  for (const Acceptable& a : accept) {
    if (anything(a) || a.transferSyntax == "*" || a.transferSyntax == storedSyntax ||
        (a.type == "multipart/related" && (a.partType == storedType || (storedType == "image/jls" && a.partType == "image/x-jls")) &&
         a.transferSyntax.empty() && !isUncompressed(storedSyntax)))
      return FrameSyntax::AsStored;
    if (a.type == "multipart/related" && a.partType == "application/octet-stream" &&
        (a.transferSyntax.empty() || a.transferSyntax == kExplicitLittleEndian))
      return FrameSyntax::Decompressed;
  }
  return FrameSyntax::NotAcceptable;
}

PictureType chooseRenderedType(const std::string& header) {
  if (header.empty()) return PictureType::Jpeg;
  bool jpeg = false, png = false;
  for (const Acceptable& a : parseAccept(header)) {
    jpeg |= a.type == "image/jpeg" || a.type == "*/*" || a.type == "image/*";
    png |= a.type == "image/png";
  }
  if (!jpeg && !png) return PictureType::NotAcceptable;
  return png && (header.find("image/png") < header.find("image/jpeg")) ? PictureType::Png : PictureType::Jpeg;
}

}  // namespace renkei::server
