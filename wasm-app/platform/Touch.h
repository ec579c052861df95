// SPDX-License-Identifier: MIT
// Touch — the fingers on the canvas (issue 11 §6, bedside mode): GLFW in the browser has no
// multi-touch, so the canvas's touch events are followed here (Emscripten's html5 API). The browser
// still turns single taps into mouse clicks for ImGui's buttons; the viewer reads the fingers for
// one-finger scroll and two-finger pinch and pan.
#pragma once

#include <vector>

namespace renkei::app {

struct Finger {
  long id = 0;
  float x = 0, y = 0;  ///< framebuffer pixels (CSS pixels × device pixel ratio), like ImGui's
};

/// Starts following the canvas's touches (main calls it once).
void followTouches();
/// The fingers on the canvas now, in the order they came down.
const std::vector<Finger>& fingers();

}  // namespace renkei::app
