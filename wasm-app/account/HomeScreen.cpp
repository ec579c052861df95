// SPDX-License-Identifier: MIT
// Home: who is signed in, for which facility and role, and until when the password is valid.
// The screens start from here: patients for everyone; facilities, users, the audit log and the held
// studies for the office.
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
  if (ui::button(app.t(T::Patients), 240.0f * s)) app.openPatientList();
  ImGui::SameLine();
  // Exam bookings: a clinic's own requests; for the hospital, the queue of requests to confirm.
  if (app.user.role == "clinic" && ui::button(app.t(T::BookingsMenu), 240.0f * s)) app.openBookings(false);
  if (app.user.role != "clinic" && ui::button(app.t(T::BookingQueue), 240.0f * s)) app.openBookings(true);
  ImGui::SameLine();
  if (ui::button(app.t(T::MessagesMenu))) app.openInbox();
  ImGui::SameLine();
  if (ui::button(app.t(T::ChangePassword))) {
    app.passwordForm = PasswordForm{};
    app.screen = Screen::ChangePassword;
  }
  if (app.user.role == "admin") {  // the liaison office's own work, on a row of its own inside the panel
    const T office[] = {T::FacilitiesAndUsers, T::AuditLog, T::HeldStudies, T::ScheduleMenu};
    float w = 0.0f;  // one width for all, as wide as the longest label needs
    for (const T key : office) w = std::max(w, ImGui::CalcTextSize(app.t(key)).x);
    w += 2.0f * ImGui::GetStyle().FramePadding.x + 24.0f * s;
    for (const T key : office) {
      // On one row while they fit the panel, then on the next.
      const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
      if (key != office[0] && ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + w <= right) ImGui::SameLine();
      if (ui::button(app.t(key), w)) {
        if (key == T::FacilitiesAndUsers) app.openFacilities();
        else if (key == T::AuditLog) app.openAudit();
        else if (key == T::HeldStudies) app.openHeldStudies();
        else app.openSchedule();
      }
    }
  }
  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_Text, ui::kMuted);
  ui::textWrapped(app.t(T::HomeLaterReleases));
  ImGui::PopStyleColor();
  ImGui::End();
}

bool beginOfficePage(App& app, const char* id, T title) {
  drawSignedInBar(app);
  ui::beginPage(id, app.barHeight);
  if (ui::button(app.t(T::Back))) {
    app.screen = Screen::Home;
    ui::endPage();
    return false;
  }
  pageTitle(app, title);
  return true;
}

void pageTitle(App& app, T key) {
  const bool inFont = app.titleFont && std::find(std::begin(kPageTitles), std::end(kPageTitles), key) != std::end(kPageTitles);
  if (inFont) ImGui::PushFont(app.titleFont);
  else ui::heading(app.t(key));  // its glyphs are not in the title font: never '?'
  if (inFont) {
    ui::text(app.t(key));
    ImGui::PopFont();
  }
}

}  // namespace renkei::app
