// SPDX-License-Identifier: MIT
#include "wasm-app/platform/Touch.h"

#include "wasm-app/platform/Redraw.h"

#include <emscripten/html5.h>

#include <algorithm>

namespace renkei::app {
namespace {

std::vector<Finger> g_fingers;

EM_BOOL onTouch(int type, const EmscriptenTouchEvent* e, void*) {
  const float dpr = static_cast<float>(emscripten_get_device_pixel_ratio());
  for (int k = 0; k < e->numTouches; ++k) {
    const EmscriptenTouchPoint& t = e->touches[k];
    if (!t.isChanged) continue;
    const auto at = std::find_if(g_fingers.begin(), g_fingers.end(), [&t](const Finger& f) { return f.id == t.identifier; });
    if (type == EMSCRIPTEN_EVENT_TOUCHEND || type == EMSCRIPTEN_EVENT_TOUCHCANCEL) {
      if (at != g_fingers.end()) g_fingers.erase(at);
    } else {
      const Finger f{t.identifier, static_cast<float>(t.targetX) * dpr, static_cast<float>(t.targetY) * dpr};
      if (at == g_fingers.end()) g_fingers.push_back(f);
      else *at = f;
    }
  }
  redrawNow();
  return EM_FALSE;  // not consumed: a tap still becomes a click for ImGui
}

}  // namespace

void followTouches() {
  emscripten_set_touchstart_callback("#canvas", nullptr, false, onTouch);
  emscripten_set_touchmove_callback("#canvas", nullptr, false, onTouch);
  emscripten_set_touchend_callback("#canvas", nullptr, false, onTouch);
  emscripten_set_touchcancel_callback("#canvas", nullptr, false, onTouch);
}

const std::vector<Finger>& fingers() { return g_fingers; }

}  // namespace renkei::app
