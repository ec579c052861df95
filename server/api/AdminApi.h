// SPDX-License-Identifier: MIT
// AdminApi — the liaison office's operations (role admin; R-ACC-1..4, R-PW-4, R-PW-6):
// facilities (register, list, withdraw), users (register with a temporary password, list, change
// name/role/enrolment record, deactivate/reactivate, revoke for misuse), password re-issue and
// two-factor reset. Every change ends the sessions it must and is audited by Api::route.
#pragma once

#include "server/api/Api.h"

namespace renkei::server {

void registerAdminApi(Api& api);

}  // namespace renkei::server
