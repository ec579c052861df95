// SPDX-License-Identifier: MIT
// OfficeJson — the liaison office's answers (facilities, users, consents, audit records) read into
// the app's state. Pure (tests/app runs it natively); wrong or missing fields read as empty.
#pragma once

#include <nlohmann/json.hpp>

#include <vector>

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

}  // namespace renkei::app
