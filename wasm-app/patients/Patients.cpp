// SPDX-License-Identifier: MIT
// Loading patient data into App: the list, a patient's header, lab table, trends and documents.
// Every answer is checked against what is on screen when it arrives (the user may have moved on,
// or logged out: then it is dropped, so no patient data outlives the session).
#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/time/Date.h"
#include "wasm-app/App.h"
#include "wasm-app/JsonField.h"
#include "wasm-app/patients/PatientJson.h"
#include "wasm-app/ServerAnswer.h"
#include "wasm-app/platform/Http.h"

namespace renkei::app {

using nlohmann::json;

std::string displayDate(const std::string& iso) {
  std::string d = iso.substr(0, 10);
  std::replace(d.begin(), d.end(), '-', '/');
  return d;
}

void App::openPatientList() {
  page = PatientPage{};  // leaving a patient forgets their data
  screen = Screen::Patients;
  searchPatients();
}

void App::searchPatients() {
  patients.loading = true;
  patients.error.clear();
  const std::string query = patients.query;
  std::string path = "/api/v1/patients?limit=200";
  // A birth date typed as 1948-05-12 or 1948/05/12 searches by birth date; anything else by id or name.
  std::string asDate = query;
  std::replace(asDate.begin(), asDate.end(), '/', '-');
  if (asDate.size() == 10 && Date::parse(asDate)) path += "&birth_date=" + asDate;
  else if (!query.empty()) path += "&q=" + urlEncode(query);
  httpGet(path, [this, query](const HttpResponse& r) {
    if (screen != Screen::Patients || patients.query != query) return;  // a newer search or another screen
    patients.loading = false;
    patients.loaded = true;
    const auto j = serverAnswer(*this, r, patients.error);
    if (!j) return;
    patients.rows = patientListFrom(*j, patients.total);
  });
}

void App::openPatient(const std::string& id) {
  page = PatientPage{};
  page.patient.id = id;
  page.loading = page.labsLoading = page.trendsLoading = page.documentsLoading = true;
  screen = Screen::Patient;
  const std::string base = "/api/v1/patients/" + urlEncode(id);
  const auto current = [this, id] { return screen == Screen::Patient && page.patient.id == id; };
  httpGet(base, [this, current](const HttpResponse& r) {
    if (!current()) return;
    page.loading = false;
    const auto j = serverAnswer(*this, r, page.error);
    if (!j) return;
    page.patient = patientFrom(jsonObject(*j, "patient"), jsonObject(*j, "scope"));
    page.previousVisitAt = jsonInteger(*j, "previous_visit_at");
  });
  if (user.role == "admin") {  // the office sees identities and consents, not clinical data
    page.labsLoading = page.trendsLoading = page.documentsLoading = false;
    page.labsError = page.documentsError = t(T::ClinicalDataNotForOffice);
    page.tab = PatientTab::Consents;
    loadConsents();
    return;
  }
  httpGet(base + "/labs?limit=100", [this, current](const HttpResponse& r) {
    if (!current()) return;
    page.labsLoading = false;
    if (const auto j = serverAnswer(*this, r, page.labsError)) page.labs = labTableFrom(*j);
  });
  httpGet(base + "/labs/series", [this, current](const HttpResponse& r) {
    if (!current()) return;
    page.trendsLoading = false;
    std::string ignored;  // the table shows the error already
    if (const auto j = serverAnswer(*this, r, ignored)) page.trends = trendsFrom(*j);
  });
  page.studiesLoading = true;
  httpGet(base + "/studies", [this, current](const HttpResponse& r) {
    if (!current()) return;
    page.studiesLoading = false;
    std::string ignored;  // the timeline shows the labs' or documents' error for the page
    const auto j = serverAnswer(*this, r, ignored);
    if (!j) return;
    page.studies = studiesFrom(*j);
  });
  httpGet(base + "/documents", [this, current](const HttpResponse& r) {
    if (!current()) return;
    page.documentsLoading = false;
    const auto j = serverAnswer(*this, r, page.documentsError);
    if (!j) return;
    page.documents = documentsFrom(*j, language, page.previousVisitAt);
  });
}

void App::openDocument(std::int64_t id) {
  page.document = DocumentView{};
  page.document.id = id;
  page.document.loading = true;
  const std::string patient = page.patient.id;
  httpGet("/api/v1/documents/" + std::to_string(id), [this, id, patient](const HttpResponse& r) {
    if (screen != Screen::Patient || page.patient.id != patient || page.document.id != id) return;
    DocumentView& v = page.document;
    v.loading = false;
    const auto j = serverAnswer(*this, r, v.error);
    if (!j) return;
    v = documentViewFrom(*j, language);
    v.id = id;
  });
}

}  // namespace renkei::app
