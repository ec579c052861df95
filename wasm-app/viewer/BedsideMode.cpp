// SPDX-License-Identifier: MIT
#include "wasm-app/viewer/BedsideMode.h"

#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>

#include "wasm-app/App.h"
#include "wasm-app/Ui.h"
#include "wasm-app/platform/Touch.h"
#include "wasm-app/viewer/Gesture.h"

namespace renkei::app {
namespace {

struct Preset {
  T text;
  double center, width;
};
// The viewer's CT presets a bedside explanation needs, as large buttons.
constexpr Preset kPresets[] = {{T::PresetLung, -600, 1500}, {T::PresetMediastinum, 40, 400}, {T::PresetBone, 400, 1800}, {T::PresetBrain, 40, 80}};

/// Fingers on the image: one scrolls the stack (or windows, when chosen), two pinch and pan or,
/// moved side by side, drag the window (Gesture.h).
void followFingers(ViewerPage& v, Pane& pane, float boxTop) {
  const std::vector<Finger>& f = fingers();
  static float carried = 0;  // scroll travel not yet a whole image
  const int n = static_cast<int>(pane.images.size());
  const float step = 16 * ui::scale();
  if (static_cast<int>(f.size()) != v.touches || (f.size() == 1 && f[0].y < boxTop && v.touches == 0)) {
    // A finger came or went: start again from where they are (no jump). Fingers that start on the
    // button row are the buttons' (ImGui gets the tap as a click).
    v.touches = (f.size() == 1 && f[0].y < boxTop) ? 0 : static_cast<int>(f.size());
    if (!f.empty()) v.touchA = {f[0].x, f[0].y};
    if (f.size() > 1) v.touchB = {f[1].x, f[1].y};
    v.twoStartA = v.touchA, v.twoStartB = v.touchB;
    v.twoFingers = static_cast<int>(TwoFingers::Undecided);
    carried = 0;
    return;
  }
  if (f.size() == 1 && n > 0) {
    const float dx = f[0].x - static_cast<float>(v.touchA.x), dy = f[0].y - static_cast<float>(v.touchA.y);
    v.touchA = {f[0].x, f[0].y};
    if (v.tool == Tool::Window) return dragWindow(pane, dx, dy);
    carried += dy;
    while (std::fabs(carried) >= step) {
      pane.index = std::clamp(pane.index + (carried > 0 ? 1 : -1), 0, n - 1);
      carried -= carried > 0 ? step : -step;
    }
  } else if (f.size() >= 2) {
    const Point a{f[0].x, f[0].y}, b{f[1].x, f[1].y};
    if (v.twoFingers == static_cast<int>(TwoFingers::Undecided)) {
      v.twoFingers = static_cast<int>(classifyTwoFingers(v.twoStartA, v.twoStartB, a, b, 12 * ui::scale()));
      if (v.twoFingers == static_cast<int>(TwoFingers::Undecided)) return;  // not yet: nothing moves
    }
    if (v.twoFingers == static_cast<int>(TwoFingers::Window)) {
      // Side by side: the pair's midpoint drags the window (across: width, down: level).
      dragWindow(pane, (a.x + b.x - v.touchA.x - v.touchB.x) / 2, (a.y + b.y - v.touchA.y - v.touchB.y) / 2);
      v.touchA = a, v.touchB = b;
      return;
    }
    const double before = std::hypot(v.touchB.x - v.touchA.x, v.touchB.y - v.touchA.y);
    const double after = std::hypot(f[1].x - f[0].x, f[1].y - f[0].y);
    if (before > 1 && after > 1) pane.zoom = std::clamp(pane.zoom * after / before, 0.25, 16.0);
    pane.pan.x += (f[0].x + f[1].x) / 2 - (v.touchA.x + v.touchB.x) / 2;
    pane.pan.y += (f[0].y + f[1].y) / 2 - (v.touchA.y + v.touchB.y) / 2;
    v.touchA = {f[0].x, f[0].y};
    v.touchB = {f[1].x, f[1].y};
  }
}

void drawLeaving(App& app) {
  ViewerPage& v = app.viewer;
  ui::inputText(app.t(T::BedsidePin), "##leave-pin", v.pinEntry, true, ImGui::IsWindowAppearing());
  if (ui::button(app.t(T::BedsideLeave)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter))) {
    if (v.pinEntry == v.pin) {
      v.bedside = false;
      v.settingPin = false;
      v.pin.clear();
      v.pinError.clear();
    } else {
      v.pinError = app.t(T::BedsidePinWrong);
    }
    v.pinEntry.clear();
  }
  ImGui::SameLine();
  if (ui::button(app.t(T::Cancel))) {
    v.settingPin = false;
    v.pinEntry.clear();
    v.pinError.clear();
  }
}

}  // namespace

