// SPDX-License-Identifier: MIT
// Log-in, sessions, passwords and the audit log against the real server (issue 4 groundwork):
// R-ACC-2, R-PW-1..5, R-SES-1..2, R-AUD-1..3. The clock is moved with X-Renkei-Test-Now, which the
// server accepts only with --test-mode.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <SQLiteCpp/Database.h>

#include <cstdio>
#include <ctime>

#include "DemoServer.h"

using nlohmann::json;
using renkei::test::ServerProcess;
using renkei::test::TempDir;

using renkei::test::admin;
using renkei::test::Demo;
using renkei::test::kDay;
using renkei::test::kStart;

TEST_CASE("log-in sets a secure session cookie and returns role, password status and CSRF token", "[accounts][R-SES-2]") {
  Demo d;
  const auto l = d.login("dr-tanaka", "Renkei-clinic-2026");
  REQUIRE(l.status == 200);
  CHECK(l.body["user"]["role"] == "clinic");
  CHECK(l.body["user"]["facility"] == "clinic-tanaka");
  CHECK(l.body["password"]["state"] == "ok");
  CHECK(l.body["password"]["days_left"] == 90);
  CHECK(l.body["csrf_token"].get<std::string>().size() >= 30);
  CHECK(l.cookie.size() >= 40);
  for (const char* flag : {"HttpOnly", "Secure", "SameSite=Strict", "Path=/"}) CHECK(l.setCookie.find(flag) != std::string::npos);
  CHECK(d.get("/api/v1/session", l.cookie) == 200);
  // The database keeps only a hash of the token.
  SQLite::Database db((d.data / "renkei.sqlite").string(), SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT count(*) FROM session WHERE token_hash = '" + l.cookie + "'").getInt() == 0);
  CHECK(db.execAndGet("SELECT count(*) FROM session").getInt() == 1);
}

TEST_CASE("a wrong password and an unknown user get the same answer", "[accounts][R-PW-5]") {
  Demo d;
  const auto wrong = d.login("dr-tanaka", "not-the-password-1");
  const auto unknown = d.login("dr-nobody", "not-the-password-1");
  CHECK(wrong.status == 401);
  CHECK(unknown.status == 401);
  CHECK(wrong.body == unknown.body);
  CHECK(wrong.cookie.empty());
  CHECK(d.audit("action = 'login' AND outcome = 'denied'").size() == 2);
}

TEST_CASE("five failures lock the id for 15 minutes, even for the right password, and it is audited", "[accounts][R-PW-5]") {
  Demo d;
  for (int i = 0; i < 5; ++i) CHECK(d.login("dr-tanaka", "wrong-password-" + std::to_string(i)).status == 401);
  const auto locked = d.login("dr-tanaka", "Renkei-clinic-2026", kStart + 60);
  CHECK(locked.status == 423);
  CHECK(locked.body["error"]["retry_after"].get<int>() == 15 * 60 - 60);  // locked at the 5th failure, asked 60 s later
  CHECK(locked.body["error"]["code"] == "locked");
  CHECK(d.audit("detail LIKE '%locked%'").size() == 2);  // the locking failure and the refused attempt
  // Unknown ids lock the same way: the lock-out does not reveal which ids exist.
  for (int i = 0; i < 5; ++i) d.login("dr-nobody", "wrong-password-x");
  CHECK(d.login("dr-nobody", "wrong-password-x", kStart + 60).status == 423);
  // After 15 minutes the right password works again.
  CHECK(d.login("dr-tanaka", "Renkei-clinic-2026", kStart + 15 * 60 + 1).status == 200);
}

TEST_CASE("without recorded training there is no log-in", "[accounts][R-ACC-2]") {
  Demo d;
  const auto l = d.login("dr-new", "Renkei-clinic-2026");
  CHECK(l.status == 403);
  CHECK(l.body["error"]["code"] == "training_required");
  CHECK(l.cookie.empty());
}

TEST_CASE("password age: warning with days left from 14 days, unusable from day 90", "[accounts][R-PW-3][R-PW-4]") {
  Demo d;
  d.setPasswordDate("dr-tanaka", 75);
  CHECK(d.login("dr-tanaka", "Renkei-clinic-2026").body["password"]["state"] == "ok");
  d.setPasswordDate("dr-tanaka", 76);
  const auto warn = d.login("dr-tanaka", "Renkei-clinic-2026");
  CHECK(warn.body["password"]["state"] == "warning");
  CHECK(warn.body["password"]["days_left"] == 14);
  d.setPasswordDate("dr-tanaka", 90);
  const auto expired = d.login("dr-tanaka", "Renkei-clinic-2026");
  CHECK(expired.status == 403);
  CHECK(expired.body["error"]["code"] == "password_expired");
  CHECK(expired.cookie.empty());
  // Only the office can help: a re-issued temporary password works again.
  std::string out;
  REQUIRE(admin(d.data, "reissue-password dr-tanaka", &out) == 0);
  const std::string temp = out.substr(out.rfind(' ') + 1, 16);
  const auto again = d.login("dr-tanaka", temp);
  CHECK(again.status == 200);
  CHECK(again.body["password"]["state"] == "must_change");
}

TEST_CASE("a temporary password allows nothing but changing it", "[accounts][R-PW-4]") {
  Demo d;
  std::string out;
  REQUIRE(admin(d.data, "reissue-password office-yamada", &out) == 0);
  const std::string temp = out.substr(out.rfind(' ') + 1, 16);
  auto l = d.login("office-yamada", temp);
  REQUIRE(l.status == 200);
  CHECK(d.get("/api/v1/audit", l.cookie) == 403);
  const std::string csrf = l.body["csrf_token"];
  auto r = d.client->Post("/api/v1/password", d.at(kStart, l.cookie, csrf),
                          json{{"current", temp}, {"new", "Tsubame-kiiro-42x"}}.dump(), "application/json");
  REQUIRE(r);
  CHECK(r->status == 200);
  const std::string fresh = r->get_header_value("Set-Cookie").substr(15, 43);
  CHECK(d.get("/api/v1/audit", fresh) == 200);
  CHECK(d.get("/api/v1/session", l.cookie) == 401);  // the old session ended with the change
}

TEST_CASE("password change: rules, history and session rotation", "[accounts][R-PW-2][R-PW-5][R-SES-2]") {
  Demo d;
  auto l = d.login("dr-tanaka", "Renkei-clinic-2026");
  auto other = d.login("dr-tanaka", "Renkei-clinic-2026");  // a second device
  const std::string csrf = l.body["csrf_token"];
  auto change = [&](const std::string& current, const std::string& next, const std::string& cookie, const std::string& token) {
    auto r = d.client->Post("/api/v1/password", d.at(kStart, cookie, token), json{{"current", current}, {"new", next}}.dump(),
                            "application/json");
    REQUIRE(r);
    return std::make_pair(r->status, json::parse(r->body, nullptr, false));
  };
  auto [s1, b1] = change("wrong-current-pw", "Tsubame-kiiro-42x", l.cookie, csrf);
  CHECK(s1 == 403);
  auto [s2, b2] = change("Renkei-clinic-2026", "short1", l.cookie, csrf);
  CHECK(s2 == 422);
  CHECK(b2["error"]["problems"].dump().find("password.too_short") != std::string::npos);
  auto [s3, b3] = change("Renkei-clinic-2026", "Password123456!", l.cookie, csrf);
  CHECK(b3["error"]["problems"].dump().find("password.common") != std::string::npos);
  auto [s4, b4] = change("Renkei-clinic-2026", "Renkei-clinic-2026", l.cookie, csrf);  // the current one
  CHECK(s4 == 422);
  CHECK(b4["error"]["code"] == "password_reused");
  auto [s5, b5] = change("Renkei-clinic-2026", "Tsubame-kiiro-42x", l.cookie, csrf);
  CHECK(s5 == 200);
  CHECK(d.get("/api/v1/session", l.cookie) == 401);      // this session was rotated
  CHECK(d.get("/api/v1/session", other.cookie) == 401);  // every other session ended
  CHECK(d.login("dr-tanaka", "Renkei-clinic-2026").status == 401);
  auto l2 = d.login("dr-tanaka", "Tsubame-kiiro-42x");
  REQUIRE(l2.status == 200);
  // Back to the previous password: refused by the history rule.
  auto [s6, b6] = change("Tsubame-kiiro-42x", "Renkei-clinic-2026", l2.cookie, l2.body["csrf_token"]);
  CHECK(s6 == 422);
  CHECK(b6["error"]["code"] == "password_reused");
}

TEST_CASE("idle timeout after 15 minutes, absolute lifetime 12 hours", "[accounts][R-SES-1]") {
  Demo d;
  auto l = d.login("dr-tanaka", "Renkei-clinic-2026");
  CHECK(d.get("/api/v1/session", l.cookie, kStart + 14 * 60) == 200);
  CHECK(d.get("/api/v1/session", l.cookie, kStart + 28 * 60) == 200);  // activity restarted the idle timer
  auto r = d.client->Get("/api/v1/session", d.at(kStart + 43 * 60 + 1, l.cookie));
  REQUIRE(r);
  CHECK(r->status == 401);
  CHECK(json::parse(r->body)["error"]["code"] == "session_expired");
  CHECK(d.get("/api/v1/session", l.cookie, kStart + 28 * 60) == 401);  // gone for good
  // Active all day: still ends after 12 hours.
  auto busy = d.login("dr-tanaka", "Renkei-clinic-2026");
  for (std::int64_t t = kStart; t < kStart + 12 * 3600; t += 10 * 60) REQUIRE(d.get("/api/v1/session", busy.cookie, t) == 200);
  CHECK(d.get("/api/v1/session", busy.cookie, kStart + 12 * 3600) == 401);
}

TEST_CASE("log-out ends the session, and state changes need the CSRF token", "[accounts][R-SES-1][R-SES-2]") {
  Demo d;
  auto l = d.login("dr-tanaka", "Renkei-clinic-2026");
  auto noToken = d.client->Delete("/api/v1/session", d.at(kStart, l.cookie));
  REQUIRE(noToken);
  CHECK(noToken->status == 403);
  CHECK(d.get("/api/v1/session", l.cookie) == 200);
  auto out = d.client->Delete("/api/v1/session", d.at(kStart, l.cookie, l.body["csrf_token"]));
  REQUIRE(out);
  CHECK(out->status == 204);
  CHECK(out->get_header_value("Set-Cookie").find("Max-Age=0") != std::string::npos);
  CHECK(d.get("/api/v1/session", l.cookie) == 401);
}

TEST_CASE("a new session id at every log-in", "[accounts][R-SES-2]") {
  Demo d;
  auto first = d.login("dr-tanaka", "Renkei-clinic-2026");
  auto r = d.client->Post("/api/v1/session", d.at(kStart, first.cookie),
                          json{{"user", "dr-tanaka"}, {"password", "Renkei-clinic-2026"}}.dump(), "application/json");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("Set-Cookie").find(first.cookie) == std::string::npos);
  CHECK(d.get("/api/v1/session", first.cookie) == 401);  // the cookie sent with the log-in was ended
}

