// SPDX-License-Identifier: MIT
#include "wasm-app/viewer/Gesture.h"

#include <cmath>

namespace renkei::app {

TwoFingers classifyTwoFingers(Point a0, Point b0, Point a, Point b, double threshold) {
  const double spread0 = std::hypot(b0.x - a0.x, b0.y - a0.y), spread = std::hypot(b.x - a.x, b.y - a.y);
  const double spreadChange = std::fabs(spread - spread0);
  const double midTravel = std::hypot((a.x + b.x - a0.x - b0.x) / 2, (a.y + b.y - a0.y - b0.y) / 2);
  if (spreadChange < threshold && midTravel < threshold) return TwoFingers::Undecided;
  // A pinch also drifts a little; a window drag keeps the fingers' distance almost exactly.
  return spreadChange >= 0.5 * midTravel ? TwoFingers::Pinch : TwoFingers::Window;
}

}  // namespace renkei::app
