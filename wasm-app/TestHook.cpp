// SPDX-License-Identifier: MIT
// The test hook: browser tests cannot read text inside a canvas, so the app reports what it shows.
// `renkei_test_state()` returns JSON: the screen, language, frame count, the labels drawn in the
// last frame, the server status and the login form's visible fields (never the password, only
// its length), the signed-in user and the password form's messages.
#include <imgui.h>
#include <imgui_internal.h>  // ImTextCharFromUtf8, ImTextCharToUtf8
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>
#include <string>

#include "wasm-app/App.h"
#include "wasm-app/TestHook.h"

#include "wasm-app/Glyphs.h"
#include "wasm-app/platform/Fault.h"
#include "wasm-app/platform/Redraw.h"
#include "wasm-app/platform/TextInput.h"
#include "wasm-app/Ui.h"
#include "wasm-app/viewer/Reading.h"

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
    case renkei::app::Screen::HeldStudies: return "held-studies";
    case renkei::app::Screen::Booking: return "booking";
    case renkei::app::Screen::Bookings: return "bookings";
    case renkei::app::Screen::Schedule: return "schedule";
    case renkei::app::Screen::Inbox: return "inbox";
    case renkei::app::Screen::Thread: return "thread";
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

const char* toolName(renkei::app::Tool t) {
  using renkei::app::Tool;
  switch (t) {
    case Tool::Window: return "window";
    case Tool::Length: return "length";
    case Tool::Angle: return "angle";
    case Tool::Rectangle: return "rectangle";
    case Tool::Ellipse: return "ellipse";
  }
  return "";
}

/// One pane of the viewer: what it shows, how, where its pixels are on screen (CSS pixels, as an
/// affine map image → screen: x' = a x + c y + e, y' = b x + d y + f), what was measured.
nlohmann::json paneState(const renkei::app::App& app, const renkei::app::Pane& p) {
  using namespace renkei::app;
  const float s = ui::scale();
  const ViewGeometry& g = p.geometry;
  const Point o = g.toScreen({0, 0}), ex = g.toScreen({1, 0}), ey = g.toScreen({0, 1});
  nlohmann::json measurements = nlohmann::json::array();
  const auto frame = p.frames.find(p.index);
  const std::string modality = p.selected >= 0 && p.selected < static_cast<int>(p.series.size()) ? p.series[static_cast<std::size_t>(p.selected)].modality : "";
  if (!p.images.empty() && frame != p.frames.end())
    for (const Measurement& m : p.measurements) {
      if (m.image != p.index) continue;
      const Reading r = readingOf(m, p.images[static_cast<std::size_t>(p.index)], frame->second, modality, app.language);
      nlohmann::json points = nlohmann::json::array();
      for (const Point& q : m.points) points.push_back({q.x, q.y});
      measurements.push_back({{"tool", toolName(m.tool)}, {"points", points}, {"value", r.value}, {"unit", r.unit}, {"text", r.text}, {"note", r.note},
                              {"pixels", r.stats.pixels}, {"sd", r.stats.sd}, {"min", r.stats.min}, {"max", r.stats.max}, {"area", r.stats.area}});
    }
  ScreenDirections d;
  if (!p.images.empty()) d = screenDirections(p.images[static_cast<std::size_t>(std::clamp(p.index, 0, static_cast<int>(p.images.size()) - 1))].orientation, g);
  return {{"study", p.studyUid}, {"series", p.series.size()}, {"selected", p.selected}, {"modality", modality}, {"images", p.images.size()},
          {"index", p.index}, {"arrived", p.arrived}, {"requested", p.requested}, {"evicted", p.evicted}, {"center", p.center},
          {"width", p.width}, {"voiLut", p.voiLut},
          {"voiLuts", p.images.empty() ? 0 : p.images[static_cast<std::size_t>(std::clamp(p.index, 0, static_cast<int>(p.images.size()) - 1))].voiLuts.size()},
          {"firstFrameMs", p.firstFrameMs}, {"error", p.error},
          {"frameShown", p.shown && p.textureIndex == p.index}, {"uploads", p.uploads},
          {"zoom", p.zoom}, {"fitScale", g.fitScale()}, {"invert", p.invert}, {"pan", {p.pan.x, p.pan.y}},
          {"quarterTurns", p.quarterTurns}, {"flipHorizontal", p.flipHorizontal}, {"flipVertical", p.flipVertical},
          {"toScreen", {(ex.x - o.x) / s, (ex.y - o.y) / s, (ey.x - o.x) / s, (ey.y - o.y) / s, o.x / s, o.y / s}},
          {"orientation", {{"right", d.right}, {"left", d.left}, {"top", d.top}, {"bottom", d.bottom}}},
          {"position", p.images.empty() ? 0.0 : p.images[static_cast<std::size_t>(std::clamp(p.index, 0, static_cast<int>(p.images.size()) - 1))].position},
          {"measurements", measurements},
          {"thumbnails", p.thumbnails.size()},
          {"documents", [&p] {
             nlohmann::json d = nlohmann::json::array();
             for (const auto& doc : p.documents)
               d.push_back({{"title", doc.title}, {"textLength", doc.text.size()}, {"error", doc.error}, {"loading", doc.loading}});
             return d;
           }()},
          {"transferSyntax", frame != p.frames.end() ? frame->second.transferSyntax : ""},
          {"frameErrors", std::count_if(p.frames.begin(), p.frames.end(), [](const auto& f) { return !f.second.error.empty(); })},
          {"frameErrorAt", [&p] {
             nlohmann::json at = nlohmann::json::array();
             for (const auto& [k, f] : p.frames)
               if (!f.error.empty()) at.push_back({{"index", k}, {"error", f.error}});
             return at;
           }()}};
}

