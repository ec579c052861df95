// SPDX-License-Identifier: MIT
// The patients' state: the list and one patient's page (header, labs, trends, documents, studies).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "wasm-app/office/Office.h"

namespace renkei::app {

struct App;

// ---- Patient data. All of it is dropped at log-out and on session expiry (App::signOut). ----

struct PatientSummary {
  std::string id, name, nameKana, sex, birthDate;
  bool limited = false;     ///< a clinic user's view: only data from `visibleFrom` on
  std::string visibleFrom;  ///< YYYY-MM-DD, from the server (core::ConsentScope decided it there)
  int newItems = 0;
};

struct PatientList {
  std::string query;
  bool loading = false, loaded = false;
  std::string error;
  std::vector<PatientSummary> rows;
  int total = 0;
  bool focusQuery = true;
};

/// One test's results by specimen time: a row of the lab table.
struct LabRow {
  std::string code, name, unit, range;
  struct Cell {
    std::string value, flag, comment;
  };
  std::vector<std::pair<std::string, Cell>> cells;  ///< by specimen time (a time of LabTable::times)
  const Cell* at(const std::string& time) const;
};

struct LabTable {
  std::vector<std::string> times;  ///< specimen times, newest first (the columns)
  std::vector<LabRow> rows;        ///< tests in the order the newest report lists them
};

/// One test's numeric results over time, for a trend plot.
struct Trend {
  std::string code, name, unit;
  std::optional<double> low, high;
  struct Point {
    double day = 0;  ///< days since 1970-01-01, with the time of day as a fraction
    double value = 0;
    std::string time, text, flag;
  };
  std::vector<Point> points;  ///< oldest first
};

struct DocumentSummary {
  std::int64_t id = 0;
  std::string kind, kindName, title, author, date, status;
  bool isNew = false;
};

struct DocumentView {
  std::int64_t id = 0;  ///< 0: none open
  bool loading = false;
  std::string error, title, kindName, author, date, status, text;
  std::vector<std::pair<std::string, std::string>> fields;  ///< the kind's own fields (label, value), in order
};

/// An imaging study as the patient page lists it (the viewer opens it in a later release).
struct StudySummary {
  std::string uid, date, modalities, description;
  int instances = 0;
  std::vector<std::pair<std::int64_t, std::string>> reports;  ///< document id, title
};

enum class PatientTab { Timeline, Labs, Trends, Documents, Consents };

struct PatientPage {
  PatientSummary patient;
  bool loading = false;
  std::string error;
  std::int64_t previousVisitAt = 0;
  PatientTab tab = PatientTab::Timeline;
  bool labsLoading = false, trendsLoading = false, documentsLoading = false;
  std::string labsError, documentsError;
  LabTable labs;
  std::vector<Trend> trends;
  int selectedTrend = 0;
  std::vector<DocumentSummary> documents;
  std::vector<StudySummary> studies;
  bool studiesLoading = false;
  DocumentView document;
  ConsentPanel consents;  ///< the office's view of the patient's consents
};

// The screens (patients/*Screen.cpp).
void drawPatientListScreen(App& app);
void drawPatientScreen(App& app);

}  // namespace renkei::app
