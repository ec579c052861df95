// SPDX-License-Identifier: MIT
// ConsentJson — how a consent and a caller's consent scope appear in the JSON API, defined once for
// the office's consent records (ConsentApi) and the patient page and lists (PatientApi).
#pragma once

#include <nlohmann/json.hpp>

#include "server/api/PatientAccess.h"
#include "server/records/Consents.h"

namespace renkei::server {

/// A consent with the first date it makes visible ("visible_from", the look-back start); for the
/// office (`forOffice`) also the withdrawal reason, who recorded it and when, and the scan's link.
nlohmann::json consentJson(const StoredConsent& c, bool forOffice);

/// {"limited", "visible_from"}: what of a patient the caller sees.
nlohmann::json scopeJson(const PatientScope& s);

}  // namespace renkei::server
