// SPDX-License-Identifier: MIT
// DicomCodec — what DICOMweb's retrieve needs from a stored instance, all through DCMTK: the file in
// another transfer syntax (transcoding), single frames as they are stored or decompressed, and the
// instance's attributes as DICOM JSON (PS3.18 Annex F) with the pixel data as a bulk-data link.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

class DcmFileFormat;

namespace renkei::server {

inline constexpr const char* kExplicitLittleEndian = "1.2.840.10008.1.2.1";

/// A stored Part-10 file parsed by DCMTK, all values in memory. Throws std::runtime_error.
std::unique_ptr<DcmFileFormat> loadInstance(std::string_view file);

/// True for the uncompressed transfer syntaxes (implicit/explicit little, explicit big endian).
bool isUncompressed(const std::string& transferSyntaxUid);

/// The media type of a frame stored in `transferSyntaxUid` (PS3.18 Table 8.7.3-2): image/jpeg,
/// image/jls, image/jp2, image/x-dicom-rle, or application/octet-stream for uncompressed data.
std::string frameMediaType(const std::string& transferSyntaxUid);

/// The Part-10 file `file` in `transferSyntaxUid`; the same bytes when it is already in it.
/// Throws std::runtime_error when DCMTK cannot convert (e.g. JPEG 2000: no codec here).
std::string transcode(std::string_view file, const std::string& transferSyntaxUid);

/// Frames (1-based numbers) of the instance: as stored (`decompress` false: for encapsulated data the
/// compressed bitstream of each frame), or decompressed to native little-endian pixels. Throws
/// std::out_of_range for a frame number the instance does not have, std::runtime_error otherwise.
std::vector<std::string> frames(std::string_view file, const std::vector<int>& numbers, bool decompress);

/// DICOM JSON of the instance's dataset (no file meta group); text in UTF-8 (ISO 2022 names decoded
/// by core's decoder); Pixel Data as {"vr": …, "BulkDataURI": `pixelDataUri`}.
std::string metadataJson(std::string_view file, const std::string& pixelDataUri);

}  // namespace renkei::server
