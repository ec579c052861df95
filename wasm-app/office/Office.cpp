// SPDX-License-Identifier: MIT
// The liaison office's requests: facilities and users (R-ACC-1..4, R-PW-4), consents with the
// scanned form (R-CON-1, R-CON-3) and the audit log with its CSV export (R-AUD-3). The server checks
// everything again; the app checks only what it can say sooner (a date typed wrong, a missing field).
#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/text/Trim.h"
#include "core/time/Date.h"
#include "wasm-app/App.h"
#include "wasm-app/JsonField.h"
#include "wasm-app/office/OfficeJson.h"
#include "wasm-app/ServerAnswer.h"
#include "wasm-app/platform/Browser.h"
#include "wasm-app/platform/Http.h"

namespace renkei::app {
namespace {

using nlohmann::json;

/// A date the office typed, checked before sending (YYYY-MM-DD).
bool validDate(const std::string& s) { return s.size() == 10 && Date::parse(s).has_value(); }

/// serverAnswer, keeping the object in `out` when asked for.
bool accepted(App& app, const HttpResponse& r, std::string& error, json* out = nullptr) {
  auto j = serverAnswer(app, r, error);
  if (!j) return false;
  if (out) *out = std::move(*j);
  return true;
}

/// A multipart/form-data body (RFC 7578) of text fields and one file.
struct Multipart {
  std::string boundary, body;
  void field(const std::string& name, const std::string& value) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
  }
  void file(const std::string& name, const std::string& fileName, const std::string& type, const std::string& bytes) {
    std::string safe;  // a quote or line break in a file name would end the header
    for (const char c : fileName) safe += (c == '"' || c == '\r' || c == '\n' || c == '\\') ? '_' : c;
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + safe +
            "\"\r\nContent-Type: " + (type.empty() ? "application/octet-stream" : type) + "\r\n\r\n" + bytes + "\r\n";
  }
  std::string finish() { return body + "--" + boundary + "--\r\n"; }
};

/// A boundary that occurs nowhere in `content`.
std::string boundaryFor(const std::string& content) {
  for (unsigned n = 0x5eed;; n = n * 1103515245u + 12345u) {
    const std::string b = "----renkei-form-" + std::to_string(n);
    if (content.find(b) == std::string::npos) return b;
  }
}

}  // namespace

// ---- Facilities and users ----

void App::openFacilities() {
  office = FacilitiesPage{};
  screen = Screen::Facilities;
  loadFacilities();
}

void App::loadFacilities() {
  office.loading = true;
  office.error.clear();
  httpGet("/api/v1/admin/facilities", [this](const HttpResponse& r) {
    if (screen != Screen::Facilities) return;
    json j;
    if (!accepted(*this, r, office.error, &j)) {
      office.loading = false;
      return;
    }
    office.facilities.clear();
    office.facilities = facilitiesFrom(j);
    if (office.selectedFacility.empty() && !office.facilities.empty()) office.selectedFacility = office.facilities[0].id;
    httpGet("/api/v1/admin/users", [this](const HttpResponse& r2) {
      if (screen != Screen::Facilities) return;
      office.loading = false;
      json u;
      if (!accepted(*this, r2, office.error, &u)) return;
      office.users.clear();
      office.users = usersFrom(u);
      if (const UserRow* sel = selectedUser()) selectUser(sel->id);  // refresh the edit form
    });
  });
}

const UserRow* App::selectedUser() const {
  for (const UserRow& u : office.users)
    if (u.id == office.selectedUser) return &u;
  return nullptr;
}

void App::selectUser(const std::string& id) {
  office.selectedUser = id;
  office.pending = OfficeAction::None;
  office.reason.clear();
  office.editForm = UserForm{};
  if (const UserRow* u = selectedUser())
    office.editForm = UserForm{u->id, u->name, u->role, u->licenceNumber, u->setupVisitOn, u->trainingDoneOn, false, {}};
}

