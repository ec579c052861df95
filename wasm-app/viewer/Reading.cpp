// SPDX-License-Identifier: MIT
#include "wasm-app/viewer/Reading.h"

#include <cstdio>

#include "wasm-app/Text.h"

namespace renkei::app {
namespace {

std::string fixed(double v, const std::string& unit) {
  char b[48];
  std::snprintf(b, sizeof b, "%.1f%s%s", v, unit.empty() || unit == "°" ? "" : " ", unit.c_str());
  return b;
}

}  // namespace

Reading readingOf(const Measurement& m, const ImageInfo& image, const Frame& frame, const std::string& modality, Language language) {
  Reading r;
  const Calibration& c = image.calibration;
  const std::string lengthUnit = c.calibrated() ? "mm" : "px";
  if (m.tool == Tool::Length || m.tool == Tool::Rectangle || m.tool == Tool::Ellipse) {
    if (!c.calibrated()) r.note = text(T::Uncalibrated, language);
    else if (c.atDetector) r.note = text(T::AtDetector, language);
  }
  if (m.tool == Tool::Length && m.points.size() >= 2) {
    r.value = lengthOf(m.points[0], m.points[1], c);
    r.unit = lengthUnit;
    r.text = fixed(r.value, r.unit);
  } else if (m.tool == Tool::Angle && m.points.size() >= 3) {
    r.value = angleDegrees(m.points[0], m.points[1], m.points[2], c);
    r.unit = "°";
    r.text = fixed(r.value, r.unit);
  } else if ((m.tool == Tool::Rectangle || m.tool == Tool::Ellipse) && m.points.size() >= 2) {
    r.stats = regionStats(frame.values, image.columns, image.rows, m.tool, m.points[0], m.points[1], c);
    r.value = r.stats.mean;
    r.unit = modality == "CT" ? "HU" : "";
    const std::string area = fixed(r.stats.area, c.calibrated() ? "mm²" : "px");
    r.text = textf(T::RegionReading, language, fixed(r.stats.mean, r.unit).c_str(), fixed(r.stats.sd, "").c_str(),
                   fixed(r.stats.min, "").c_str(), fixed(r.stats.max, "").c_str(), area.c_str());
  }
  if (!r.note.empty() && !r.text.empty()) r.text += "  (" + r.note + ")";
  return r;
}

}  // namespace renkei::app
