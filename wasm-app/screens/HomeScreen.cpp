// SPDX-License-Identifier: MIT
// Home: who is signed in, for which facility and role, and until when the password is valid.
// The clinical screens (patients, images, labs, bookings, messages) start from here as they land.
#include <imgui.h>

#include <algorithm>

#include "wasm-app/App.h"
#include "wasm-app/Ui.h"

namespace renkei::app {

void drawHomeScreen(App& app) {
  drawSignedInBar(app);
  const float s = ui::scale();
  ui::beginPanel("##home", app.barHeight + 24.0f * s, 640.0f);
  ui::text(app.t(T::HomeHeading));
  ImGui::Separator();
  if (!app.passwordForm.notice.empty()) ui::textColored(ui::kOk, app.passwordForm.notice.c_str());
  if (ImGui::BeginTable("##account", 2, ImGuiTableFlags_SizingFixedFit)) {
    const auto row = [&](const char* label, const std::string& value) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::PushStyleColor(ImGuiCol_Text, ui::kMuted);
      ui::text(label);
      ImGui::PopStyleColor();
      ImGui::TableNextColumn();
      ui::text(value.c_str());
    };
    row(app.t(T::UserId), app.user.userId);
    row(app.t(T::Role), roleText(app, app.user.role));
    row(app.t(T::Facility), app.user.facility);
    row(app.t(T::PasswordExpiresOn), app.user.passwordExpiresOn);
    ImGui::EndTable();
  }
  ImGui::Spacing();
  if (ui::button(app.t(T::ChangePassword))) {
    app.passwordForm = PasswordForm{};
    app.screen = Screen::ChangePassword;
  }
  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_Text, ui::kMuted);
  ui::textWrapped(app.t(T::HomeLaterReleases));
  ImGui::PopStyleColor();
  ImGui::End();
}

}  // namespace renkei::app
