// SPDX-License-Identifier: MIT
// Gesture — what two fingers on the bedside image mean (issue 11 §6, R-VIEW-3). Moving apart or
// together is a pinch: zoom, and the pair's midpoint pans. Moving side by side, their distance
// kept, is a window drag: across changes the width, down the level — as one finger does on the
// desktop. The gesture is decided once the fingers have travelled far enough to tell, and kept
// until they lift, so that a pinch never turns into a window change half-way.
#pragma once

#include "wasm-app/viewer/ViewGeometry.h"

namespace renkei::app {

enum class TwoFingers { Undecided, Pinch, Window };

/// From where two fingers touched down (a0, b0) to where they are (a, b): Undecided until either
/// the distance between them or their midpoint has moved `threshold` (screen pixels).
TwoFingers classifyTwoFingers(Point a0, Point b0, Point a, Point b, double threshold);

}  // namespace renkei::app
