// SPDX-License-Identifier: MIT
// ViewGeometry — where an image pixel lands on the screen and back (issue 11 §2): the image fitted
// to its box, times the zoom, turned by quarter turns clockwise, flipped on screen, panned. Measurements are
// kept in image pixels, so they stay on the anatomy whatever the view does; orientation markers
// (R/L, A/P, H/F) follow the image's direction cosines through the same flips and turns.
// Pure arithmetic: tests/app runs it natively.
#pragma once

#include <array>
#include <string>

namespace renkei::app {

struct Point {
  double x = 0, y = 0;
};

struct ViewGeometry {
  int columns = 1, rows = 1;       ///< the image
  Point boxOrigin, boxSize;        ///< the screen box it is shown in (screen pixels)
  double zoom = 1.0;               ///< × the fitted size
  Point pan;                       ///< screen pixels from the box centre
  int quarterTurns = 0;            ///< clockwise, 0..3
  bool flipHorizontal = false, flipVertical = false;  ///< on the screen, after the turn

  /// Screen pixels per image pixel at zoom 1: the (turned) image fits the box.
  double fitScale() const;
  double scale() const { return fitScale() * zoom; }
  /// Image pixel coordinates (0,0 = top-left corner of the first pixel) → screen, and back.
  Point toScreen(Point image) const;
  Point toImage(Point screen) const;
  /// The image's four corners on screen, in the order top-left, top-right, bottom-right,
  /// bottom-left of the image (for drawing it as a textured quad).
  std::array<Point, 4> corners() const;
};

/// The patient direction of a direction (DICOM LPS: +x left, +y posterior, +z head) as the letters
/// a reader expects — L/R, P/A, H/F — the strongest first, those above 0.25 only (e.g. "LP").
std::string directionLetters(const std::array<double, 3>& d);

/// The letters at the screen's right and bottom edges (the left and top are their opposites),
/// from Image Orientation Patient (row direction, then column direction) and the view's flips
/// and turns. Empty when the image has no orientation.
struct ScreenDirections {
  std::string right, left, bottom, top;
};
ScreenDirections screenDirections(const std::array<double, 6>& orientation, const ViewGeometry& view);

}  // namespace renkei::app
