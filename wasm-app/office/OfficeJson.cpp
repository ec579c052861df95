// SPDX-License-Identifier: MIT
#include "wasm-app/office/OfficeJson.h"

#include "wasm-app/JsonField.h"

namespace renkei::app {

using nlohmann::json;

std::vector<FacilityRow> facilitiesFrom(const json& answer) {
  std::vector<FacilityRow> out;
  for (const json& f : jsonArray(answer, "facilities"))
    out.push_back({jsonText(f, "id"), jsonText(f, "name"), jsonText(f, "kind"), jsonText(f, "address"),
                   jsonText(f, "institution_code"), jsonBool(f, "active")});
  return out;
}

std::vector<UserRow> usersFrom(const json& answer) {
  std::vector<UserRow> out;
  for (const json& u : jsonArray(answer, "users")) {
    UserRow r{jsonText(u, "id"), jsonText(u, "name"), jsonText(u, "role"), jsonText(u, "facility"),
              jsonText(u, "licence_number"), jsonText(u, "setup_visit_on"), jsonText(u, "training_done_on"),
              jsonText(u, "status"), jsonBool(u, "two_factor"), {}, {}};
    const json& pw = jsonObject(u, "password");
    r.passwordState = jsonText(pw, "state");
    r.passwordExpiresOn = jsonText(pw, "expires_on");
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<ConsentRow> consentsFrom(const json& answer) {
  std::vector<ConsentRow> out;
  for (const json& c : jsonArray(answer, "consents")) {
    const json& scan = jsonObject(c, "scan");
    out.push_back({jsonInteger(c, "id"), jsonText(c, "grantee_kind"), jsonText(c, "grantee_id"), jsonText(c, "signed_on"),
                   jsonText(c, "visible_from"), jsonText(c, "withdrawn_on"), jsonText(c, "withdrawal_reason"),
                   jsonText(c, "recorded_by"), jsonText(scan, "media_type"), jsonInteger(scan, "bytes")});
  }
  return out;
}

std::vector<AlertRow> alertsFrom(const json& answer) {
  std::vector<AlertRow> out;
  for (const json& a : jsonArray(answer, "alerts"))
    out.push_back({jsonText(a, "user"), jsonText(a, "facility"), jsonText(a, "kind"), jsonInteger(a, "count"),
                   jsonInteger(a, "last_at")});
  return out;
}

std::vector<AuditRecord> auditRecordsFrom(const json& answer) {
  std::vector<AuditRecord> out;
  for (const json& x : jsonArray(answer, "records"))
    out.push_back({jsonInteger(x, "seq"), jsonInteger(x, "at"), jsonText(x, "user"), jsonText(x, "facility"),
                   jsonText(x, "source_ip"), jsonText(x, "action"), jsonText(x, "resource"), jsonText(x, "patient"),
                   jsonText(x, "outcome"), jsonText(x, "detail")});
  return out;
}

}  // namespace renkei::app