bool acceptablePin(const char* pin) {
  const std::size_t n = std::strlen(pin);
  return n >= 4 && n <= 8 && std::all_of(pin, pin + n, [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

void startBedside(App& app) {
  ViewerPage& v = app.viewer;
  v.settingPin = true;
  v.pinEntry.clear();
  v.pinError.clear();
}

/// The PIN that will end the mode, asked on the viewer's page (drawn by the viewer screen).
void drawBedsidePinChoice(App& app) {
  ViewerPage& v = app.viewer;
  ui::text(app.t(T::BedsidePinPrompt));
  ImGui::SetNextItemWidth(200 * ui::scale());
  ui::inputText(app.t(T::BedsidePin), "##bedside-pin", v.pinEntry, true, ImGui::IsWindowAppearing());
  if (ui::button(app.t(T::BedsideStart))) {
    if (acceptablePin(v.pinEntry.c_str())) {
      v.pin = v.pinEntry;
      v.bedside = true;
      v.settingPin = false;
      v.comparing = false;  // one series at a time
      v.active = 0;
      v.tool = Tool::Length;  // not the window: one finger scrolls
      v.placing.clear();
      v.pinError.clear();
    } else {
      v.pinError = app.t(T::BedsidePinRule);
    }
    v.pinEntry.clear();
  }
  ImGui::SameLine();
  if (ui::button(app.t(T::Cancel))) v.settingPin = false;
  if (!v.pinError.empty()) ui::textColored(ui::kError, v.pinError.c_str());
}

void drawBedsideScreen(App& app) {
  ViewerPage& v = app.viewer;
  Pane& pane = v.panes[0];
  const float s = ui::scale();
  ui::beginPage("##bedside", 0);
  ImGui::SetWindowFontScale(1.25f);  // large controls for a tablet held at arm's length
  if (v.settingPin) {
    drawLeaving(app);
  } else {
    const bool ct = pane.selected >= 0 && pane.series[static_cast<std::size_t>(pane.selected)].modality == "CT";
    if (ct)
      for (const Preset& p : kPresets) {
        if (ui::toggle(app.t(p.text), pane.center == p.center && pane.width == p.width)) {
          pane.center = p.center;
          pane.width = p.width;
          pane.windowSet = true;
      pane.voiLut = -1;
        }
        ImGui::SameLine();
      }
    if (ui::toggle(app.t(T::ToolWindow), v.tool == Tool::Window)) v.tool = v.tool == Tool::Window ? Tool::Length : Tool::Window;
    ImGui::SameLine();
    if (ui::button(app.t(T::ZoomFit))) pane.zoom = 1.0, pane.pan = {};
    ImGui::SameLine();
    if (ui::button(app.t(T::BedsideLeave))) {
      v.settingPin = true;  // asks for the PIN
      v.pinEntry.clear();
    }
  }
  if (!v.pinError.empty()) ui::textColored(ui::kError, v.pinError.c_str());
  ImGui::SetWindowFontScale(1.0f);
  const ImVec2 top = ImGui::GetCursorScreenPos(), avail = ImGui::GetContentRegionAvail();
  const float sliderH = ImGui::GetFrameHeightWithSpacing();
  drawImagePane(app, 0, top.x, top.y, avail.x, std::max(120.0f * s, avail.y - sliderH));
  if (!v.settingPin) followFingers(v, pane, top.y);
  ui::endPage(false);
}

}  // namespace renkei::app
