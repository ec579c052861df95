// SPDX-License-Identifier: MIT
// The fault banner: an error the app caught at its edge (platform/Fault.h) shown at the bottom of
// any screen, so that nothing fails silently; the user may close it.
#include <imgui.h>

#include <algorithm>

#include "wasm-app/App.h"
#include "wasm-app/Ui.h"
#include "wasm-app/platform/Fault.h"

namespace renkei::app {

void drawFaultBanner(App& app) {
  const float s = ui::scale();
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const float width = std::min(720.0f * s, display.x - 16.0f * s);
  ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y - 8.0f * s), ImGuiCond_Always, ImVec2(0.5f, 1.0f));
  ImGui::SetNextWindowSize(ImVec2(width, 0.0f), ImGuiCond_Always);
  ImGui::Begin("##fault", nullptr,
               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing);
  ui::textColored(ui::kError, textf(T::AppFault, app.language, lastFault().c_str()).c_str());
  if (ui::button(app.t(T::Close))) clearFault();
  ImGui::End();
}

}  // namespace renkei::app