void App::registerFacility() {
  FacilityForm& f = office.facilityForm;
  f.error.clear();
  if (f.id.empty() || f.name.empty() || f.institutionCode.empty()) {
    f.error = t(T::FillRequired);
    return;
  }
  f.busy = true;
  const json body{{"id", f.id}, {"name", f.name}, {"kind", f.hospital ? "hospital" : "clinic"},
                  {"address", f.address}, {"institution_code", f.institutionCode}};
  httpPostJson("/api/v1/admin/facilities", body.dump(), [this](const HttpResponse& r) {
    if (screen != Screen::Facilities) return;
    FacilityForm& form = office.facilityForm;
    form.busy = false;
    json j;
    if (!accepted(*this, r, form.error, &j)) return;
    office.notice = textf(T::FacilityRegistered, language, jsonText(j, "name").c_str());
    office.selectedFacility = jsonText(j, "id");
    office.showFacilityForm = false;
    office.facilityForm = FacilityForm{};
    loadFacilities();
  });
}

void App::registerUser() {
  UserForm& f = office.userForm;
  f.error.clear();
  if (f.id.empty() || f.name.empty() || (f.role == "clinic" && f.licenceNumber.empty())) {
    f.error = t(T::FillRequired);
    return;
  }
  if ((!f.setupVisitOn.empty() && !validDate(f.setupVisitOn)) || (!f.trainingDoneOn.empty() && !validDate(f.trainingDoneOn))) {
    f.error = t(T::DateFormatHint);
    return;
  }
  json body{{"id", f.id}, {"name", f.name}, {"role", f.role}, {"facility", office.selectedFacility}};
  if (!f.licenceNumber.empty()) body["licence_number"] = f.licenceNumber;
  if (!f.setupVisitOn.empty()) body["setup_visit_on"] = f.setupVisitOn;
  if (!f.trainingDoneOn.empty()) body["training_done_on"] = f.trainingDoneOn;
  f.busy = true;
  httpPostJson("/api/v1/admin/users", body.dump(), [this](const HttpResponse& r) {
    if (screen != Screen::Facilities) return;
    UserForm& form = office.userForm;
    form.busy = false;
    json j;
    if (!accepted(*this, r, form.error, &j)) return;
    office.temporaryPassword = jsonText(j, "temporary_password");
    office.scrollToTop = true;
    office.temporaryFor = jsonText(j, "id");
    office.notice = textf(T::UserRegistered, language, jsonText(j, "name").c_str());
    office.showUserForm = false;
    office.userForm = UserForm{};
    office.selectedUser = jsonText(j, "id");
    loadFacilities();
  });
}

void App::saveUser() {
  UserForm& f = office.editForm;
  f.error.clear();
  if ((!f.setupVisitOn.empty() && !validDate(f.setupVisitOn)) || (!f.trainingDoneOn.empty() && !validDate(f.trainingDoneOn))) {
    f.error = t(T::DateFormatHint);
    return;
  }
  json body{{"name", f.name}, {"role", f.role}};
  if (!f.setupVisitOn.empty()) body["setup_visit_on"] = f.setupVisitOn;
  if (!f.trainingDoneOn.empty()) body["training_done_on"] = f.trainingDoneOn;
  f.busy = true;
  httpPatchJson("/api/v1/admin/users/" + urlEncode(f.id), body.dump(), [this](const HttpResponse& r) {
    if (screen != Screen::Facilities) return;
    office.editForm.busy = false;
    json j;
    if (!accepted(*this, r, office.editForm.error, &j)) return;
    office.notice = textf(T::UserSaved, language, jsonText(j, "name").c_str());
    loadFacilities();
  });
}

void App::reissuePassword() {
  const std::string id = office.selectedUser;
  office.error.clear();
  httpPostJson("/api/v1/admin/users/" + urlEncode(id) + "/password", "{}", [this, id](const HttpResponse& r) {
    if (screen != Screen::Facilities) return;
    json j;
    if (!accepted(*this, r, office.error, &j)) return;
    office.temporaryPassword = jsonText(j, "temporary_password");
    office.scrollToTop = true;
    office.temporaryFor = id;
    office.notice = textf(T::PasswordReissued, language, jsonText(j, "name").c_str());
    loadFacilities();
  });
}

void App::resetTwoFactor() {
  const std::string id = office.selectedUser;
  office.error.clear();
  httpDelete("/api/v1/admin/users/" + urlEncode(id) + "/totp", [this](const HttpResponse& r) {
    if (screen != Screen::Facilities) return;
    if (!accepted(*this, r, office.error)) return;
    office.notice = t(T::TwoFactorReset);
    loadFacilities();
  });
}

