// SPDX-License-Identifier: MIT
// Loading patient data into App: the list, a patient's header, lab table, trends and documents.
// Every answer is checked against what is on screen when it arrives (the user may have moved on,
// or logged out: then it is dropped, so no patient data outlives the session).
#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/records/Document.h"
#include "core/time/Date.h"
#include "wasm-app/App.h"
#include "wasm-app/ServerAnswer.h"
#include "wasm-app/platform/Http.h"

namespace renkei::app {
namespace {

using nlohmann::json;

const auto str = jsonText;

std::optional<double> number(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

PatientSummary patientFrom(const json& p, const json& scope) {
  PatientSummary s;
  s.id = str(p, "id");
  s.name = str(p, "name");
  s.nameKana = str(p, "name_kana");
  s.sex = str(p, "sex");
  s.birthDate = str(p, "birth_date");
  if (scope.is_object()) {
    s.limited = scope.value("limited", false);
    s.visibleFrom = str(scope, "visible_from");
  }
  return s;
}

/// Days since 1970-01-01 (with the time of day as a fraction) for "YYYY-MM-DD[THH:MM]".
double dayOf(const std::string& time) {
  const auto d = Date::parse(time.substr(0, 10));
  if (!d) return 0;
  double day = static_cast<double>(d->dayNumber());
  if (time.size() >= 16) day += (std::atoi(time.substr(11, 2).c_str()) * 60 + std::atoi(time.substr(14, 2).c_str())) / 1440.0;
  return day;
}

LabTable labTableFrom(const json& reports) {
  LabTable t;
  for (const json& rep : reports) {
    const std::string time = str(rep, "specimen_time");
    t.times.push_back(time);
    for (const json& res : rep.value("results", json::array())) {
      const std::string code = str(res, "code");
      auto row = std::find_if(t.rows.begin(), t.rows.end(), [&](const LabRow& r) { return r.code == code; });
      if (row == t.rows.end()) {
        t.rows.push_back(LabRow{code, str(res, "name"), str(res, "unit"), str(res, "reference_range"), {}});
        row = t.rows.end() - 1;
      }
      row->cells.emplace_back(time, LabRow::Cell{str(res, "value"), str(res, "flag"), str(res, "comment")});
    }
  }
  return t;
}

std::vector<Trend> trendsFrom(const json& series) {
  std::vector<Trend> out;
  for (const json& s : series) {
    Trend t{str(s, "code"), str(s, "name"), str(s, "unit"), number(s, "reference_low"), number(s, "reference_high"), {}};
    for (const json& p : s.value("points", json::array())) {
      const auto v = number(p, "numeric");
      if (!v) continue;
      const std::string time = str(p, "time");
      t.points.push_back(Trend::Point{dayOf(time), *v, time, str(p, "value"), str(p, "flag")});
    }
    if (!t.points.empty()) out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

const LabRow::Cell* LabRow::at(const std::string& time) const {
  for (const auto& [t, cell] : cells)
    if (t == time) return &cell;
  return nullptr;
}

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
    patients.rows.clear();
    for (const json& p : j->value("patients", json::array())) {
      PatientSummary s = patientFrom(p, p.value("scope", json()));
      s.newItems = p.value("new_items", 0);
      patients.rows.push_back(std::move(s));
    }
    patients.total = j->value("total", 0);
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
    page.patient = patientFrom(j->value("patient", json::object()), j->value("scope", json()));
    const auto prev = j->find("previous_visit_at");
    page.previousVisitAt = prev != j->end() && prev->is_number() ? prev->get<std::int64_t>() : 0;
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
    if (const auto j = serverAnswer(*this, r, page.labsError)) page.labs = labTableFrom(j->value("reports", json::array()));
  });
  httpGet(base + "/labs/series", [this, current](const HttpResponse& r) {
    if (!current()) return;
    page.trendsLoading = false;
    std::string ignored;  // the table shows the error already
    if (const auto j = serverAnswer(*this, r, ignored)) page.trends = trendsFrom(j->value("series", json::array()));
  });
  page.studiesLoading = true;
  httpGet(base + "/studies", [this, current](const HttpResponse& r) {
    if (!current()) return;
    page.studiesLoading = false;
    std::string ignored;  // the timeline shows the labs' or documents' error for the page
    const auto j = serverAnswer(*this, r, ignored);
    if (!j) return;
    for (const json& st : j->value("studies", json::array())) {
      StudySummary s{str(st, "uid"), str(st, "date"), str(st, "modalities"), str(st, "description"), st.value("instances", 0), {}};
      std::replace(s.modalities.begin(), s.modalities.end(), '\\', '/');
      for (const json& rep : st.value("reports", json::array())) s.reports.emplace_back(rep.value("id", std::int64_t{0}), str(rep, "title"));
      page.studies.push_back(std::move(s));
    }
  });
  httpGet(base + "/documents", [this, current](const HttpResponse& r) {
    if (!current()) return;
    page.documentsLoading = false;
    const auto j = serverAnswer(*this, r, page.documentsError);
    if (!j) return;
    for (const json& d : j->value("documents", json::array())) {
      DocumentSummary s;
      s.id = d.value("id", std::int64_t{0});
      s.kind = str(d, "kind");
      const json names = d.value("kind_name", json::object());
      s.kindName = str(names, language == Language::Japanese ? "ja" : "en");
      s.title = str(d, "title");
      s.author = str(d, "author");
      s.date = str(d, "clinical_date");
      s.status = str(d, "status");
      s.isNew = page.previousVisitAt != 0 && d.value("updated_at", std::int64_t{0}) > page.previousVisitAt;
      page.documents.push_back(std::move(s));
    }
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
    v.title = str(*j, "title");
    v.kindName = str(j->value("kind_name", json::object()), language == Language::Japanese ? "ja" : "en");
    v.author = str(*j, "author");
    v.date = str(*j, "clinical_date");
    v.status = str(*j, "status");
    v.text = str(*j, "text");
    // The kind's own fields in the order its table lists them (core records::DocumentKind).
    const json fields = j->value("fields", json::object());
    if (const records::DocumentKind* kind = records::findDocumentKind(str(*j, "kind")))
      for (const records::DocumentField& f : kind->fields)
        if (const std::string value = str(fields, f.name.c_str()); !value.empty())
          v.fields.emplace_back(language == Language::Japanese ? f.labelJa : f.labelEn, value);
  });
}

}  // namespace renkei::app
