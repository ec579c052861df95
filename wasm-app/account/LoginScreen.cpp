// SPDX-License-Identifier: MIT
// The login screen: user id, password, language switch, and the server's version underneath.
// The server decides everything about a login; this screen only sends it and shows the answer.
#include <imgui.h>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "wasm-app/App.h"
#include "wasm-app/ErrorMessage.h"
#include "wasm-app/Ui.h"
#include "wasm-app/platform/Http.h"

namespace renkei::app {
namespace {

using ui::kError;
using ui::kMuted;
using ui::kOk;

void submit(App& app) {
  LoginForm& f = app.login;
  if (f.userId.empty() || f.password.empty()) {
    f.error = app.t(T::FillBothFields);
    return;
  }
  if (f.askTotp && f.totp.empty()) {
    f.error = app.t(T::TotpAsk);
    return;
  }
  f.busy = true;
  f.error.clear();
  nlohmann::json body{{"user", f.userId}, {"password", f.password}};
  if (f.askTotp) body["totp"] = f.totp;
  httpPostJson("/api/v1/session", body.dump(), [&app](const HttpResponse& r) {
    LoginForm& form = app.login;
    form.busy = false;
    form.totp.clear();
    const auto code = errorOf(r.body);
    if (r.status == 401 && (code == Error::TotpRequired || (code == Error::InvalidTotp && form.askTotp))) {
      // The password was right: keep it only until the code is sent with it.
      form.askTotp = true;
      form.focusTotp = true;
      form.error = code == Error::TotpRequired ? "" : serverErrorText(app, r.status, r.body);
      return;
    }
    form.password.clear();  // never keep a password longer than the request
    form.askTotp = false;
    if (r.status == 200) {
      app.signIn(r.body);
    } else {
      form.error = serverErrorText(app, r.status, r.body);
    }
  });
}

void languageSwitch(App& app) {
  const float s = ui::scale();
  ImGui::AlignTextToFramePadding();
  ui::text(app.t(T::Language));
  ImGui::SameLine();
  const bool ja = app.language == Language::Japanese;
  ImGui::PushStyleColor(ImGuiCol_Button, ja ? ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive) : ImGui::GetStyleColorVec4(ImGuiCol_Button));
  if (ui::button("日本語", 96 * s)) app.setLanguage(Language::Japanese);
  ImGui::PopStyleColor();
  ImGui::SameLine();
  ImGui::PushStyleColor(ImGuiCol_Button, !ja ? ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive) : ImGui::GetStyleColorVec4(ImGuiCol_Button));
  if (ui::button("English", 96 * s)) app.setLanguage(Language::English);
  ImGui::PopStyleColor();
}

}  // namespace

void drawLoginScreen(App& app) {
  const float s = ui::scale();
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const float width = std::min(480.0f * s, display.x - 32.0f * s);
  ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.45f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(width, 0.0f), ImGuiCond_Always);  // height 0: fit the content
  ImGui::Begin("##login", nullptr,
               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings);

  if (app.titleFont) ImGui::PushFont(app.titleFont);
  ui::text(app.t(T::AppTitle));
  if (app.titleFont) ImGui::PopFont();
  ImGui::PushStyleColor(ImGuiCol_Text, kMuted);
  ui::textWrapped(app.t(T::AppSubtitle));
  ImGui::PopStyleColor();
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::Spacing();

  LoginForm& f = app.login;
  ImGui::BeginDisabled(f.busy);
  bool enter = ui::inputText(app.t(T::UserId), "##user", f.userId, false, f.focusUserId);
  f.focusUserId = false;
  enter |= ui::inputText(app.t(T::Password), "##password", f.password, true);
  if (f.askTotp) {
    ui::textColored(ui::kMuted, app.t(T::TotpAsk));
    enter |= ui::inputText(app.t(T::TotpCode), "##totp", f.totp, false, f.focusTotp);
    f.focusTotp = false;
  }
  ImGui::Spacing();
  if (ui::button(f.busy ? app.t(T::LoggingIn) : app.t(T::LogIn), -1.0f) || enter) submit(app);
  ImGui::EndDisabled();
  if (!f.error.empty()) ui::textColored(kError, f.error.c_str());

  ImGui::Spacing();
  ImGui::PushStyleColor(ImGuiCol_Text, kMuted);
  ui::textWrapped(app.t(T::PersonalIdNotice));
  ImGui::PopStyleColor();
  ImGui::Spacing();
  ImGui::Separator();
  languageSwitch(app);
  ImGui::End();

  // The server line at the bottom of the page.
  const ServerHealth& h = app.health;
  std::string line;
  ImVec4 color = kMuted;
  switch (h.status) {
    case ServerHealth::Status::Checking: line = app.t(T::ServerChecking); break;
    case ServerHealth::Status::Unreachable: line = app.t(T::ServerUnreachable); color = kError; break;
    case ServerHealth::Status::Connected:
      line = std::string(app.t(T::ServerConnected)) + " — Renkei " + h.version + " (" + h.commit + ")";
      color = kOk;
      break;
  }
  ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y - 12.0f * s), ImGuiCond_Always, ImVec2(0.5f, 1.0f));
  ImGui::Begin("##server", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_AlwaysAutoResize |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoInputs);
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  ui::text(line.c_str());
  ImGui::PopStyleColor();
  ImGui::End();
}

}  // namespace renkei::app