void App::confirmOfficeAction() {
  const OfficeAction action = office.pending;
  if (text::isBlank(office.reason)) {
    office.error = t(T::ReasonRequired);
    return;
  }
  std::string path;
  if (action == OfficeAction::WithdrawFacility) {
    path = "/api/v1/admin/facilities/" + urlEncode(office.selectedFacility) + "/withdrawal";
  } else {
    const char* what = action == OfficeAction::Deactivate   ? "deactivation"
                       : action == OfficeAction::Reactivate ? "reactivation"
                                                            : "revocation";
    path = "/api/v1/admin/users/" + urlEncode(office.selectedUser) + "/" + what;
  }
  office.error.clear();
  httpPostJson(path, json{{"reason", office.reason}}.dump(), [this, action](const HttpResponse& r) {
    if (screen != Screen::Facilities) return;
    if (!accepted(*this, r, office.error)) return;
    office.pending = OfficeAction::None;
    office.reason.clear();
    office.notice = t(action == OfficeAction::WithdrawFacility ? T::FacilityWithdrawn
                      : action == OfficeAction::Deactivate     ? T::UserDeactivated
                      : action == OfficeAction::Reactivate     ? T::UserReactivated
                                                               : T::UserRevoked);
    loadFacilities();
  });
}

// ---- Consents (on the patient page) ----

void App::loadConsents() {
  const std::string patient = page.patient.id;
  page.consents.loading = true;
  page.consents.error.clear();
  httpGet("/api/v1/admin/consents?patient=" + urlEncode(patient), [this, patient](const HttpResponse& r) {
    if (screen != Screen::Patient || page.patient.id != patient) return;
    ConsentPanel& c = page.consents;
    c.loading = false;
    json j;
    if (!accepted(*this, r, c.error, &j)) return;
    c.consents.clear();
    c.consents = consentsFrom(j);
  });
}

void App::chooseConsentScan() {
  const std::string patient = page.patient.id;
  chooseFile("application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg", kMaxScanBytes, [this, patient](const ChosenFile& f) {
    if (screen != Screen::Patient || page.patient.id != patient) return;
    ConsentPanel& c = page.consents;
    c.error.clear();
    if (f.bytes.empty()) {
      c.error = t(T::ScanTooLarge);
      return;
    }
    c.scanName = f.name;
    c.scanType = f.mediaType;
    c.scanBytes = f.bytes;
  });
}

void App::recordConsent() {
  ConsentPanel& c = page.consents;
  c.error.clear();
  c.notice.clear();
  if (c.granteeId.empty() || c.signedOn.empty() || c.scanBytes.empty()) {
    c.error = t(T::ConsentFieldsMissing);
    return;
  }
  if (!validDate(c.signedOn)) {
    c.error = t(T::DateFormatHint);
    return;
  }
  Multipart form{boundaryFor(c.scanBytes), {}};
  form.field("patient_id", page.patient.id);
  form.field("grantee_kind", c.doctor ? "doctor" : "clinic");
  form.field("grantee_id", c.granteeId);
  form.field("signed_on", c.signedOn);
  form.file("scan", c.scanName, c.scanType, c.scanBytes);
  c.busy = true;
  const std::string patient = page.patient.id;
  httpPost("/api/v1/admin/consents", "multipart/form-data; boundary=" + form.boundary, form.finish(),
           [this, patient](const HttpResponse& r) {
             if (screen != Screen::Patient || page.patient.id != patient) return;
             ConsentPanel& panel = page.consents;
             panel.busy = false;
             json j;
             if (!accepted(*this, r, panel.error, &j)) return;
             panel.notice = textf(T::ConsentRecorded, language, jsonText(j, "grantee_id").c_str(),
                                  displayDate(jsonText(j, "visible_from")).c_str());
             panel.granteeId.clear();
             panel.signedOn.clear();
             panel.scanName.clear();
             panel.scanType.clear();
             panel.scanBytes.clear();
             loadConsents();
           });
}

