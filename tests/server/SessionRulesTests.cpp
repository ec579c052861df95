// SPDX-License-Identifier: MIT
// The rules hold inside open sessions too (issue 19): every request re-checks the account — an
// expired password, a lock-out, training no longer on record, a withdrawn facility end the session
// with the reason; and the audit log's end cannot be cut off unnoticed (R-AUD-2): head.log and
// signed daily checkpoints outside the database say where the chain should end.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "DemoServer.h"
#include "core/time/Date.h"

using namespace renkei;
using namespace renkei::test;
using nlohmann::json;

namespace {

void sql(const Demo& d, const std::string& statement) {
  SQLite::Database db((d.data / "renkei.sqlite").string(), SQLite::OPEN_READWRITE);
  db.exec(statement);
}

/// The first JST midnight after `t`.
std::int64_t nextJstMidnight(std::int64_t t) {
  const std::int64_t local = t + 9 * 3600;
  return (local / 86400 + 1) * 86400 - 9 * 3600;
}

}  // namespace

TEST_CASE("a session open across the 90th day of the password ends at the next request (R-PW-4)", "[session-rules][R-PW-4]") {
  Demo d;
  const std::int64_t midnight = nextJstMidnight(kStart), before = midnight - 300, after = midnight + 300;
  // The password was set 89 days before the evening's date: still valid that evening, expired the
  // next morning (day 90).
  const Date evening = Date::fromUnixSecondsJst(before);
  sql(d, "UPDATE password SET set_on = '" + evening.plusDays(-89).iso() + "' WHERE account_id = 'dr-tanaka'");
  const auto doctor = d.signedIn("dr-tanaka", "Renkei-clinic-2026", before);
  CHECK(doctor.body["password"]["state"] == "warning");
  CHECK(d.call("GET", "/api/v1/patients", doctor, nullptr, before + 60).status == 200);
  const auto expired = d.call("GET", "/api/v1/patients", doctor, nullptr, after);  // 10 minutes later: not idle
  CHECK(expired.status == 401);
  CHECK(expired.body["error"]["code"] == "password_expired");
  // The session is gone: the next request is simply not signed in.
  CHECK(d.call("GET", "/api/v1/patients", doctor, nullptr, after + 1).body["error"]["code"] == "session_required");
  CHECK(d.audit("account_id = 'dr-tanaka' AND detail = 'session ended: password expired'").size() == 1);
  // Log-in is refused too, as before.
  CHECK(d.login("dr-tanaka", "Renkei-clinic-2026", after).body["error"]["code"] == "password_expired");
}

TEST_CASE("a lock-out that starts during a session ends the session (R-PW-5)", "[session-rules][R-PW-5]") {
  Demo d;
  const auto doctor = d.signedIn("dr-tanaka", "Renkei-clinic-2026");
  CHECK(d.call("GET", "/api/v1/patients", doctor).status == 200);
  for (int i = 0; i < 5; ++i) CHECK(d.login("dr-tanaka", "not-the-password-" + std::to_string(i)).status == 401);
  const auto r = d.call("GET", "/api/v1/patients", doctor);
  CHECK(r.status == 401);
  CHECK(r.body["error"]["code"] == "locked");
  CHECK(r.body["error"]["retry_after"].get<int>() > 0);
  CHECK(d.audit("account_id = 'dr-tanaka' AND detail = 'session ended: locked out'").size() == 1);
}

TEST_CASE("training taken off the record, or the clinic withdrawn, ends open sessions and tokens (R-ACC-2, R-ACC-3)",
          "[session-rules][R-ACC-2][R-ACC-3]") {
  Demo d;
  auto doctor = d.signedIn("dr-tanaka", "Renkei-clinic-2026");
  const auto token = d.call("POST", "/api/v1/tokens", doctor, {{"name", "viewer"}, {"days", 30}});
  REQUIRE(token.status == 201);
  const std::string bearer = "Bearer " + token.body["token"].get<std::string>();
  sql(d, "UPDATE account SET training_done_on = NULL WHERE id = 'dr-tanaka'");
  auto viaToken = d.client->Get("/dicomweb/studies", {{"Authorization", bearer}});
  REQUIRE(viaToken);
  CHECK(viaToken->status == 403);  // a token is no way around it
  const auto r = d.call("GET", "/api/v1/patients", doctor);
  CHECK(r.status == 401);
  CHECK(r.body["error"]["code"] == "training_required");
  // The session ended, and with it the account's tokens (as at every end of all sessions).
  sql(d, "UPDATE account SET training_done_on = '2026-01-01' WHERE id = 'dr-tanaka'");
  viaToken = d.client->Get("/dicomweb/studies", {{"Authorization", bearer}});
  REQUIRE(viaToken);
  CHECK(viaToken->status == 401);
  doctor = d.signedIn("dr-tanaka", "Renkei-clinic-2026");
  // The facility withdrawn behind the server's back (not through the office's API, which would
  // deactivate the accounts too): the session still ends.
  sql(d, "UPDATE facility SET active = 0 WHERE id = (SELECT facility_id FROM account WHERE id = 'dr-tanaka')");
  const auto w = d.call("GET", "/api/v1/patients", doctor);
  CHECK(w.status == 401);
  CHECK(w.body["error"]["code"] == "account_inactive");
  CHECK(d.audit("account_id = 'dr-tanaka' AND detail = 'session ended: facility withdrawn'").size() == 1);
}

