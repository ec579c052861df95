// SPDX-License-Identifier: MIT
#include "wasm-app/viewer/ViewGeometry.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace renkei::app {
namespace {

int turns(const ViewGeometry& v) { return ((v.quarterTurns % 4) + 4) % 4; }

/// Image axes (centred) → screen axes (centred, unscaled): turn clockwise (screen y is down, so a
/// clockwise quarter turn sends (x, y) to (−y, x)), then flip on the screen — "flip horizontal"
/// swaps what is left and right on screen, however the image was turned.
Point forward(Point p, const ViewGeometry& v) {
  for (int k = 0; k < turns(v); ++k) p = {-p.y, p.x};
  if (v.flipHorizontal) p.x = -p.x;
  if (v.flipVertical) p.y = -p.y;
  return p;
}

Point backward(Point p, const ViewGeometry& v) {
  if (v.flipVertical) p.y = -p.y;
  if (v.flipHorizontal) p.x = -p.x;
  for (int k = 0; k < turns(v); ++k) p = {p.y, -p.x};
  return p;
}

Point centre(const ViewGeometry& v) {
  return {v.boxOrigin.x + v.boxSize.x / 2 + v.pan.x, v.boxOrigin.y + v.boxSize.y / 2 + v.pan.y};
}

}  // namespace

double ViewGeometry::fitScale() const {
  const bool sideways = turns(*this) % 2 == 1;
  const double w = std::max(1, sideways ? rows : columns), h = std::max(1, sideways ? columns : rows);
  return std::max(1e-9, std::min(boxSize.x / w, boxSize.y / h));
}

Point ViewGeometry::toScreen(Point image) const {
  const double s = scale();
  const Point q = forward({image.x - columns / 2.0, image.y - rows / 2.0}, *this);
  const Point c = centre(*this);
  return {c.x + q.x * s, c.y + q.y * s};
}

Point ViewGeometry::toImage(Point screen) const {
  const double s = scale();
  const Point c = centre(*this);
  const Point q = backward({(screen.x - c.x) / s, (screen.y - c.y) / s}, *this);
  return {q.x + columns / 2.0, q.y + rows / 2.0};
}

std::array<Point, 4> ViewGeometry::corners() const {
  const double w = columns, h = rows;
  return {toScreen({0, 0}), toScreen({w, 0}), toScreen({w, h}), toScreen({0, h})};
}

std::string directionLetters(const std::array<double, 3>& d) {
  static const char* kPositive[3] = {"L", "P", "H"};
  static const char* kNegative[3] = {"R", "A", "F"};
  std::array<int, 3> order{0, 1, 2};
  std::stable_sort(order.begin(), order.end(), [&d](int a, int b) { return std::fabs(d[a]) > std::fabs(d[b]); });
  std::string out;
  for (const int k : order)
    if (std::fabs(d[k]) > 0.25) out += d[k] > 0 ? kPositive[k] : kNegative[k];
  return out;
}

ScreenDirections screenDirections(const std::array<double, 6>& o, const ViewGeometry& view) {
  const std::array<double, 3> row{o[0], o[1], o[2]}, column{o[3], o[4], o[5]};
  if (std::fabs(row[0]) + std::fabs(row[1]) + std::fabs(row[2]) < 0.5) return {};
  // Which image direction (±row, ±column) points to the screen's right and down.
  const auto patientAlong = [&](Point screenDirection) {
    const Point img = backward(screenDirection, view);  // unit steps along image axes
    std::array<double, 3> d{};
    for (int k = 0; k < 3; ++k) d[k] = img.x * row[k] + img.y * column[k];
    return d;
  };
  const auto negate = [](std::array<double, 3> d) {
    for (double& x : d) x = -x;
    return d;
  };
  const std::array<double, 3> right = patientAlong({1, 0}), down = patientAlong({0, 1});
  return {directionLetters(right), directionLetters(negate(right)), directionLetters(down), directionLetters(negate(down))};
}

}  // namespace renkei::app
