// SPDX-License-Identifier: MIT
// TokenApi — a user's own API tokens for DICOMweb clients: list, create (the secret is in the
// answer once), revoke. Clinic doctors and hospital staff; every call audited.
#pragma once

#include "server/api/Api.h"

namespace renkei::server {

void registerTokenApi(Api& api);

}  // namespace renkei::server
