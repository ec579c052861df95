// SPDX-License-Identifier: MIT
// DicomCodec — what DICOMweb's retrieve needs from a stored instance's pixel data, all through
// DCMTK: the file in another transfer syntax (transcoding) and single frames as they are stored or
// decompressed. (DICOM JSON of the instance: DicomJson; which syntax to send: AcceptNegotiation.)
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

class DcmFileFormat;

namespace renkei::server {

/// A stored Part-10 file parsed by DCMTK, all values in memory. Throws std::runtime_error.
std::unique_ptr<DcmFileFormat> loadInstance(std::string_view file);

/// A parsed instance written back as a Part-10 file in the transfer syntax it was read in (its
/// pixel data as it was: compressed frames stay compressed). Throws std::runtime_error.
std::string writeInstance(DcmFileFormat& file);

/// The Part-10 file `file` in `transferSyntaxUid`; the same bytes when it is already in it.
/// Throws std::runtime_error when DCMTK cannot convert (e.g. to JPEG 2000: decoded, never written).
std::string transcode(std::string_view file, const std::string& transferSyntaxUid);

/// Frames (1-based numbers) of the instance: as stored (`decompress` false: for encapsulated data the
/// compressed bitstream of each frame), or decompressed to native little-endian pixels. Throws
/// std::out_of_range for a frame number the instance does not have, std::runtime_error otherwise.
std::vector<std::string> frames(std::string_view file, const std::vector<int>& numbers, bool decompress);

}  // namespace renkei::server
