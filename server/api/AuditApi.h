// SPDX-License-Identifier: MIT
// GET /api/v1/audit — the liaison office searches the audit log (R-AUD-3): by account, patient,
// action and period (Unix seconds), newest first, with paging. Admins only; the search itself is
// audited like every request.
#pragma once

#include "server/api/Api.h"

namespace renkei::server {

void registerAuditApi(Api& api);

}  // namespace renkei::server
