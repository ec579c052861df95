// SPDX-License-Identifier: MIT
#include "wasm-app/App.h"

#include <nlohmann/json.hpp>

#include "wasm-app/ErrorMessage.h"
#include "wasm-app/ServerAnswer.h"
#include "wasm-app/Ui.h"
#include "wasm-app/platform/Browser.h"
#include "wasm-app/platform/Fault.h"
#include "wasm-app/platform/Http.h"

namespace renkei::app {

App& theApp() {
  static App app;
  return app;
}

namespace {
void applyLanguage(App& app, Language lang) {
  app.language = lang;
  savePreference("language", languageCode(lang));
  setDocumentLanguage(languageCode(lang));
}
}  // namespace

void App::start() {
  // Japanese by default (the hospital's users); English when the user chose it before.
  requestedLanguage = loadPreference("language") == "en" ? Language::English : Language::Japanese;
  applyLanguage(*this, requestedLanguage);
  httpGet("/api/v1/health", [this](const HttpResponse& r) {
    if (r.status != 200) {
      health.status = ServerHealth::Status::Unreachable;
      return;
    }
    const auto j = nlohmann::json::parse(r.body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      health.status = ServerHealth::Status::Unreachable;
      return;
    }
    health.status = ServerHealth::Status::Connected;
    health.version = j.value("version", "");
    if (j.contains("build") && j["build"].is_object()) health.commit = j["build"].value("commit", "");
    if (j.contains("database") && j["database"].is_object()) health.schemaVersion = j["database"].value("schema_version", -1);
  });
}

void App::signIn(const std::string& sessionJson) {
  const auto j = nlohmann::json::parse(sessionJson, nullptr, false);
  if (j.is_discarded() || !j.contains("user") || !j["user"].is_object()) {
    login.error = t(T::LoginFailed);
    return;
  }
  const auto& u = j["user"];
  user = SignedIn{};
  user.userId = u.value("id", "");
  user.name = u.value("name", "");
  user.role = u.value("role", "");
  user.facility = u.value("facility_name", "");
  if (user.facility.empty()) user.facility = u.value("facility", "");
  if (j.contains("password") && j["password"].is_object()) {
    user.passwordState = j["password"].value("state", "");
    user.passwordDaysLeft = j["password"].value("days_left", 0);
    user.passwordExpiresOn = j["password"].value("expires_on", "");
  }
  if (j.contains("session") && j["session"].is_object()) user.idleSeconds = j["session"].value("idle_seconds", 0);
  if (j.contains("two_factor") && j["two_factor"].is_object()) {
    user.totpEnrolled = j["two_factor"].value("enrolled", false);
    user.totpRequired = j["two_factor"].value("required", false);
    user.recoveryCodesLeft = j["two_factor"].value("recovery_codes_left", 0);
  }
  setCsrfToken(j.value("csrf_token", ""));
  login = LoginForm{};
  login.userId = user.userId;
  showNextStep();
}

void App::showNextStep() {
  if (user.passwordState == "must_change") {
    passwordForm = PasswordForm{};
    screen = Screen::ChangePassword;
  } else if (user.totpRequired && !user.totpEnrolled) {
    twoFactor = TwoFactorForm{};
    screen = Screen::TwoFactorSetup;
  } else {
    screen = Screen::Home;
  }
}

void App::signOut(const char* reason) {
  // Patient data leaves memory with the session (R-SES-1): nothing of it survives a log-out.
  patients = PatientList{};
  page = PatientPage{};
  releaseViewer(*this);
  office = FacilitiesPage{};
  audit = AuditPage{};
  held = HeldStudiesPage{};
  booking = BookingPage{};
  bookings = BookingListPage{};
  schedule = SchedulePage{};
  releaseMessages(*this);
  user = SignedIn{};
  passwordForm = PasswordForm{};
  twoFactor = TwoFactorForm{};
  setCsrfToken("");
  const std::string keepId = login.userId;
  login = LoginForm{};
  login.userId = keepId;
  login.focusUserId = false;
  login.error = reason;
  screen = Screen::Login;
}

void App::stayLoggedIn() {
  httpGet("/api/v1/session", [this](const HttpResponse& r) {
    if (r.status == 401) signOut(sessionEndText(*this, r).c_str());
  });
}

void App::logOut() {
  httpDelete("/api/v1/session", [this](const HttpResponse&) { signOut(); });
}

std::string serverErrorText(const App& app, int status, const std::string& body) {
  return errorMessage(app.language, status, body);
}

void App::frame() {
  ++frames;
  if (requestedLanguage != language) applyLanguage(*this, requestedLanguage);
  ui::beginFrame();
  if (screen != Screen::Login) {
    // The server counts whole seconds from when a request reached it: the app's clock runs 2 s
    // behind it, so that the app never shows "logged out" while the server still holds the session.
    idle = idleState(secondsSinceSessionRequest() - 2.0, user.idleSeconds);
    if (idle.phase == IdleState::Phase::Expired) signOut(t(T::SessionEnded));  // the server has ended it too
    else if (!user.userId.empty() && screen != Screen::ChangePassword && screen != Screen::TwoFactorSetup) pollUnread();
  }
  switch (screen) {
    case Screen::Login: drawLoginScreen(*this); break;
    case Screen::Home: drawHomeScreen(*this); break;
    case Screen::ChangePassword: drawPasswordScreen(*this); break;
    case Screen::TwoFactorSetup: drawTwoFactorScreen(*this); break;
    case Screen::Patients: drawPatientListScreen(*this); break;
    case Screen::Patient: drawPatientScreen(*this); break;
    case Screen::Viewer: drawViewerScreen(*this); break;
    case Screen::Facilities: drawFacilitiesScreen(*this); break;
    case Screen::Audit: drawAuditScreen(*this); break;
    case Screen::HeldStudies: drawHeldStudiesScreen(*this); break;
    case Screen::Booking: drawBookingScreen(*this); break;
    case Screen::Bookings: drawBookingListScreen(*this); break;
    case Screen::Schedule: drawScheduleScreen(*this); break;
    case Screen::Inbox: drawInboxScreen(*this); break;
    case Screen::Thread: drawThreadScreen(*this); break;
  }
  if (screen != Screen::Login && idle.phase == IdleState::Phase::Warning) drawIdleWarning(*this);
  if (!lastFault().empty()) drawFaultBanner(*this);
}

}  // namespace renkei::app
