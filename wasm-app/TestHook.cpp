// SPDX-License-Identifier: MIT
// The test hook: browser tests cannot read text inside a canvas, so the app reports what it shows.
// `renkei_test_state()` returns JSON: the screen, language, frame count, the labels drawn in the
// last frame, the server status and the login form's visible fields (never the password, only
// its length), the signed-in user and the password form's messages.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>

#include "wasm-app/App.h"
#include "wasm-app/TestHook.h"
#include "wasm-app/platform/Fault.h"
#include "wasm-app/platform/TextInput.h"
#include "wasm-app/Ui.h"

namespace {
const char* screenName(renkei::app::Screen s) {
  switch (s) {
    case renkei::app::Screen::Login: return "login";
    case renkei::app::Screen::Home: return "home";
    case renkei::app::Screen::ChangePassword: return "password";
    case renkei::app::Screen::TwoFactorSetup: return "two-factor";
    case renkei::app::Screen::Patients: return "patients";
    case renkei::app::Screen::Patient: return "patient";
    case renkei::app::Screen::Viewer: return "viewer";
    case renkei::app::Screen::Facilities: return "facilities";
    case renkei::app::Screen::Audit: return "audit";
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

std::string renkei::app::testState() {
  using namespace renkei::app;
  const App& app = theApp();
  nlohmann::json labels = nlohmann::json::array(), widgets = nlohmann::json::array();
  for (const ui::Drawn& d : ui::visibleLabels()) {
    labels.push_back(d.text);
    widgets.push_back({{"text", d.text}, {"x", d.x}, {"y", d.y}, {"w", d.w}, {"h", d.h}, {"input", d.input}, {"active", d.active}, {"length", d.length}, {"top", d.windowTop}, {"bottom", d.windowBottom}});
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
  // Patient data as the app holds it (tests check that only the allowed data arrived, and that it
  // is gone after log-out).
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& p : app.patients.rows) rows.push_back({{"id", p.id}, {"name", p.name}, {"newItems", p.newItems}});
  nlohmann::json trends = nlohmann::json::array();
  for (const auto& t : app.page.trends) trends.push_back({{"code", t.code}, {"name", t.name}, {"points", t.points.size()}});
  nlohmann::json studies = nlohmann::json::array();
  for (const auto& s : app.page.studies)
    studies.push_back({{"uid", s.uid}, {"date", s.date}, {"modalities", s.modalities}, {"instances", s.instances}, {"reports", s.reports.size()}});
  nlohmann::json docs = nlohmann::json::array();
  for (const auto& d : app.page.documents) docs.push_back({{"id", d.id}, {"title", d.title}, {"date", d.date}});
  j["patients"] = {{"loading", app.patients.loading}, {"rows", rows}, {"error", app.patients.error}};
  static const char* kTabs[] = {"timeline", "labs", "trends", "documents", "consents"};
  j["textInput"] = renkei::app::textInputFocused();
  j["page"] = {{"id", app.page.patient.id},
               {"tab", kTabs[static_cast<int>(app.page.tab)]},
               {"name", app.page.patient.name},
               {"visibleFrom", app.page.patient.visibleFrom},
               {"loading", app.page.loading || app.page.labsLoading || app.page.trendsLoading || app.page.documentsLoading ||
                               app.page.studiesLoading},
               {"error", app.page.error},
               {"labTimes", app.page.labs.times},
               {"labRows", app.page.labs.rows.size()},
               {"trends", trends},
               {"selectedTrend", app.page.selectedTrend},
               {"documents", docs},
               {"studies", studies},
               {"document", {{"id", app.page.document.id}, {"title", app.page.document.title}, {"loading", app.page.document.loading}}}};
  // The office's screens: what the server answered (tests compare it with the API).
  nlohmann::json users = nlohmann::json::array();
  for (const auto& u : app.office.users)
    users.push_back({{"id", u.id}, {"facility", u.facility}, {"status", u.status}, {"role", u.role},
                     {"training", u.trainingDoneOn}, {"twoFactor", u.twoFactor}});
  nlohmann::json facilities = nlohmann::json::array();
  for (const auto& f : app.office.facilities) facilities.push_back({{"id", f.id}, {"active", f.active}});
  // The temporary password is on screen for the office to hand over; the hook reports that one is
  // shown (tests read it from the API answer they intercept), never the value.
  j["office"] = {{"loading", app.office.loading}, {"error", app.office.error}, {"notice", app.office.notice},
                 {"facilities", facilities}, {"users", users}, {"selectedFacility", app.office.selectedFacility},
                 {"selectedUser", app.office.selectedUser}, {"temporaryShown", !app.office.temporaryPassword.empty()},
                 {"userFormError", app.office.userForm.error}};
  nlohmann::json consents = nlohmann::json::array();
  for (const auto& c : app.page.consents.consents)
    consents.push_back({{"id", c.id}, {"grantee", c.granteeId}, {"signedOn", c.signedOn}, {"withdrawnOn", c.withdrawnOn}});
  j["consents"] = {{"loading", app.page.consents.loading}, {"busy", app.page.consents.busy}, {"error", app.page.consents.error},
                   {"notice", app.page.consents.notice}, {"rows", consents}, {"scanName", app.page.consents.scanName},
                   {"scanBytes", app.page.consents.scanBytes.size()}};
  nlohmann::json records = nlohmann::json::array();
  for (const auto& r : app.audit.records)
    records.push_back({{"seq", r.seq}, {"user", r.user}, {"action", r.action}, {"patient", r.patient}, {"outcome", r.outcome}});
  j["audit"] = {{"loading", app.audit.loading}, {"exporting", app.audit.exporting}, {"error", app.audit.error},
                {"notice", app.audit.notice}, {"offset", app.audit.offset}, {"more", app.audit.more}, {"records", records}};
  const ViewerPage& v = app.viewer;
  j["viewer"] = {{"study", v.studyUid}, {"series", v.series.size()}, {"selected", v.selected}, {"images", v.images.size()},
                 {"index", v.index}, {"arrived", v.arrived}, {"requested", v.requested}, {"center", v.center},
                 {"width", v.width}, {"firstFrameMs", v.firstFrameMs}, {"error", v.error},
                 {"frameShown", v.textureIndex == v.index && v.textureIndex >= 0 && v.textureInvert == v.invert},
                 {"zoom", v.zoom}, {"fitScale", v.fitScale}, {"invert", v.invert}, {"pan", {v.panX, v.panY}},
                 {"transferSyntax", v.frames.count(v.index) ? v.frames.at(v.index).transferSyntax : ""},
                 {"frameErrors", std::count_if(v.frames.begin(), v.frames.end(), [](const auto& f) { return !f.second.error.empty(); })}};
  j["fault"] = {{"count", faultCount()}, {"text", lastFault()}};
  return j.dump();
}