void App::withdrawConsent() {
  ConsentPanel& c = page.consents;
  c.error.clear();
  if (text::isBlank(c.withdrawalReason)) {
    c.error = t(T::ReasonRequired);
    return;
  }
  if (!c.withdrawnOn.empty() && !validDate(c.withdrawnOn)) {
    c.error = t(T::DateFormatHint);
    return;
  }
  json body{{"reason", c.withdrawalReason}};
  if (!c.withdrawnOn.empty()) body["withdrawn_on"] = c.withdrawnOn;
  const std::string patient = page.patient.id;
  httpPostJson("/api/v1/admin/consents/" + std::to_string(c.withdrawing) + "/withdrawal", body.dump(),
               [this, patient](const HttpResponse& r) {
                 if (screen != Screen::Patient || page.patient.id != patient) return;
                 ConsentPanel& panel = page.consents;
                 if (!accepted(*this, r, panel.error)) return;
                 panel.notice = t(T::ConsentWithdrawn);
                 panel.withdrawing = 0;
                 panel.withdrawalReason.clear();
                 panel.withdrawnOn.clear();
                 loadConsents();
               });
}

// ---- The audit log ----

void App::openAudit() {
  audit = AuditPage{};
  screen = Screen::Audit;
  httpGet("/api/v1/audit/alerts", [this](const HttpResponse& r) {
    if (screen != Screen::Audit) return;
    std::string ignored;  // the search below shows the page's error
    if (const auto j = serverAnswer(*this, r, ignored)) audit.alerts = alertsFrom(*j);
  });
  searchAudit(0);
}

/// The search's query string, or "" after setting the error (a date typed wrong).
static std::string auditQuery(App& app) {
  AuditPage& a = app.audit;
  std::string q;
  const auto add = [&q](const char* k, const std::string& v) {
    if (!v.empty()) q += std::string(q.empty() ? "" : "&") + k + "=" + urlEncode(v);
  };
  add("user", a.user);
  add("patient", a.patient);
  add("action", a.action);
  for (const auto& [text, name, end] : {std::tuple{&a.from, "from", false}, std::tuple{&a.to, "to", true}}) {
    if (text->empty()) continue;
    const auto d = Date::parse(*text);
    if (!d || text->size() != 10) {
      a.error = app.t(T::DateFormatHint);
      return {};
    }
    // Whole hospital-local days: from the start of `from` to the end of `to`.
    add(name, std::to_string(end ? d->plusDays(1).startUnixSecondsJst() - 1 : d->startUnixSecondsJst()));
  }
  return q.empty() ? "x" : q;  // "x": valid and empty
}

void App::searchAudit(int offset) {
  audit.error.clear();
  std::string q = auditQuery(*this);
  if (q.empty()) return;
  if (q == "x") q.clear();
  audit.offset = std::max(0, offset);
  audit.loading = true;
  const std::string path = "/api/v1/audit?" + q + (q.empty() ? "" : "&") + "limit=" + std::to_string(AuditPage::kPageSize) +
                           "&offset=" + std::to_string(audit.offset);
  httpGet(path, [this](const HttpResponse& r) {
    if (screen != Screen::Audit) return;
    audit.loading = false;
    json j;
    if (!accepted(*this, r, audit.error, &j)) return;
    audit.records.clear();
    audit.records = auditRecordsFrom(j);
    audit.more = static_cast<int>(audit.records.size()) == AuditPage::kPageSize;
  });
}

void App::exportAudit() {
  audit.error.clear();
  audit.notice.clear();
  std::string q = auditQuery(*this);
  if (q.empty()) return;
  if (q == "x") q.clear();
  audit.exporting = true;
  httpGet("/api/v1/audit/export" + (q.empty() ? "" : "?" + q), [this](const HttpResponse& r) {
    if (screen != Screen::Audit) return;
    audit.exporting = false;
    if (r.status == 401) {
      signOut(sessionEndText(*this, r).c_str());
      return;
    }
    if (r.status != 200) {
      audit.error = serverErrorText(*this, r.status, r.body);
      return;
    }
    saveFile("renkei-audit.csv", "text/csv;charset=utf-8", r.body);
    audit.notice = t(T::AuditExported);
  });
}

// ---- Held studies: instances without a usable Patient ID (issue 11 §10, R-DATA-1, R-AUD-1) ----

void App::openHeldStudies() {
  held = HeldStudiesPage{};
  screen = Screen::HeldStudies;
  loadHeldStudies();
}

