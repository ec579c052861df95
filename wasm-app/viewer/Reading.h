// SPDX-License-Identifier: MIT
// Reading — a measurement's result as the viewer writes it beside the drawing and the test hook
// reports it: "13.8 mm", "45.0°", or a region's mean/SD/min/max (HU on CT) and area, with a note
// when the length is at the detector or in pixels (no pixel spacing). Pure: tests/app runs it.
#pragma once

#include <string>

#include "core/text/Language.h"
#include "wasm-app/viewer/Measurement.h"
#include "wasm-app/viewer/Viewer.h"

namespace renkei::app {

struct Reading {
  double value = 0;        ///< length (mm or px) or angle (degrees); regions: the mean
  std::string unit;        ///< "mm", "px", "°", or the region's value unit ("HU", "")
  RegionStats stats;       ///< regions only
  std::string text, note;  ///< what the screen shows; the calibration note, if any
};

Reading readingOf(const Measurement& m, const ImageInfo& image, const Frame& frame, const std::string& modality, Language language);

}  // namespace renkei::app