nlohmann::json viewerState(const renkei::app::App& app) {
  const renkei::app::ViewerPage& v = app.viewer;
  nlohmann::json j = paneState(app, v.panes[0]);  // the study opened, at the top level
  j["panes"] = {paneState(app, v.panes[0]), paneState(app, v.panes[1])};
  j["comparing"] = v.comparing;
  j["active"] = v.active;
  j["linkScroll"] = v.linkScroll;
  j["linkWindow"] = v.linkWindow;
  j["tool"] = toolName(v.tool);
  j["placing"] = v.placing.size();
  j["cine"] = v.cine;
  j["fps"] = v.fps;
  j["cacheBytes"] = v.cacheBytes;
  nlohmann::json decoding = nlohmann::json::object();
  for (const auto& [syntax, d] : v.decoding) decoding[syntax] = {{"frames", d.first}, {"ms", d.second}};
  j["decoding"] = decoding;
  j["report"] = {{"id", v.report.id}, {"title", v.report.title}, {"loading", v.report.loading}, {"error", v.report.error},
                 {"fields", v.report.fields.size()}, {"open", v.reportOpen}};
  j["bedside"] = v.bedside;
  j["settingPin"] = v.settingPin;
  j["exports"] = v.exports;
  j["exporting"] = v.exporting;
  j["exported"] = {v.exportedWidth, v.exportedHeight};
  j["exportError"] = v.exportError;
  return j;
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
  // Code points on screen the font cannot draw (ImGui would show its fallback '?').
  std::set<unsigned> missing;
  if (const ImFont* font = ImGui::GetIO().Fonts->Fonts.empty() ? nullptr : ImGui::GetIO().Fonts->Fonts[0]) {
    for (const ui::Drawn& d : ui::visibleLabels()) {
      const char* p = d.text.c_str();
      const char* end = p + d.text.size();
      while (p < end) {
        unsigned c = 0;
        const int n = ImTextCharFromUtf8(&c, p, end);
        if (n <= 0) break;
        p += n;
        if (c >= 0x20 && !font->FindGlyphNoFallback(static_cast<ImWchar>(c))) missing.insert(c);
      }
    }
  }
  nlohmann::json missingText = nlohmann::json::array();
  for (const unsigned c : missing) {
    char utf8[5] = {};
    ImTextCharToUtf8(utf8, c);
    missingText.push_back(utf8);
  }
  nlohmann::json j{
      {"screen", screenName(app.screen)},
      {"redraw", {{"drawn", framesDrawn()}, {"skipped", framesSkipped()}}},
      {"glyphs",
       {{"missing", missingText}, {"extraSeen", extraGlyphsSeen()}, {"extraFont", extraFontState()},
        {"atlasBuilds", atlasBuilds()}, {"lastAtlasMs", lastAtlasBuildMs()}}},
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
  // The held-study queue: what the server listed, the study open, and the step of its assignment.
  const HeldStudiesPage& hp = app.held;
  nlohmann::json held = nlohmann::json::array();
  for (const auto& h : hp.studies)
    held.push_back({{"uid", h.studyUid}, {"patientId", h.says.patientId}, {"name", h.says.name}, {"birthDate", h.says.birthDate},
                    {"sex", h.says.sex}, {"studyDate", h.says.studyDate}, {"description", h.says.description},
                    {"modalities", h.modalities}, {"series", h.series}, {"instances", h.instances}, {"sources", h.sources},
                    {"receivedAt", h.receivedAt}, {"reason", h.reason}});
  nlohmann::json heldInstances = nlohmann::json::array();
  for (const auto& i : hp.instances)
    heldInstances.push_back({{"sop", i.sopUid}, {"series", i.seriesUid}, {"modality", i.modality}, {"state", i.state},
                             {"transferSyntax", i.transferSyntax}, {"bytes", i.bytes}});
  nlohmann::json chosen = nullptr;
  if (hp.chosen)
    chosen = {{"id", hp.chosen->id}, {"name", hp.chosen->name}, {"birthDate", hp.chosen->birthDate}, {"sex", hp.chosen->sex}};
  static const char* kHeldActions[] = {"none", "assign", "discard"};
  j["held"] = {{"loading", hp.loading}, {"error", hp.error}, {"notice", hp.notice}, {"studies", held},
               {"selected", hp.selected}, {"instancesLoading", hp.instancesLoading}, {"instances", heldInstances},
               {"pending", kHeldActions[static_cast<int>(hp.pending)]}, {"lookingUp", hp.lookingUp}, {"chosen", chosen},
               {"busy", hp.busy}, {"actionError", hp.actionError}};
  // Booking: the form's scanner, slots and verdict inputs, and the bookings list as the server sent it.
  const renkei::app::BookingPage& bp = app.booking;
  nlohmann::json chosenSlot = nullptr;
  if (bp.chosen) chosenSlot = {{"date", bp.chosen->date}, {"start", bp.chosen->start}};
  j["booking"] = {{"patient", bp.patientId}, {"loading", bp.loading}, {"error", bp.error},
                  {"equipment", bp.scanner() ? bp.scanner()->id : ""}, {"exam", bp.exam() ? bp.exam()->code : ""},
                  {"slotsLoading", bp.slotsLoading}, {"slots", bp.slots.size()}, {"weekStart", bp.weekStart.iso()},
                  {"day", bp.day.iso()}, {"chosen", chosenSlot}, {"egfr", bp.order.egfr}, {"egfrDate", bp.order.egfrDate},
                  {"busy", bp.busy}, {"sendError", bp.sendError}, {"bookedId", bp.bookedId}, {"rescheduling", bp.rescheduling}};
  nlohmann::json bookingRows = nlohmann::json::array();
  for (const auto& b : app.bookings.rows)
    bookingRows.push_back({{"id", b.id}, {"state", b.state}, {"status", b.status}, {"isNew", b.isNew}, {"exam", b.exam},
                           {"patient", b.patientId}, {"date", b.date}, {"start", b.start}, {"urgency", b.urgency}});
  j["bookings"] = {{"queue", app.bookings.queue}, {"loading", app.bookings.loading}, {"error", app.bookings.error},
                   {"notice", app.bookings.notice}, {"rows", bookingRows}, {"selected", app.bookings.selected},
                   {"detail", app.bookings.detail ? app.bookings.detail->state : ""}, {"busy", app.bookings.busy}};
  nlohmann::json closures = nlohmann::json::array();
  for (const auto& c : app.schedule.closures)
    closures.push_back({{"equipment", c.equipment}, {"date", c.date}, {"start", c.start}, {"reason", c.reason}});
  nlohmann::json scanners = nlohmann::json::array();
  for (const auto& e : app.schedule.equipment)
    scanners.push_back({{"id", e.id}, {"bookAheadDays", e.bookAheadDays}, {"leadMinutes", e.leadMinutes}, {"hours", e.hours.size()}});
  j["schedule"] = {{"loading", app.schedule.loading}, {"error", app.schedule.error}, {"notice", app.schedule.notice},
                   {"scanners", scanners}, {"closures", closures}, {"selected", app.schedule.selected}, {"busy", app.schedule.busy}};
  // Messaging: the threads and the open thread as the server sent them.
  nlohmann::json threads = nlohmann::json::array();
  for (const auto& t : app.inbox.threads)
    threads.push_back({{"id", t.id}, {"subject", t.subject}, {"patient", t.patientId}, {"unread", t.unread}, {"messages", t.messages}});
  nlohmann::json messages = nlohmann::json::array();
  for (const auto& m : app.thread.messages)
    messages.push_back({{"id", m.id}, {"sender", m.sender}, {"attachments", m.attachments.size()}, {"readBy", m.readBy.size()}});
  nlohmann::json previews = nlohmann::json::array();
  for (const auto& p : app.thread.previews) previews.push_back({{"attachment", p.attachment}, {"width", p.width}, {"loading", p.loading}});
  j["messaging"] = {{"unread", app.unreadMessages},
                    {"inbox", {{"loading", app.inbox.loading}, {"error", app.inbox.error}, {"threads", threads},
                               {"composing", app.inbox.compose.open}, {"composeError", app.inbox.compose.error},
                               {"composeFiles", app.inbox.compose.files.size()}, {"composeBusy", app.inbox.compose.busy}}},
                    {"thread", {{"id", app.thread.id}, {"loading", app.thread.loading}, {"error", app.thread.error},
                                {"notice", app.thread.notice}, {"messages", messages}, {"files", app.thread.files.size()},
                                {"busy", app.thread.busy}, {"previews", previews},
                                {"upload", {{"file", app.thread.upload.file}, {"files", app.thread.upload.files},
                                            {"sent", app.thread.upload.sent}, {"total", app.thread.upload.total}}}}}};
  j["viewer"] = viewerState(app);
  j["fault"] = {{"count", faultCount()}, {"text", lastFault()}};
  return j.dump();
}
