// SPDX-License-Identifier: MIT
// TwoFactorApi — setting up two-factor log-in (R-PW-6): POST /api/v1/totp/enrolment gives a new
// secret with its QR code, POST /api/v1/totp/confirm activates it with the first code and returns
// the recovery codes once. Both are open while the set-up is pending (Access::SessionPending).
#pragma once

#include "server/api/Api.h"

namespace renkei::server {

void registerTwoFactorApi(Api& api);

}  // namespace renkei::server
