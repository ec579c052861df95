// SPDX-License-Identifier: MIT
#include "server/api/ConsentJson.h"

#include <string>

namespace renkei::server {
namespace {

using nlohmann::json;

json optionalDate(const std::optional<Date>& d) { return d ? json(d->iso()) : json(); }

}  // namespace

json consentJson(const StoredConsent& c, bool forOffice) {
  json j{{"id", c.id},
         {"patient_id", c.patientId},
         {"grantee_kind", c.consent.grantee == ConsentGrantee::Doctor ? "doctor" : "clinic"},
         {"grantee_id", c.consent.granteeId},
         {"signed_on", c.consent.signedOn.iso()},
         {"visible_from", ConsentScope::lookBackStart(c.consent.signedOn).iso()},
         {"withdrawn_on", optionalDate(c.consent.withdrawnOn)}};
  if (forOffice) {
    j["withdrawal_reason"] = c.withdrawalReason;
    j["recorded_by"] = c.recordedBy;
    j["recorded_at"] = c.recordedAt;
    j["scan"] = {{"media_type", c.scanType}, {"bytes", c.scanBytes}, {"sha256", c.scanSha256},
                 {"url", "/api/v1/admin/consents/" + std::to_string(c.id) + "/scan"}};
  }
  return j;
}

json scopeJson(const PatientScope& s) { return {{"limited", s.limited}, {"visible_from", optionalDate(s.visibleFrom)}}; }

}  // namespace renkei::server
