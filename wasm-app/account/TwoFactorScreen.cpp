// SPDX-License-Identifier: MIT
// Setting up two-factor log-in (R-PW-6). The server makes the secret and its QR code (as module
// rows); the app draws the modules as squares, takes the first code, then shows the recovery codes
// once. For roles that must use two factors, nothing else opens until this is done.
#include <imgui.h>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "wasm-app/App.h"
#include "wasm-app/Ui.h"
#include "wasm-app/platform/Http.h"

namespace renkei::app {
namespace {

void requestEnrolment(App& app) {
  app.twoFactor.loading = true;
  httpPostJson("/api/v1/totp/enrolment", "{}", [&app](const HttpResponse& r) {
    TwoFactorForm& f = app.twoFactor;
    f.loading = false;
    if (r.status == 401) return app.signOut(serverErrorText(app, r.status, r.body).c_str());
    const auto j = nlohmann::json::parse(r.body, nullptr, false);
    if (r.status != 200 || j.is_discarded() || !j.contains("qr")) {
      f.error = serverErrorText(app, r.status, r.body);
      return;
    }
    f.secret = j.value("secret", "");
    f.qrRows.clear();
    for (const auto& row : j["qr"].value("rows", nlohmann::json::array()))
      if (row.is_string()) f.qrRows.push_back(row.get<std::string>());
  });
}

void confirm(App& app) {
  TwoFactorForm& f = app.twoFactor;
  if (f.code.empty()) {
    f.error = app.t(T::TotpAsk);
    return;
  }
  f.busy = true;
  f.error.clear();
  httpPostJson("/api/v1/totp/confirm", nlohmann::json{{"code", f.code}}.dump(), [&app](const HttpResponse& r) {
    TwoFactorForm& form = app.twoFactor;
    form.busy = false;
    form.code.clear();
    if (r.status == 401) return app.signOut(serverErrorText(app, r.status, r.body).c_str());
    const auto j = nlohmann::json::parse(r.body, nullptr, false);
    if (r.status != 200 || j.is_discarded() || !j.contains("recovery_codes")) {
      form.error = serverErrorText(app, r.status, r.body);
      return;
    }
    for (const auto& c : j["recovery_codes"])
      if (c.is_string()) form.recoveryCodes.push_back(c.get<std::string>());
    form.secret.clear();  // not needed any more
    form.qrRows.clear();
    app.user.totpEnrolled = true;
    app.user.recoveryCodesLeft = static_cast<int>(form.recoveryCodes.size());
  });
}

/// The QR code as dark squares on white with the 4-module quiet zone the standard asks for.
void drawQr(const std::vector<std::string>& rows, float side) {
  const int n = static_cast<int>(rows.size());
  const float module = std::floor(side / static_cast<float>(n + 8));
  const float total = module * static_cast<float>(n + 8);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(origin, ImVec2(origin.x + total, origin.y + total), IM_COL32_WHITE);
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n && x < static_cast<int>(rows[static_cast<size_t>(y)].size()); ++x)
      if (rows[static_cast<size_t>(y)][static_cast<size_t>(x)] == '1') {
        const ImVec2 a(origin.x + module * static_cast<float>(x + 4), origin.y + module * static_cast<float>(y + 4));
        draw->AddRectFilled(a, ImVec2(a.x + module, a.y + module), IM_COL32_BLACK);
      }
  ImGui::Dummy(ImVec2(total, total));
}

}  // namespace

void drawTwoFactorScreen(App& app) {
  drawSignedInBar(app);
  TwoFactorForm& f = app.twoFactor;
  const float s = ui::scale();
  ui::beginPanel("##twofactor", app.barHeight + 16.0f * s, 560.0f);
  ui::text(app.t(T::TwoFactorHeading));
  ImGui::Separator();

  if (!f.recoveryCodes.empty()) {
    ui::textColored(ui::kOk, app.t(T::TwoFactorDone));
    ui::textWrapped(app.t(T::RecoveryCodesNotice));
    ImGui::Spacing();
    for (const std::string& c : f.recoveryCodes) ui::text(c.c_str());
    ImGui::Spacing();
    if (ui::button(app.t(T::Continue), -1.0f)) {
      f = TwoFactorForm{};
      app.showNextStep();
    }
    ImGui::End();
    return;
  }

  if (app.user.totpRequired) ui::textColored(ui::kWarning, app.t(T::TwoFactorRequiredNotice));
  if (f.qrRows.empty()) {
    if (!f.loading && f.error.empty()) requestEnrolment(app);
    ui::text(app.t(T::TwoFactorLoading));
  } else {
    ui::textWrapped(app.t(T::TwoFactorScan));
    const float side = std::min(240.0f * s, ImGui::GetContentRegionAvail().x);
    ImGui::SetCursorPosX((ImGui::GetWindowWidth() - side) * 0.5f);
    drawQr(f.qrRows, side);
    ImGui::PushStyleColor(ImGuiCol_Text, ui::kMuted);
    ui::textWrapped(app.t(T::TwoFactorSecret));
    ImGui::PopStyleColor();
    std::string grouped;  // "ABCD EFGH …" is easier to type
    for (size_t i = 0; i < f.secret.size(); ++i) grouped += (i && i % 4 == 0 ? " " : "") + f.secret.substr(i, 1);
    ui::text(grouped.c_str());
    ImGui::Spacing();
    ImGui::BeginDisabled(f.busy);
    const bool enter = ui::inputText(app.t(T::TotpCode), "##code", f.code, false, f.focusCode);
    f.focusCode = false;
    if (ui::button(app.t(T::TwoFactorConfirm), -1.0f) || enter) confirm(app);
    ImGui::EndDisabled();
  }
  if (!f.error.empty()) ui::textColored(ui::kError, f.error.c_str());
  ImGui::End();
}

}  // namespace renkei::app
