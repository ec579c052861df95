// SPDX-License-Identifier: MIT
// The test hook: browser tests cannot read text inside a canvas, so the app reports what it shows.
// `renkei_test_state()` returns JSON: the screen, language, frame count, the labels drawn in the
// last frame, the server status and the login form's visible fields (never the password, only
// its length), the signed-in user and the password form's messages.
#include <emscripten.h>

#include <nlohmann/json.hpp>

#include <string>

#include "wasm-app/App.h"
#include "wasm-app/Ui.h"

namespace {
const char* screenName(renkei::app::Screen s) {
  switch (s) {
    case renkei::app::Screen::Login: return "login";
    case renkei::app::Screen::Home: return "home";
    case renkei::app::Screen::ChangePassword: return "password";
    case renkei::app::Screen::TwoFactorSetup: return "two-factor";
  }
  return "unknown";
}
const char* healthName(renkei::app::ServerHealth::Status s) {
  using S = renkei::app::ServerHealth::Status;
  switch (s) {
    case S::Checking: return "checking";
    case S::Connected: return "connected";
    case S::Unreachable: return "unreachable";
  }
  return "unknown";
}
}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE const char* renkei_test_state() {
  using namespace renkei::app;
  static std::string out;  // valid until the next call; the JS side copies it at once
  const App& app = theApp();
  nlohmann::json labels = nlohmann::json::array(), widgets = nlohmann::json::array();
  for (const ui::Drawn& d : ui::visibleLabels()) {
    labels.push_back(d.text);
    widgets.push_back({{"text", d.text}, {"x", d.x}, {"y", d.y}, {"w", d.w}, {"h", d.h}, {"input", d.input}, {"active", d.active}, {"length", d.length}});
  }
  nlohmann::json j{
      {"screen", screenName(app.screen)},
      {"language", languageCode(app.language)},
      {"frames", app.frames},
      {"labels", labels},
      {"widgets", widgets},
      {"scale", ui::scale()},
      {"server", {{"status", healthName(app.health.status)}, {"version", app.health.version}}},
      {"login",
       {{"userId", app.login.userId}, {"passwordLength", app.login.password.size()}, {"error", app.login.error},
        {"busy", app.login.busy}, {"askTotp", app.login.askTotp}, {"totpLength", app.login.totp.size()}}},
      {"idle",
       {{"phase", app.idle.phase == renkei::IdleState::Phase::Warning   ? "warning"
                  : app.idle.phase == renkei::IdleState::Phase::Expired ? "expired"
                                                                         : "active"},
        {"secondsLeft", app.idle.secondsLeft}}},
      {"twoFactor",
       {{"qrSize", app.twoFactor.qrRows.size()}, {"secret", app.twoFactor.secret}, {"error", app.twoFactor.error},
        {"recoveryCodes", app.twoFactor.recoveryCodes}}},
      {"user",
       {{"id", app.user.userId}, {"name", app.user.name}, {"role", app.user.role},
        {"passwordState", app.user.passwordState}, {"passwordDaysLeft", app.user.passwordDaysLeft}}},
      {"passwordForm",
       {{"error", app.passwordForm.error}, {"notice", app.passwordForm.notice}, {"busy", app.passwordForm.busy},
        {"currentLength", app.passwordForm.current.size()}, {"newLength", app.passwordForm.fresh.size()},
        {"repeatLength", app.passwordForm.repeat.size()}}},
  };
  out = j.dump();
  return out.c_str();
}
