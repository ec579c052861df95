// SPDX-License-Identifier: MIT
#include "server/api/AuditApi.h"

#include <SQLiteCpp/Statement.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "server/api/JsonBody.h"

namespace renkei::server {
namespace {

std::int64_t integerParam(const httplib::Request& req, const char* name, std::int64_t fallback, std::int64_t min,
                          std::int64_t max) {
  if (!req.has_param(name)) return fallback;
  const std::string v = req.get_param_value(name);
  std::int64_t n = 0;
  const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || p != v.data() + v.size() || n < min || n > max)
    throw BadRequest(std::string("parameter '") + name + "' must be a whole number from " + std::to_string(min) + " to " +
                     std::to_string(max));
  return n;
}

}  // namespace

void registerAuditApi(Api& api) {
  Services& sv = api.services();
  api.route("GET", "/api/v1/audit", Access::Session, {"admin"},
            [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "audit.search";
              for (const auto& [key, value] : req.params)
                if (key != "user" && key != "patient" && key != "action" && key != "from" && key != "to" &&
                    key != "limit" && key != "offset")
                  throw BadRequest("unknown parameter '" + key + "'");
              const std::int64_t from = integerParam(req, "from", 0, 0, 1LL << 40);
              const std::int64_t to = integerParam(req, "to", 1LL << 40, 0, 1LL << 40);
              const std::int64_t limit = integerParam(req, "limit", 100, 1, 1000);
              const std::int64_t offset = integerParam(req, "offset", 0, 0, 1LL << 40);
              std::string sql =
                  "SELECT seq, at, account_id, facility_id, source_ip, action, resource, patient_id, outcome, detail"
                  " FROM audit WHERE at >= ? AND at <= ?";
              if (req.has_param("user")) sql += " AND account_id = ?";
              if (req.has_param("patient")) sql += " AND patient_id = ?";
              if (req.has_param("action")) sql += " AND action = ?";
              sql += " ORDER BY seq DESC LIMIT ? OFFSET ?";
              SQLite::Statement q(sv.db.sql(), sql);
              int i = 1;
              q.bind(i++, from);
              q.bind(i++, to);
              for (const char* p : {"user", "patient", "action"})
                if (req.has_param(p)) q.bind(i++, req.get_param_value(p));
              q.bind(i++, limit);
              q.bind(i++, offset);
              nlohmann::json records = nlohmann::json::array();
              while (q.executeStep())
                records.push_back({{"seq", q.getColumn(0).getInt64()}, {"at", q.getColumn(1).getInt64()},
                                   {"user", q.getColumn(2).getString()}, {"facility", q.getColumn(3).getString()},
                                   {"source_ip", q.getColumn(4).getString()}, {"action", q.getColumn(5).getString()},
                                   {"resource", q.getColumn(6).getString()}, {"patient", q.getColumn(7).getString()},
                                   {"outcome", q.getColumn(8).getString()}, {"detail", q.getColumn(9).getString()}});
              res.set_content(nlohmann::json{{"records", records}, {"limit", limit}, {"offset", offset}}.dump(),
                              "application/json");
            });
}

}  // namespace renkei::server
