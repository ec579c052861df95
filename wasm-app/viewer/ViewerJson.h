// SPDX-License-Identifier: MIT
// ViewerJson — the DICOMweb answers the viewer reads (QIDO-RS series, WADO-RS metadata and frames)
// turned into its state, and a frame's bytes into values and display pixels. Pure: tests/app runs
// it natively; bad answers give empty results or an error, never an exception.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "wasm-app/viewer/FrameDecoder.h"
#include "wasm-app/viewer/Viewer.h"

namespace renkei::app {

/// QIDO-RS /studies/{uid}/series: the series, by series number.
std::vector<SeriesInfo> seriesFrom(const nlohmann::json& answer);
/// WADO-RS …/series/{uid}/metadata: the images in slice order (position along the normal when
/// every image has one, else instance number).
std::vector<ImageInfo> imagesFrom(const nlohmann::json& answer);

struct Part {
  std::string contentType, body;
};
/// The parts of a multipart/related answer (RFC 2046), given its Content-Type (for the boundary).
/// Empty when the body is not one.
std::vector<Part> multipartParts(std::string_view contentType, std::string_view body);
/// The transfer-syntax parameter of a part's Content-Type; explicit VR little endian without one.
std::string transferSyntaxOf(std::string_view contentType);

/// A frame as it travelled (any transfer syntax: decoded by viewer/FrameDecoder, DCMTK and
/// OpenJPEG in WebAssembly), in modality units or, for colour, RGBA.
Frame decodeTravelled(const ImageInfo& image, std::string_view bytes, const std::string& transferSyntax);

/// An uncompressed frame (explicit VR little endian, as the server sends decompressed frames) in
/// modality units; `error` set when the bytes do not fit the image.
Frame frameFrom(const ImageInfo& image, std::string_view bytes);

/// Window/level to 8-bit grey, RGBA (DICOM PS3.3 C.11.2.1.2, linear): what the screen shows.
std::vector<std::uint8_t> windowed(const std::vector<float>& values, double center, double width, bool invert = false);

}  // namespace renkei::app
