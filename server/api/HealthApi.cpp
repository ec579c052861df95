// SPDX-License-Identifier: MIT
#include "server/api/HealthApi.h"

#include "server/BuildInfo.h"

namespace renkei::server {

nlohmann::json healthJson(Database& db, const std::string& nowUtc) {
  std::string database = "ok";
  int schema = -1;
  try {
    schema = db.schemaVersion();
  } catch (const std::exception&) {
    database = "unavailable";
  }
  return {
      {"status", database == "ok" ? "ok" : "degraded"},
      {"name", "Renkei"},
      {"version", build::kVersion},
      {"build", {{"commit", build::kCommit}, {"type", build::kBuildType}, {"compiler", build::kCompiler}}},
      {"database", {{"status", database}, {"schema_version", schema}}},
      {"time", nowUtc},
  };
}

}  // namespace renkei::server
