// SPDX-License-Identifier: MIT
// Log-in, log-out, the current session and password changes (R-ACC-2, R-PW-2..5, R-SES-1..2).
//   POST   /api/v1/session   {"user", "password"}      log in (sets the cookie, returns the CSRF token)
//   GET    /api/v1/session                              who am I, password status
//   DELETE /api/v1/session                              log out
//   POST   /api/v1/password  {"current", "new"}         change the password (ends all other sessions)
#pragma once

#include "server/api/Api.h"

namespace renkei::server {

void registerSessionApi(Api& api);

}  // namespace renkei::server
