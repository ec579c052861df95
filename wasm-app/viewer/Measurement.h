// SPDX-License-Identifier: MIT
// Measurement — what a referring doctor measures on an image (issue 11 §2): a length in mm, an
// angle, and the values inside a rectangle or an ellipse (mean, SD, min, max, area; HU on CT).
// Points are image pixel coordinates, so a measurement stays on the anatomy when the view zooms,
// pans, turns or flips. Millimetres come from Pixel Spacing, or Imager Pixel Spacing (at the
// detector, not corrected for magnification), else the result is in pixels and says so.
// Pure arithmetic: tests/app runs it natively.
#pragma once

#include <string>
#include <vector>

#include "wasm-app/viewer/ViewGeometry.h"

namespace renkei::app {

/// What a left drag on the image does.
enum class Tool { Window, Length, Angle, Rectangle, Ellipse };

/// How an image's pixels relate to millimetres.
struct Calibration {
  double rowMm = 0, columnMm = 0;  ///< spacing between rows (vertical) and columns (horizontal)
  bool atDetector = false;         ///< Imager Pixel Spacing: at the detector plane
  bool calibrated() const { return rowMm > 0 && columnMm > 0; }
};

struct Measurement {
  Tool tool = Tool::Length;
  std::vector<Point> points;  ///< Length: 2; Angle: 3 (end, vertex, end); Rectangle/Ellipse: 2 corners
  int image = 0;              ///< the image (index in the series) it was made on
};

/// Distance between two image points: mm when calibrated, else pixels.
double lengthOf(Point a, Point b, const Calibration& c);
/// The angle at `vertex` between the rays to `a` and `b`, in degrees (0..180), in physical space
/// when calibrated (non-square pixels change angles).
double angleDegrees(Point a, Point vertex, Point b, const Calibration& c);

struct RegionStats {
  int pixels = 0;
  double mean = 0, sd = 0, min = 0, max = 0;
  double area = 0;  ///< mm² when calibrated, else pixels
};
/// The values of the pixels whose centres lie in the rectangle with corners `a`, `b`, or in the
/// ellipse inscribed in it. `values` is rows × columns, row by row. SD is the sample SD.
RegionStats regionStats(const std::vector<float>& values, int columns, int rows, Tool shape, Point a, Point b,
                        const Calibration& c);

}  // namespace renkei::app