TEST_CASE("bad log-in bodies are 400 with the reason, and audited", "[accounts][bad-input]") {
  Demo d;
  for (const char* body : {"{not json", "[1,2]", "{\"user\":\"dr-tanaka\"}", "{\"user\":1,\"password\":\"x\"}",
                           "{\"user\":\"dr-tanaka\",\"password\":\"x\",\"role\":\"admin\"}"}) {
    INFO(body);
    auto r = d.client->Post("/api/v1/session", d.at(kStart), body, "application/json");
    REQUIRE(r);
    CHECK(r->status == 400);
    CHECK(json::parse(r->body)["error"]["code"] == "bad_request");
  }
  CHECK(d.audit("detail = 'bad_request'").size() == 5);
}

TEST_CASE("roles: the audit log is for the liaison office only, and every request is audited", "[accounts][R-AUD-1][R-AUD-3]") {
  Demo d;
  auto doctor = d.login("dr-tanaka", "Renkei-clinic-2026");
  CHECK(d.get("/api/v1/audit", doctor.cookie) == 403);
  CHECK(d.get("/api/v1/audit", "") == 401);
  auto office = d.login("office-yamada", "Renkei-office-2026");
  auto r = d.client->Get("/api/v1/audit?user=dr-tanaka&limit=10", d.at(kStart, office.cookie));
  REQUIRE(r);
  REQUIRE(r->status == 200);
  const auto records = json::parse(r->body)["records"];
  REQUIRE(records.size() >= 2);
  CHECK(records[0]["resource"] == "/api/v1/audit");  // newest first: the doctor's refused attempt
  CHECK(records[0]["outcome"] == "denied");
  CHECK(records[0]["detail"] == "role");
  auto bad = d.client->Get("/api/v1/audit?limit=0", d.at(kStart, office.cookie));
  CHECK(bad->status == 400);
  auto unknown = d.client->Get("/api/v1/audit?colour=red", d.at(kStart, office.cookie));
  CHECK(unknown->status == 400);
  // The search itself is in the log, and the anonymous request too.
  CHECK(d.audit("action = 'audit.search' AND account_id = 'office-yamada'").size() >= 1);
  CHECK(d.audit("account_id = '' AND resource = '/api/v1/audit' AND outcome = 'denied'").size() == 1);
}

