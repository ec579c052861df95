// SPDX-License-Identifier: MIT
// Rendering — a stored frame as a picture for people (DICOMweb /rendered and /thumbnail): DCMTK's
// DicomImage applies the modality and VOI transforms (window/level as asked, else the instance's
// first window, else its min/max), scales, and its JPEG or PNG plugin writes the file. A rendered
// image leaves the system as an export, so it can carry a visible watermark — who, when — burnt
// into the pixels (R-VIEW-4).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace renkei::server {

struct RenderRequest {
  int frame = 1;                      ///< 1-based
  std::optional<double> windowCenter, windowWidth;
  int maxSize = 0;                    ///< scale down to fit (thumbnails); 0 = as is
  bool png = false;                   ///< else JPEG
  int quality = 90;                   ///< JPEG 1–100
  std::string watermark;              ///< ASCII; "" = none
};

/// The rendered picture's bytes. Throws std::out_of_range for a frame that does not exist and
/// std::runtime_error when DCMTK cannot decode the pixel data (a bitstream that does not decode).
std::string render(std::string_view file, const RenderRequest& request);

/// Burns `text` (upper-cased; digits, A–Z and - : . _ / + @ space) into an 8-bit image, white with a
/// black outline, along the bottom edge; `samples` 1 (grey) or 3 (RGB, interleaved).
void burnWatermark(unsigned char* pixels, int width, int height, int samples, const std::string& text);

}  // namespace renkei::server
