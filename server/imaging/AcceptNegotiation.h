// SPDX-License-Identifier: MIT
// AcceptNegotiation — what a DICOMweb answer is sent as (PS3.18 §8.7): the media ranges of an Accept
// header with their type and transfer-syntax parameters, the transfer syntax an instance goes out
// in, whether frames go as stored or decompressed, and JPEG or PNG for a rendered picture. Pure
// string logic (no HTTP, no DCMTK): the handlers turn "nothing acceptable" into their 406.
#pragma once

#include <string>
#include <vector>

namespace renkei::server {

inline constexpr const char* kExplicitLittleEndian = "1.2.840.10008.1.2.1";

/// True for the uncompressed transfer syntaxes (implicit/explicit little, explicit big endian).
bool isUncompressed(const std::string& transferSyntaxUid);

/// The media type of a frame stored in `transferSyntaxUid` (PS3.18 Table 8.7.3-2): image/jpeg,
/// image/jls, image/jp2, image/x-dicom-rle, or application/octet-stream for uncompressed data.
std::string frameMediaType(const std::string& transferSyntaxUid);

/// One media range of an Accept header.
struct Acceptable {
  std::string type, partType, transferSyntax;  ///< transferSyntax: "" (the default), "*" or a UID
};

/// The media ranges of an Accept header value, in order (commas inside quoted parameters do not
/// separate); no header at all is "*/*" in any transfer syntax.
std::vector<Acceptable> parseAccept(const std::string& header);

/// The transfer syntax to send an instance in: as stored ("*" or no preference), or the one asked
/// for (the default of application/dicom is explicit VR little endian). Empty: nothing acceptable.
std::string instanceSyntax(const std::vector<Acceptable>& accept, const std::string& stored);

/// Does the client take instances as multipart/related (or anything)?
bool acceptsMultipart(const std::vector<Acceptable>& accept);

/// How the frames of an instance stored in `storedSyntax` are sent: as stored (in their own media
/// type), decompressed (application/octet-stream, explicit VR little endian), or not at all.
enum class FrameSyntax { NotAcceptable, AsStored, Decompressed };
FrameSyntax chooseFrameSyntax(const std::vector<Acceptable>& accept, const std::string& storedSyntax);

/// A rendered picture's format from an Accept header value: JPEG unless PNG is asked for first.
enum class PictureType { NotAcceptable, Jpeg, Png };
PictureType chooseRenderedType(const std::string& header);

}  // namespace renkei::server
