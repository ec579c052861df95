// SPDX-License-Identifier: MIT
// TrendPlot — one laboratory test over time (R-DATA-2 "trends"), drawn with ImGui's draw lists
// (Debian has no ImPlot): the reference range as a band, the results as a line with points
// coloured by their flag, dates along the bottom, values at the side, and the value under the
// finger or mouse shown with its date.
#pragma once

#include "wasm-app/App.h"

namespace renkei::app {

/// Draws `trend` in a box of the available width and `height` (physical pixels).
void drawTrendPlot(const Trend& trend, float height);

}  // namespace renkei::app
