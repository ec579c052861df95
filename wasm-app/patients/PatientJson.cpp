// SPDX-License-Identifier: MIT
#include "wasm-app/patients/PatientJson.h"

#include <algorithm>
#include <cstdlib>

#include "core/records/Document.h"
#include "core/time/Date.h"
#include "wasm-app/JsonField.h"

namespace renkei::app {

using nlohmann::json;

const LabRow::Cell* LabRow::at(const std::string& time) const {
  for (const auto& [t, cell] : cells)
    if (t == time) return &cell;
  return nullptr;
}

PatientSummary patientFrom(const json& p, const json& scope) {
  PatientSummary s;
  s.id = jsonText(p, "id");
  s.name = jsonText(p, "name");
  s.nameKana = jsonText(p, "name_kana");
  s.sex = jsonText(p, "sex");
  s.birthDate = jsonText(p, "birth_date");
  s.limited = jsonBool(scope, "limited");
  s.visibleFrom = jsonText(scope, "visible_from");
  return s;
}

std::vector<PatientSummary> patientListFrom(const json& answer, int& total) {
  std::vector<PatientSummary> rows;
  for (const json& p : jsonArray(answer, "patients")) {
    PatientSummary s = patientFrom(p, jsonObject(p, "scope"));
    s.newItems = static_cast<int>(jsonInteger(p, "new_items"));
    rows.push_back(std::move(s));
  }
  total = static_cast<int>(jsonInteger(answer, "total"));
  return rows;
}

double dayOf(const std::string& time) {
  const auto d = Date::parse(time.substr(0, 10));
  if (!d) return 0;
  double day = static_cast<double>(d->dayNumber());
  if (time.size() >= 16) day += (std::atoi(time.substr(11, 2).c_str()) * 60 + std::atoi(time.substr(14, 2).c_str())) / 1440.0;
  return day;
}

LabTable labTableFrom(const json& answer) {
  LabTable t;
  for (const json& rep : jsonArray(answer, "reports")) {
    const std::string time = jsonText(rep, "specimen_time");
    t.times.push_back(time);
    for (const json& res : jsonArray(rep, "results")) {
      const std::string code = jsonText(res, "code");
      auto row = std::find_if(t.rows.begin(), t.rows.end(), [&](const LabRow& r) { return r.code == code; });
      if (row == t.rows.end()) {
        t.rows.push_back(LabRow{code, jsonText(res, "name"), jsonText(res, "unit"), jsonText(res, "reference_range"), {}});
        row = t.rows.end() - 1;
      }
      row->cells.emplace_back(time, LabRow::Cell{jsonText(res, "value"), jsonText(res, "flag"), jsonText(res, "comment")});
    }
  }
  return t;
}

std::vector<Trend> trendsFrom(const json& answer) {
  std::vector<Trend> out;
  for (const json& s : jsonArray(answer, "series")) {
    Trend t{jsonText(s, "code"), jsonText(s, "name"), jsonText(s, "unit"), jsonNumber(s, "reference_low"),
            jsonNumber(s, "reference_high"), {}};
    for (const json& p : jsonArray(s, "points")) {
      const auto v = jsonNumber(p, "numeric");
      if (!v) continue;
      const std::string time = jsonText(p, "time");
      t.points.push_back(Trend::Point{dayOf(time), *v, time, jsonText(p, "value"), jsonText(p, "flag")});
    }
    if (!t.points.empty()) out.push_back(std::move(t));
  }
  return out;
}

std::vector<StudySummary> studiesFrom(const json& answer) {
  std::vector<StudySummary> out;
  for (const json& st : jsonArray(answer, "studies")) {
    StudySummary s{jsonText(st, "uid"), jsonText(st, "date"), jsonText(st, "modalities"), jsonText(st, "description"),
                   static_cast<int>(jsonInteger(st, "instances")), {}};
    std::replace(s.modalities.begin(), s.modalities.end(), '\\', '/');
    for (const json& rep : jsonArray(st, "reports")) s.reports.emplace_back(jsonInteger(rep, "id"), jsonText(rep, "title"));
    out.push_back(std::move(s));
  }
  return out;
}

namespace {
const char* languageKey(Language language) { return language == Language::Japanese ? "ja" : "en"; }

/// What a document's row in the list and its full view both show.
template <class D>
void readHeading(D& d, const json& j, Language language) {
  d.kindName = jsonText(jsonObject(j, "kind_name"), languageKey(language));
  d.title = jsonText(j, "title");
  d.author = jsonText(j, "author");
  d.date = jsonText(j, "clinical_date");
  d.status = jsonText(j, "status");
}
}  // namespace

std::vector<DocumentSummary> documentsFrom(const json& answer, Language language, std::int64_t previousVisitAt) {
  std::vector<DocumentSummary> out;
  for (const json& d : jsonArray(answer, "documents")) {
    DocumentSummary s;
    s.id = jsonInteger(d, "id");
    s.kind = jsonText(d, "kind");
    readHeading(s, d, language);
    s.isNew = previousVisitAt != 0 && jsonInteger(d, "updated_at") > previousVisitAt;
    out.push_back(std::move(s));
  }
  return out;
}

DocumentView documentViewFrom(const json& answer, Language language) {
  DocumentView v;
  readHeading(v, answer, language);
  v.text = jsonText(answer, "text");
  // The kind's own fields in the order its table lists them (core records::DocumentKind).
  const json& fields = jsonObject(answer, "fields");
  if (const records::DocumentKind* kind = records::findDocumentKind(jsonText(answer, "kind")))
    for (const records::DocumentField& f : kind->fields)
      if (const std::string value = jsonText(fields, f.name.c_str()); !value.empty())
        v.fields.emplace_back(language == Language::Japanese ? f.labelJa : f.labelEn, value);
  return v;
}

}  // namespace renkei::app
