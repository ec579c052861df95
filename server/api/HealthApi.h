// SPDX-License-Identifier: MIT
// GET /api/v1/health — liveness for monitoring and the app's "connected to" line: version, build,
// database schema. No patient data and no session needed.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "server/store/Database.h"

namespace renkei::server {

nlohmann::json healthJson(Database& db, const std::string& nowUtc);

}  // namespace renkei::server