TEST_CASE("the audit chain verifies, and an edited record is named", "[accounts][R-AUD-2]") {
  Demo d;
  d.login("dr-tanaka", "Renkei-clinic-2026");
  d.login("dr-tanaka", "wrong-password-1");
  d.server->stop();
  std::string out;
  CHECK(admin(d.data, "audit-verify", &out) == 0);
  CHECK(out.find("audit chain intact") != std::string::npos);
  {
    SQLite::Database db((d.data / "renkei.sqlite").string(), SQLite::OPEN_READWRITE);
    // Updates are refused by the database itself…
    CHECK_THROWS(db.exec("UPDATE audit SET outcome = 'allowed' WHERE action = 'login' AND outcome = 'denied'"));
    // …so an attacker edits around the trigger; the chain still tells.
    db.exec("DROP TRIGGER audit_append_only_update");
    db.exec("UPDATE audit SET outcome = 'allowed' WHERE action = 'login' AND outcome = 'denied'");
  }
  CHECK(admin(d.data, "audit verify", &out) == 1);
  CHECK(out.find("AUDIT CHAIN BROKEN at record") != std::string::npos);
}

TEST_CASE("the test clock is ignored outside test mode", "[accounts][security]") {
  Demo d(std::vector<std::string>{});
  d.setPasswordDate("dr-tanaka", 10);
  auto l = d.login("dr-tanaka", "Renkei-clinic-2026", kStart + 365 * kDay);  // would be expired if honoured
  CHECK(l.status == 200);
  CHECK(d.get("/api/v1/session", l.cookie, kStart + 2 * kDay) == 200);
}

TEST_CASE("the admin tool refuses bad commands and unknown accounts", "[accounts][bad-input][R-OPS-3]") {
  TempDir dir;
  std::string out;
  CHECK(admin(dir.path() / "d", "frobnicate", &out) == 2);
  CHECK(out.find("usage: renkei-admin") != std::string::npos);
  CHECK(admin(dir.path() / "d", "help", &out) == 0);
  CHECK(out.find("audit verify") != std::string::npos);
  CHECK(admin(dir.path() / "d", "reissue-password nobody", &out) == 1);
  CHECK(out.find("no account 'nobody'") != std::string::npos);
  CHECK(admin(dir.path() / "d", "create-admin it-kimura \"木村 IT\"", &out) == 0);
  CHECK(out.find("Temporary password") != std::string::npos);
  CHECK(admin(dir.path() / "d", "create-admin it-kimura again", &out) == 1);
}