TEST_CASE("deleting the last audit records is reported with the first missing sequence number (R-AUD-2)",
          "[session-rules][R-AUD-2]") {
  Demo d;
  for (int i = 0; i < 3; ++i) d.login("dr-tanaka", "Renkei-clinic-2026");
  d.server->stop();
  std::string out;
  REQUIRE(admin(d.data, "audit verify", &out) == 0);
  SQLite::Database db((d.data / "renkei.sqlite").string(), SQLite::OPEN_READWRITE);
  const std::int64_t last = db.execAndGet("SELECT max(seq) FROM audit").getInt64();
  REQUIRE(last > 3);
  // The attacker removes the trigger and the last three records: the chain alone still verifies…
  db.exec("DROP TRIGGER audit_append_only_delete");
  db.exec("DELETE FROM audit WHERE seq > " + std::to_string(last - 3));
  // …but head.log says where it ended.
  CHECK(admin(d.data, "audit verify", &out) == 1);
  INFO(out);
  CHECK(out.find("AUDIT LOG CUT OFF: first missing record " + std::to_string(last - 2)) != std::string::npos);
  CHECK(std::filesystem::exists(d.data / "audit" / "head.log"));
}

TEST_CASE("an older database file put back is reported, checkpoints are signed and checked (R-AUD-2)",
          "[session-rules][R-AUD-2]") {
  Demo d;
  d.login("dr-tanaka", "Renkei-clinic-2026");
  d.server->stop();
  std::string out;
  // Today's checkpoint exists (the first record of the day made it) and verifies.
  const auto checkpoints = d.data / "audit" / "checkpoints";
  REQUIRE(!std::filesystem::is_empty(checkpoints));
  REQUIRE(admin(d.data, "audit checkpoint", &out) == 0);
  const json checkpoint = json::parse(out.substr(out.find('{')));
  CHECK(checkpoint["algorithm"] == "Ed25519");
  CHECK(checkpoint["seq"].get<std::int64_t>() > 0);
  const auto backup = d.dir.path() / "old.sqlite";
  std::filesystem::copy_file(d.data / "renkei.sqlite", backup);
  // More work, then the old file is put back in place.
  REQUIRE(d.server->start());
  d.client = d.server->client();
  d.login("dr-tanaka", "Renkei-clinic-2026");
  d.login("rad-sato", "Renkei-staff-2026");
  d.server->stop();
  REQUIRE(admin(d.data, "audit verify", &out) == 0);
  std::filesystem::copy_file(backup, d.data / "renkei.sqlite", std::filesystem::copy_options::overwrite_existing);
  std::filesystem::remove(d.data / "renkei.sqlite-wal");
  std::filesystem::remove(d.data / "renkei.sqlite-shm");
  CHECK(admin(d.data, "audit verify", &out) == 1);
  CHECK(out.find("AUDIT LOG CUT OFF") != std::string::npos);
  // A checkpoint edited by hand no longer carries this server's signature.
  std::filesystem::copy_file(d.dir.path() / "old.sqlite", d.data / "renkei.sqlite", std::filesystem::copy_options::overwrite_existing);
  const auto file = checkpoints / (checkpoint["day"].get<std::string>() + ".json");
  json edited = checkpoint;
  edited["seq"] = 1;
  std::ofstream(file) << edited.dump();
  std::filesystem::remove(d.data / "audit" / "head.log");
  CHECK(admin(d.data, "audit verify", &out) == 1);
  CHECK(out.find("signature is not this server's") != std::string::npos);
}
