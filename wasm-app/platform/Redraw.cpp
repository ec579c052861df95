// SPDX-License-Identifier: MIT
#include "wasm-app/platform/Redraw.h"

#include <algorithm>
#include <limits>

namespace renkei::app {
namespace {

constexpr double kIdleMs = 250;   // the clocks' pace when nothing happens
constexpr int kSettleFrames = 3;  // frames drawn after a trigger

double gDueMs = 0;                // draw at or after this time
int gSettle = kSettleFrames;      // the first frames always draw
double gLastMs = -std::numeric_limits<double>::infinity();
long gDrawn = 0, gSkipped = 0;

}  // namespace

void redrawNow() {
  gDueMs = 0;
  gSettle = std::max(gSettle, kSettleFrames);
}

void redrawWithin(double ms) { gDueMs = std::min(gDueMs, gLastMs + ms); }  // sooner only, never later

bool redrawDue(double nowMs, bool inputSeen) {
  if (inputSeen) redrawNow();
  const bool due = gSettle > 0 || nowMs >= gDueMs || nowMs - gLastMs >= kIdleMs;
  if (!due) {
    ++gSkipped;
    return false;
  }
  if (gSettle > 0) --gSettle;
  gLastMs = nowMs;
  gDueMs = nowMs + kIdleMs;
  ++gDrawn;
  return true;
}

long framesDrawn() { return gDrawn; }
long framesSkipped() { return gSkipped; }

}  // namespace renkei::app
