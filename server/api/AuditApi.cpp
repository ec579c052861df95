// SPDX-License-Identifier: MIT
#include "server/api/AuditApi.h"

#include "server/api/QueryParams.h"

#include <SQLiteCpp/Statement.h>

#include <charconv>
#include <ctime>
#include <vector>
#include <nlohmann/json.hpp>

#include "server/api/JsonBody.h"
#include "server/api/Roles.h"

namespace renkei::server {
namespace {

std::int64_t integerParam(const httplib::Request& req, const char* name, std::int64_t fallback, std::int64_t min,
                          std::int64_t max) {
  if (!req.has_param(name)) return fallback;
  const std::string v = req.get_param_value(name);
  std::int64_t n = 0;
  const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || p != v.data() + v.size() || n < min || n > max)
    throw Refusal(Error::BadRequest, std::string("parameter '") + name + "' must be a whole number from " + std::to_string(min) + " to " +
                     std::to_string(max));
  return n;
}

struct AuditRecord {
  std::int64_t seq, at;
  std::string user, facility, sourceIp, action, resource, patient, outcome, detail;
};

/// The records matching the search parameters, newest first; `maxLimit` bounds `limit`.
std::vector<AuditRecord> search(Services& sv, const httplib::Request& req, std::int64_t defaultLimit, std::int64_t maxLimit,
                                std::int64_t& limit, std::int64_t& offset) {
  for (const auto& [key, value] : req.params)
    if (key != "user" && key != "patient" && key != "action" && key != "from" && key != "to" && key != "limit" &&
        key != "offset")
      throw Refusal(Error::BadRequest, "unknown parameter '" + key + "'");
  const std::int64_t from = integerParam(req, "from", 0, 0, 1LL << 40);
  const std::int64_t to = integerParam(req, "to", 1LL << 40, 0, 1LL << 40);
  limit = integerParam(req, "limit", defaultLimit, 1, maxLimit);
  offset = integerParam(req, "offset", 0, 0, 1LL << 40);
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
  std::vector<AuditRecord> out;
  while (q.executeStep())
    out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getString(),
                   q.getColumn(3).getString(), q.getColumn(4).getString(), q.getColumn(5).getString(),
                   q.getColumn(6).getString(), q.getColumn(7).getString(), q.getColumn(8).getString(),
                   q.getColumn(9).getString()});
  return out;
}

/// One CSV cell (RFC 4180). A cell that a spreadsheet would run as a formula (= + - @ at the
/// start, also after a tab or CR) gets a leading apostrophe: the log may hold what users typed.
std::string csvCell(const std::string& v) {
  std::string cell = v;
  if (!cell.empty() && std::string("=+-@\t\r").find(cell[0]) != std::string::npos) cell.insert(0, "'");
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (const char c : cell) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string isoUtc(std::int64_t t) {
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

void registerAuditApi(Api& api) {
  Services& sv = api.services();
  api.route("GET", "/api/v1/audit", Access::Session, kOffice,
            [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "audit.search";
              std::int64_t limit = 0, offset = 0;
              nlohmann::json records = nlohmann::json::array();
              for (const AuditRecord& r : search(sv, req, 100, 1000, limit, offset))
                records.push_back({{"seq", r.seq}, {"at", r.at}, {"user", r.user}, {"facility", r.facility},
                                   {"source_ip", r.sourceIp}, {"action", r.action}, {"resource", r.resource},
                                   {"patient", r.patient}, {"outcome", r.outcome}, {"detail", r.detail}});
              res.set_content(nlohmann::json{{"records", records}, {"limit", limit}, {"offset", offset}}.dump(),
                              "application/json");
            });
  // Who reached a purpose limit in the last 7 days (R-VIEW-4): the viewing volume, the download
  // limit. The office sees these on its audit screen and asks the clinic what happened.
  api.route("GET", "/api/v1/audit/alerts", Access::Session, kOffice,
            [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "audit.alerts";
              QueryParams(req, {});
              SQLite::Statement q(sv.db.sql(),
                                  "SELECT account_id, facility_id, CASE WHEN detail LIKE '%viewing limit%' THEN 'viewing_limit'"
                                  " ELSE 'download_limit' END AS kind, count(*), max(at), max(seq) FROM audit"
                                  " WHERE outcome = 'denied' AND at >= ? AND (detail LIKE '%viewing limit%'"
                                  " OR detail LIKE '%download limit%') GROUP BY account_id, kind ORDER BY max(at) DESC LIMIT 100");
              q.bind(1, ctx.now - 7 * 86400);
              nlohmann::json alerts = nlohmann::json::array();
              while (q.executeStep())
                alerts.push_back({{"user", q.getColumn(0).getString()}, {"facility", q.getColumn(1).getString()},
                                  {"kind", q.getColumn(2).getString()}, {"count", q.getColumn(3).getInt64()},
                                  {"last_at", q.getColumn(4).getInt64()}, {"last_seq", q.getColumn(5).getInt64()}});
              ctx.detail = std::to_string(alerts.size()) + " alerts";
              res.set_content(nlohmann::json{{"alerts", alerts}}.dump(), "application/json");
            });
  // R-AUD-3: the same search as CSV for a spreadsheet (UTF-8 with BOM, so Excel reads Japanese).
  api.route("GET", "/api/v1/audit/export", Access::Session, kOffice,
            [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "audit.export";
              std::int64_t limit = 0, offset = 0;
              const auto rows = search(sv, req, 100000, 100000, limit, offset);
              std::string csv = "\xEF\xBB\xBF" "seq,time_utc,user,facility,source_ip,action,resource,patient,outcome,detail\r\n";
              for (const AuditRecord& r : rows)
                csv += std::to_string(r.seq) + "," + isoUtc(r.at) + "," + csvCell(r.user) + "," + csvCell(r.facility) + "," +
                       csvCell(r.sourceIp) + "," + csvCell(r.action) + "," + csvCell(r.resource) + "," +
                       csvCell(r.patient) + "," + csvCell(r.outcome) + "," + csvCell(r.detail) + "\r\n";
              ctx.detail = std::to_string(rows.size()) + " records";
              res.set_header("Content-Disposition", "attachment; filename=\"renkei-audit.csv\"");
              res.set_content(csv, "text/csv; charset=utf-8");
            });
}

}  // namespace renkei::server
