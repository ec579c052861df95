// SPDX-License-Identifier: MIT
// Changing the password (R-PW-2, R-PW-4, R-PW-5). While the user types, core::PasswordPolicy — the
// same rules the server applies — lists what is wrong with the new password; the server still
// decides, and adds what only it can check (the current password, the history of previous ones).
// A temporary (re-issued) password leads here straight after log-in, with no way around it.
#include <imgui.h>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/password/PasswordPolicy.h"
#include "wasm-app/App.h"
#include "wasm-app/Ui.h"
#include "wasm-app/platform/Http.h"

namespace renkei::app {
namespace {

const PasswordPolicy& policy() {
  static const PasswordPolicy p;
  return p;
}

std::string problemText(const App& app, PasswordProblem p) {
  switch (p) {
    case PasswordProblem::InvalidText: return app.t(T::ProblemInvalidText);
    case PasswordProblem::TooShort: return textf(T::ProblemTooShort, app.language, policy().minLength(false));
    case PasswordProblem::TooLong: return textf(T::ProblemTooLong, app.language, policy().maxLength());
    case PasswordProblem::Common: return app.t(T::ProblemCommon);
    case PasswordProblem::ContainsUserId: return app.t(T::ProblemContainsUserId);
    case PasswordProblem::TooFewCharacterKinds: return app.t(T::ProblemTooFewKinds);
    case PasswordProblem::TooRepetitive: return app.t(T::ProblemTooRepetitive);
  }
  return app.t(T::ProblemInvalidText);
}

void submit(App& app, const std::vector<PasswordProblem>& problems) {
  PasswordForm& f = app.passwordForm;
  f.notice.clear();
  if (f.current.empty() || f.fresh.empty() || f.repeat.empty()) {
    f.error = app.t(T::FillAllPasswordFields);
    return;
  }
  if (f.fresh != f.repeat) {
    f.error = app.t(T::PasswordsDiffer);
    return;
  }
  if (!problems.empty()) return;  // they are on screen already, under the field
  f.busy = true;
  f.error.clear();
  const nlohmann::json body{{"current", f.current}, {"new", f.fresh}};
  httpPostJson("/api/v1/password", body.dump(), [&app](const HttpResponse& r) {
    PasswordForm& form = app.passwordForm;
    form.busy = false;
    form.current.clear();  // never keep passwords longer than the request
    if (r.status == 200) {
      app.signIn(r.body);  // the server ended every session and issued a new one (R-SES-2)
      app.passwordForm = PasswordForm{};
      app.passwordForm.notice = app.t(T::PasswordChanged);
      return;
    }
    form.fresh.clear();
    form.repeat.clear();
    if (r.status == 401) {
      app.signOut(serverErrorText(app, r.status, r.body).c_str());
      return;
    }
    const auto j = nlohmann::json::parse(r.body, nullptr, false);
    const std::string code = !j.is_discarded() && j.contains("error") && j["error"].is_object()
                                 ? j["error"].value("code", "")
                                 : "";
    if (code == "invalid_credentials") form.error = app.t(T::CurrentPasswordWrong);
    else if (code == "password_policy") form.error = textf(T::PasswordRulesHint, app.language, policy().minLength(false));
    else form.error = serverErrorText(app, r.status, r.body);
  });
}

}  // namespace

void drawPasswordScreen(App& app) {
  const bool mustChange = app.user.passwordState == "must_change";
  drawSignedInBar(app);
  const float s = ui::scale();
  ui::beginPanel("##password", app.barHeight + 24.0f * s, 520.0f);
  PasswordForm& f = app.passwordForm;
  ui::text(app.t(T::ChangePassword));
  ImGui::Separator();
  if (mustChange) ui::textColored(ui::kWarning, app.t(T::MustChangeNotice));
  ImGui::PushStyleColor(ImGuiCol_Text, ui::kMuted);
  ui::textWrapped(textf(T::PasswordRulesHint, app.language, policy().minLength(false)).c_str());
  ImGui::PopStyleColor();

  ImGui::BeginDisabled(f.busy);
  bool enter = ui::inputText(app.t(T::CurrentPassword), "##current", f.current, true, f.focusCurrent);
  f.focusCurrent = false;
  enter |= ui::inputText(app.t(T::NewPassword), "##new", f.fresh, true);
  const auto problems = f.fresh.empty() ? std::vector<PasswordProblem>{}
                                        : policy().checkNewPassword(f.fresh, app.user.userId, false);
  for (PasswordProblem p : problems) ui::textColored(ui::kError, problemText(app, p).c_str());
  enter |= ui::inputText(app.t(T::RepeatPassword), "##repeat", f.repeat, true);
  ImGui::Spacing();
  if (ui::button(f.busy ? app.t(T::Saving) : app.t(T::Save), mustChange ? -1.0f : 200.0f * s) || enter)
    submit(app, problems);
  if (!mustChange) {
    ImGui::SameLine();
    if (ui::button(app.t(T::Back), -1.0f)) {
      f = PasswordForm{};
      app.screen = Screen::Home;
    }
  }
  ImGui::EndDisabled();
  if (!f.error.empty()) ui::textColored(ui::kError, f.error.c_str());
  ImGui::End();
}

}  // namespace renkei::app
