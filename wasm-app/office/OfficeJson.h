// SPDX-License-Identifier: MIT
// OfficeJson — the liaison office's answers (facilities, users, consents, audit records, held studies) read into
// the app's state. Pure (tests/app runs it natively); wrong or missing fields read as empty.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "core/text/Language.h"
#include "wasm-app/office/Office.h"

namespace renkei::app {

/// GET /api/v1/admin/facilities.
std::vector<FacilityRow> facilitiesFrom(const nlohmann::json& answer);
/// GET /api/v1/admin/users.
std::vector<UserRow> usersFrom(const nlohmann::json& answer);
/// GET /api/v1/patients/{id}/consents.
std::vector<ConsentRow> consentsFrom(const nlohmann::json& answer);
/// GET /api/v1/audit/alerts.
std::vector<AlertRow> alertsFrom(const nlohmann::json& answer);
/// GET /api/v1/audit.
std::vector<AuditRecord> auditRecordsFrom(const nlohmann::json& answer);
/// GET /api/v1/admin/held-studies.
std::vector<HeldStudyRow> heldStudiesFrom(const nlohmann::json& answer);
/// GET /api/v1/patients/{id}: the patient the office typed the id of.
RegisteredPatient registeredPatientFrom(const nlohmann::json& answer);
/// GET /api/v1/admin/held-studies/{study}: its instances, ordered by series, then as listed.
std::vector<HeldInstanceRow> heldInstancesFrom(const nlohmann::json& answer);

/// Where what a held instance says differs from the registered patient it is about to be filed
/// under, for the confirmation. A value the instance does not have is no difference (that is why
/// it was held); a birth date or sex it does have and that differs is.
struct HeldMismatch {
  bool patientId = false, birthDate = false, sex = false;
  bool any() const { return patientId || birthDate || sex; }
};
HeldMismatch heldMismatch(const HeldSays& says, const RegisteredPatient& patient);
/// Why the server held a study ("no Patient ID", "the Patient ID 'X' is not a hospital patient id"),
/// in the user's language; a reason not known here is shown as the server wrote it.
std::string heldReasonText(const std::string& reason, Language language);

}  // namespace renkei::app
