// SPDX-License-Identifier: MIT
// The bar at the top of every signed-in screen: the person signed in, their role and facility, the
// password-expiry warning with days left (R-PW-3), and log-out (R-SES-1).
#include <imgui.h>

#include <algorithm>

#include "wasm-app/App.h"
#include "wasm-app/Ui.h"

namespace renkei::app {

const char* roleText(const App& app, const std::string& role) {
  if (role == "admin") return app.t(T::RoleAdmin);
  if (role == "staff") return app.t(T::RoleStaff);
  return app.t(T::RoleClinic);
}

void drawSignedInBar(App& app) {
  const float s = ui::scale();
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const bool warn = app.user.passwordState == "warning";
  ImGui::SetNextWindowPos(ImVec2(0, 0), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(display.x, 0.0f), ImGuiCond_Always);
  ImGui::Begin("##bar", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_AlwaysAutoResize);
  if (app.titleFont) ImGui::PushFont(app.titleFont);
  ImGui::AlignTextToFramePadding();
  ui::text(app.t(T::AppTitle));
  if (app.titleFont) ImGui::PopFont();
  ImGui::SameLine(0.0f, 24.0f * s);
  ImGui::AlignTextToFramePadding();
  const std::string who = textf(T::SignedInAs, app.language, app.user.name.c_str()) + " (" +
                          roleText(app, app.user.role) + ")";
  ui::text(who.c_str());
  if (app.unreadMessages > 0) {  // new messages, one tap from every screen (R-MSG-1)
    ImGui::SameLine(0.0f, 16.0f * s);
    ImGui::PushStyleColor(ImGuiCol_Text, ui::kError);
    if (ui::button(textf(T::UnreadBadge, app.language, app.unreadMessages).c_str())) app.openInbox();
    ImGui::PopStyleColor();
  }
  const float logOutWidth = 140.0f * s, languageWidth = 110.0f * s;
  // The other language, one tap away on every screen (the choice persists, App::start).
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - logOutWidth - languageWidth - ImGui::GetStyle().ItemSpacing.x);
  const bool ja = app.language == Language::Japanese;
  if (ui::button(ja ? "English" : "日本語", languageWidth)) app.setLanguage(ja ? Language::English : Language::Japanese);
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - logOutWidth);
  if (ui::button(app.t(T::LogOut), logOutWidth)) app.logOut();
  if (warn) {
    ImGui::Separator();
    ui::textColored(ui::kWarning, textf(T::PasswordWarning, app.language, app.user.passwordDaysLeft).c_str());
    ImGui::SameLine();
    if (ui::button(app.t(T::ChangePassword))) {
      app.passwordForm = PasswordForm{};
      app.screen = Screen::ChangePassword;
    }
  }
  app.barHeight = ImGui::GetWindowHeight();
  ImGui::End();
}

void drawIdleWarning(App& app) {
  const float s = ui::scale();
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  // A dimmed sheet over the screen: the warning is the one thing to answer, like a modal.
  ImGui::SetNextWindowPos(ImVec2(0, 0), ImGuiCond_Always);
  ImGui::SetNextWindowSize(display, ImGuiCond_Always);
  ImGui::PushStyleColor(ImGuiCol_WindowBg, ImVec4(0.10f, 0.12f, 0.16f, 0.45f));
  ImGui::Begin("##idle-dim", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoFocusOnAppearing);
  ImGui::End();
  ImGui::PopStyleColor();
  ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.4f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(std::min(540.0f * s, display.x - 32.0f * s), 0.0f), ImGuiCond_Always);
  ImGui::SetNextWindowFocus();
  ImGui::Begin("##idle", nullptr,
               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings);
  ui::textColored(ui::kWarning, textf(T::IdleWarning, app.language, app.idle.secondsLeft).c_str());
  ImGui::Spacing();
  if (ui::button(app.t(T::StayLoggedIn), 220.0f * s)) app.stayLoggedIn();
  ImGui::SameLine();
  if (ui::button(app.t(T::LogOut), -1.0f)) app.logOut();
  ImGui::End();
}

}  // namespace renkei::app
