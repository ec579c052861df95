// SPDX-License-Identifier: MIT
// ConsentApi — the liaison office records consents with the scan of the signed form, lists them,
// serves the scan (to the office only) and records withdrawals (R-CON-1, R-CON-3).
#pragma once

#include "server/api/Api.h"

namespace renkei::server {

void registerConsentApi(Api& api);

}  // namespace renkei::server
