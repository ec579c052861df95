// SPDX-License-Identifier: MIT
#include "wasm-app/viewer/Measurement.h"

#include <algorithm>
#include <cmath>

namespace renkei::app {
namespace {

/// Image pixels → physical units (mm when calibrated).
Point physical(Point p, const Calibration& c) {
  return c.calibrated() ? Point{p.x * c.columnMm, p.y * c.rowMm} : p;
}

}  // namespace

double lengthOf(Point a, Point b, const Calibration& c) {
  const Point p = physical(a, c), q = physical(b, c);
  return std::hypot(q.x - p.x, q.y - p.y);
}

double angleDegrees(Point a, Point vertex, Point b, const Calibration& c) {
  const Point p = physical(a, c), v = physical(vertex, c), q = physical(b, c);
  const double ux = p.x - v.x, uy = p.y - v.y, wx = q.x - v.x, wy = q.y - v.y;
  if ((ux == 0 && uy == 0) || (wx == 0 && wy == 0)) return 0;
  return std::fabs(std::atan2(ux * wy - uy * wx, ux * wx + uy * wy)) * 180.0 / 3.14159265358979323846;
}

RegionStats regionStats(const std::vector<float>& values, int columns, int rows, Tool shape, Point a, Point b,
                        const Calibration& c) {
  RegionStats s;
  if (columns <= 0 || rows <= 0 || values.size() < static_cast<std::size_t>(columns) * rows) return s;
  const double x0 = std::min(a.x, b.x), x1 = std::max(a.x, b.x), y0 = std::min(a.y, b.y), y1 = std::max(a.y, b.y);
  const double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2, rx = (x1 - x0) / 2, ry = (y1 - y0) / 2;
  if (rx <= 0 || ry <= 0) return s;
  const int i0 = std::max(0, static_cast<int>(std::floor(x0))), i1 = std::min(columns - 1, static_cast<int>(std::ceil(x1)));
  const int j0 = std::max(0, static_cast<int>(std::floor(y0))), j1 = std::min(rows - 1, static_cast<int>(std::ceil(y1)));
  double sum = 0, sumSquares = 0;
  for (int j = j0; j <= j1; ++j) {
    const double y = j + 0.5;
    if (y < y0 || y > y1) continue;
    for (int i = i0; i <= i1; ++i) {
      const double x = i + 0.5;
      if (x < x0 || x > x1) continue;
      if (shape == Tool::Ellipse) {
        const double u = (x - cx) / rx, w = (y - cy) / ry;
        if (u * u + w * w > 1) continue;
      }
      const double v = values[static_cast<std::size_t>(j) * columns + i];
      if (s.pixels == 0) s.min = s.max = v;
      s.min = std::min(s.min, v);
      s.max = std::max(s.max, v);
      sum += v;
      sumSquares += v * v;
      ++s.pixels;
    }
  }
  if (s.pixels == 0) return s;
  s.mean = sum / s.pixels;
  s.sd = s.pixels > 1 ? std::sqrt(std::max(0.0, (sumSquares - sum * s.mean) / (s.pixels - 1))) : 0.0;
  s.area = s.pixels * (c.calibrated() ? c.rowMm * c.columnMm : 1.0);
  return s;
}

}  // namespace renkei::app