void App::loadHeldStudies() {
  held.loading = true;
  held.error.clear();
  httpGet("/api/v1/admin/held-studies?limit=1000", [this](const HttpResponse& r) {
    if (screen != Screen::HeldStudies) return;
    held.loading = false;
    json j;
    if (!accepted(*this, r, held.error, &j)) return;
    held.studies.clear();
    held.studies = heldStudiesFrom(j);
    // The study open below the list is gone once someone filed or discarded it.
    const bool stillHeld = std::any_of(held.studies.begin(), held.studies.end(),
                                       [this](const HeldStudyRow& s) { return s.studyUid == held.selected; });
    if (!stillHeld) {
      held.selected.clear();
      held.instances.clear();
      held.pending = HeldAction::None;
    }
  });
}

void App::selectHeldStudy(const std::string& studyUid) {
  HeldStudiesPage& h = held;
  h.selected = studyUid;
  h.instances.clear();
  h.pending = HeldAction::None;
  h.patientId.clear();
  h.chosen.reset();
  h.reason.clear();
  h.actionError.clear();
  h.instancesLoading = true;
  httpGet("/api/v1/admin/held-studies/" + urlEncode(studyUid), [this, studyUid](const HttpResponse& r) {
    if (screen != Screen::HeldStudies || held.selected != studyUid) return;
    held.instancesLoading = false;
    json j;
    if (!accepted(*this, r, held.actionError, &j)) return;
    held.instances.clear();
    held.instances = heldInstancesFrom(j);
  });
}

void App::lookUpHeldPatient() {
  HeldStudiesPage& h = held;
  h.actionError.clear();
  h.chosen.reset();
  const std::string id = std::string(text::trim(h.patientId));
  if (id.empty()) {
    h.actionError = t(T::PatientIdRequired);
    return;
  }
  h.lookingUp = true;
  h.lookedUp = id;
  const std::string study = h.selected;
  httpGet("/api/v1/patients/" + urlEncode(id), [this, study, id](const HttpResponse& r) {
    if (screen != Screen::HeldStudies || held.selected != study || held.pending != HeldAction::Assign) return;
    held.lookingUp = false;
    json j;
    if (!accepted(*this, r, held.actionError, &j)) return;
    held.chosen = registeredPatientFrom(j);
    held.scrollToAction = true;  // the comparison and the confirm button, under the instances
  });
}

void App::assignHeldStudy() {
  HeldStudiesPage& h = held;
  if (!h.chosen || h.busy) return;
  h.actionError.clear();
  h.busy = true;
  const std::string study = h.selected;
  const RegisteredPatient patient = *h.chosen;
  httpPostJson("/api/v1/admin/held-studies/" + urlEncode(study) + "/assignment", json{{"patient_id", patient.id}}.dump(),
               [this, study, patient](const HttpResponse& r) {
                 if (screen != Screen::HeldStudies || held.selected != study) return;
                 held.busy = false;
                 json j;
                 if (!accepted(*this, r, held.actionError, &j)) return;
                 held.notice = textf(T::HeldAssigned, language, patient.name.c_str(), patient.id.c_str(),
                                     static_cast<int>(jsonInteger(j, "instances_filed")));
                 held.pending = HeldAction::None;
                 held.chosen.reset();
                 held.patientId.clear();
                 loadHeldStudies();
               });
}

void App::discardHeldStudy() {
  HeldStudiesPage& h = held;
  if (h.busy) return;
  h.actionError.clear();
  if (text::isBlank(h.reason)) {
    h.actionError = t(T::ReasonRequired);
    return;
  }
  h.busy = true;
  const std::string study = h.selected;
  httpPostJson("/api/v1/admin/held-studies/" + urlEncode(study) + "/discard", json{{"reason", h.reason}}.dump(),
               [this, study](const HttpResponse& r) {
                 if (screen != Screen::HeldStudies || held.selected != study) return;
                 held.busy = false;
                 json j;
                 if (!accepted(*this, r, held.actionError, &j)) return;
                 held.notice = textf(T::HeldDiscarded, language, static_cast<int>(jsonInteger(j, "instances_discarded")));
                 held.pending = HeldAction::None;
                 held.reason.clear();
                 loadHeldStudies();
               });
}

}  // namespace renkei::app
