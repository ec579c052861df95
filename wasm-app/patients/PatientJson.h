// SPDX-License-Identifier: MIT
// PatientJson — the server's patient answers (docs/api.md) read into the app's state. Pure: no
// browser, no ImGui, so tests/app runs it natively; a field that is missing or of the wrong type
// reads as empty (JsonField), never as an exception.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <vector>

#include "core/text/Language.h"
#include "wasm-app/patients/Patients.h"

namespace renkei::app {

/// A patient and the reader's consent scope ({limited, visible_from}; null for staff).
PatientSummary patientFrom(const nlohmann::json& patient, const nlohmann::json& scope);
/// GET /api/v1/patients: the rows (with their new-item counts) and the total.
std::vector<PatientSummary> patientListFrom(const nlohmann::json& answer, int& total);
/// GET /api/v1/patients/{id}/labs: one column per report (specimen time), one row per test.
LabTable labTableFrom(const nlohmann::json& answer);
/// GET /api/v1/patients/{id}/labs/series: the tests with at least one numeric point.
std::vector<Trend> trendsFrom(const nlohmann::json& answer);
/// GET /api/v1/patients/{id}/studies.
std::vector<StudySummary> studiesFrom(const nlohmann::json& answer);
/// GET /api/v1/patients/{id}/documents; a document changed after `previousVisitAt` is new.
std::vector<DocumentSummary> documentsFrom(const nlohmann::json& answer, Language language, std::int64_t previousVisitAt);
/// GET /api/v1/documents/{id}: the text and the kind's own fields in the kind's order.
DocumentView documentViewFrom(const nlohmann::json& answer, Language language);
/// Days since 1970-01-01 (with the time of day as a fraction) for "YYYY-MM-DD[THH:MM]"; 0 when unreadable.
double dayOf(const std::string& time);

}  // namespace renkei::app
