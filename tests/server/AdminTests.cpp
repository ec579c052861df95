// SPDX-License-Identifier: MIT
// The liaison office's operations over the API against the real server (R-ACC-1..4, R-PW-4,
// R-SES-2, R-AUD-3): registering clinics and people, enrolment and training, roles, withdrawal,
// revocation that follows the licence number, re-issue, and the audit export.
#include <catch2/catch.hpp>

#include "DemoServer.h"

using renkei::test::Demo;
using renkei::test::json;
using renkei::test::kDay;
using renkei::test::kStart;

namespace {

const json kClinic{{"id", "clinic-kokura"}, {"name", "小倉ファミリー診療所"}, {"kind", "clinic"},
                   {"address", "北九州市小倉北区"}, {"institution_code", "4019876543"}};

json person(const std::string& id, const std::string& licence) {
  return {{"id", id}, {"name", "小倉 太郎"}, {"role", "clinic"}, {"facility", "clinic-kokura"},
          {"licence_number", licence}, {"setup_visit_on", "2026-11-20"}, {"training_done_on", "2026-11-24"}};
}

}  // namespace

TEST_CASE("the office registers a clinic and a doctor, who logs in with the temporary password", "[admin][R-ACC-1][R-PW-4]") {
  Demo d;
  auto office = d.signedIn("office-yamada", "Renkei-office-2026");
  auto r = d.call("POST", "/api/v1/admin/facilities", office, kClinic);
  REQUIRE(r.status == 201);
  CHECK(r.body["institution_code"] == "4019876543");
  CHECK(d.call("POST", "/api/v1/admin/facilities", office, kClinic).status == 409);  // registered once

  r = d.call("POST", "/api/v1/admin/users", office, person("dr-kokura", "MD-400401"));
  REQUIRE(r.status == 201);
  const std::string temporary = r.body["temporary_password"];
  CHECK(temporary.size() == 16);
  CHECK(r.body["password"]["state"] == "must_change");
  CHECK(r.body["training_done_on"] == "2026-11-24");
  CHECK(d.call("POST", "/api/v1/admin/users", office, person("dr-kokura", "MD-400402")).body["error"]["code"] ==
        "duplicate_id");

  auto l = d.signedIn("dr-kokura", temporary);
  CHECK(l.body["password"]["state"] == "must_change");
  CHECK(l.body["user"]["facility_name"] == "小倉ファミリー診療所");

  r = d.call("GET", "/api/v1/admin/users?facility=clinic-kokura", office);
  REQUIRE(r.status == 200);
  REQUIRE(r.body["users"].size() == 1);
  CHECK(r.body["users"][0]["licence_number"] == "MD400401");  // stored normalised
  CHECK(d.call("GET", "/api/v1/admin/facilities", office).body["facilities"].size() == 4);  // demo: hospital, 2 clinics
  // The temporary password is never in the audit log.
  CHECK(d.audit("detail LIKE '%" + temporary + "%'").empty());
}

TEST_CASE("only the office may administer, and bad requests change nothing", "[admin][bad-input][R-ACC-1]") {
  Demo d;
  auto office = d.signedIn("office-yamada", "Renkei-office-2026");
  auto doctor = d.signedIn("dr-tanaka", "Renkei-clinic-2026");
  auto staff = d.signedIn("rad-sato", "Renkei-staff-2026");
  CHECK(d.call("POST", "/api/v1/admin/facilities", doctor, kClinic).status == 403);
  CHECK(d.call("GET", "/api/v1/admin/users", staff).status == 403);
  CHECK(d.call("GET", "/api/v1/admin/users", Demo::Login{}).status == 401);
  const std::pair<json, const char*> bad[] = {
      {json{{"id", "X"}, {"name", "n"}}, "'id'"},
      {json{{"id", "clinic-a"}, {"name", "n"}, {"colour", "red"}}, "unknown field"},
      {json{{"id", "clinic-a"}, {"name", "　 "}}, "must not be empty"},
      {json{{"id", "clinic-a"}, {"name", "n"}, {"institution_code", "12-34"}}, "10-digit"},
      {json{{"id", "clinic-a"}, {"name", "n"}, {"kind", "pharmacy"}}, "'kind'"},
      {json{{"id", 42}, {"name", "n"}}, "must be a string"},
  };
  for (const auto& [body, message] : bad) {
    const auto r = d.call("POST", "/api/v1/admin/facilities", office, body);
    CHECK(r.status == 400);
    CHECK(r.body["error"]["message"].get<std::string>().find(message) != std::string::npos);
  }
  REQUIRE(d.call("POST", "/api/v1/admin/facilities", office, kClinic).status == 201);
  json noLicence = person("dr-a", "");
  CHECK(d.call("POST", "/api/v1/admin/users", office, noLicence).status == 400);
  json badDate = person("dr-a", "MD-1");
  badDate["training_done_on"] = "2026-02-30";
  CHECK(d.call("POST", "/api/v1/admin/users", office, badDate).status == 400);
  json badRole = person("dr-a", "MD-1");
  badRole["role"] = "root";
  CHECK(d.call("POST", "/api/v1/admin/users", office, badRole).status == 400);
  json unknownFacility = person("dr-a", "MD-1");
  unknownFacility["facility"] = "clinic-nowhere";
  CHECK(d.call("POST", "/api/v1/admin/users", office, unknownFacility).body["error"]["code"] == "no_facility");
  CHECK(d.call("GET", "/api/v1/admin/users", office).body["users"].size() == 6);  // the demo accounts: nothing was added
  CHECK(d.audit("resource LIKE '/api/v1/admin/%' AND outcome = 'denied'").size() >= 12);
}

TEST_CASE("enrolment: no training recorded, no log-in, until the office records it", "[admin][R-ACC-2]") {
  Demo d;
  auto office = d.signedIn("office-yamada", "Renkei-office-2026");
  REQUIRE(d.call("POST", "/api/v1/admin/facilities", office, kClinic).status == 201);
  json p = person("dr-kokura", "MD-400401");
  p.erase("training_done_on");
  const std::string temporary = d.call("POST", "/api/v1/admin/users", office, p).body["temporary_password"];
  auto refused = d.login("dr-kokura", temporary);
  CHECK(refused.status == 403);
  CHECK(refused.body["error"]["code"] == "training_required");
  const auto r = d.call("PATCH", "/api/v1/admin/users/dr-kokura", office, {{"training_done_on", "2026-11-25"}});
  CHECK(r.status == 200);
  CHECK(r.body["training_done_on"] == "2026-11-25");
  CHECK(r.body["setup_visit_on"] == "2026-11-20");
  CHECK(d.login("dr-kokura", temporary).status == 200);
}

TEST_CASE("a new role takes effect at the next log-in: the person's sessions end", "[admin][R-ACC-1][R-SES-2]") {
  Demo d;
  auto office = d.signedIn("office-yamada", "Renkei-office-2026");
  auto sato = d.signedIn("rad-sato", "Renkei-staff-2026");
  auto r = d.call("PATCH", "/api/v1/admin/users/rad-sato", office, {{"role", "admin"}});
  CHECK(r.status == 200);
  CHECK(r.body["role"] == "admin");
  CHECK(d.get("/api/v1/session", sato.cookie) == 401);
  CHECK(d.signedIn("rad-sato", "Renkei-staff-2026").body["user"]["role"] == "admin");
  r = d.call("PATCH", "/api/v1/admin/users/nobody", office, {{"role", "staff"}});
  CHECK(r.status == 404);  // issue 18: an unknown account is 404 (was 409)
  CHECK(r.body["error"]["code"] == "not_found");
  CHECK(d.audit("action = 'account.update' AND detail LIKE '%role staff→admin%'").size() == 1);
}

TEST_CASE("withdrawal: a deactivated person or clinic cannot log in, what they wrote stays", "[admin][R-ACC-3][R-SES-2]") {
  Demo d;
  auto office = d.signedIn("office-yamada", "Renkei-office-2026");
  auto tanaka = d.signedIn("dr-tanaka", "Renkei-clinic-2026");
  CHECK(d.call("POST", "/api/v1/admin/users/dr-tanaka/deactivation", office, json::object()).status == 400);  // reason
  auto r = d.call("POST", "/api/v1/admin/users/dr-tanaka/deactivation", office, {{"reason", "退会申請 2026-11-25"}});
  CHECK(r.status == 200);
  CHECK(r.body["status"] == "deactivated");
  CHECK(d.get("/api/v1/session", tanaka.cookie) == 401);
  CHECK(d.login("dr-tanaka", "Renkei-clinic-2026").body["error"]["code"] == "account_inactive");
  CHECK(d.call("POST", "/api/v1/admin/users/dr-tanaka/reactivation", office, {{"reason", "再開"}}).status == 200);
  CHECK(d.login("dr-tanaka", "Renkei-clinic-2026").status == 200);
  CHECK(d.call("POST", "/api/v1/admin/users/office-yamada/deactivation", office, {{"reason", "x"}}).status == 409);

  // The whole clinic withdraws: every account of it is deactivated at once.
  auto again = d.signedIn("dr-tanaka", "Renkei-clinic-2026");
  r = d.call("POST", "/api/v1/admin/facilities/clinic-tanaka/withdrawal", office, {{"reason", "閉院"}});
  CHECK(r.status == 200);
  CHECK(r.body["accounts_deactivated"].size() == 3);  // dr-tanaka, dr-suzuki and dr-new
  CHECK(d.get("/api/v1/session", again.cookie) == 401);
  CHECK(d.call("POST", "/api/v1/admin/users/dr-tanaka/reactivation", office, {{"reason", "x"}}).body["error"]["code"] ==
        "facility_inactive");
  json p = person("dr-late", "MD-9");
  p["facility"] = "clinic-tanaka";
  CHECK(d.call("POST", "/api/v1/admin/users", office, p).body["error"]["code"] == "facility_inactive");
  // Attributed records stay: the account row (and everything that refers to it) is still there.
  CHECK(d.call("GET", "/api/v1/admin/users?facility=clinic-tanaka", office).body["users"].size() == 3);
  CHECK(d.audit("account_id = 'dr-tanaka'").size() >= 3);
}

TEST_CASE("revocation for misuse follows the licence number, not the user id", "[admin][R-ACC-4][R-SES-2]") {
  Demo d;
  auto office = d.signedIn("office-yamada", "Renkei-office-2026");
  auto tanaka = d.signedIn("dr-tanaka", "Renkei-clinic-2026");
  auto r = d.call("POST", "/api/v1/admin/users/dr-tanaka/revocation", office, {{"reason", "他院患者の閲覧"}});
  CHECK(r.status == 200);
  CHECK(r.body["status"] == "revoked");
  CHECK(d.get("/api/v1/session", tanaka.cookie) == 401);
  CHECK(d.login("dr-tanaka", "Renkei-clinic-2026").status == 403);
  CHECK(d.call("POST", "/api/v1/admin/users/dr-tanaka/reactivation", office, {{"reason", "x"}}).body["error"]["code"] ==
        "revoked");
  CHECK(d.call("PATCH", "/api/v1/admin/users/dr-tanaka", office, {{"role", "staff"}}).status == 409);
  r = d.call("POST", "/api/v1/admin/users/dr-tanaka/password", office);
  CHECK(r.status == 409);
  CHECK(r.body["error"]["code"] == "revoked");
  // The same person under any id, however the licence number is written, is refused.
  REQUIRE(d.call("POST", "/api/v1/admin/facilities", office, kClinic).status == 201);
  for (const char* licence : {"MD-300301", "md 300301", "ＭＤ－３００３０１"}) {
    r = d.call("POST", "/api/v1/admin/users", office, person("tanaka-2", licence));
    CHECK(r.status == 409);
    CHECK(r.body["error"]["code"] == "licence_revoked");
  }
  CHECK(d.call("POST", "/api/v1/admin/users", office, person("dr-other", "MD-300302x")).status == 201);
  CHECK(d.audit("action = 'account.revoke' AND outcome = 'allowed'").size() == 1);
}

TEST_CASE("re-issue over the API: a temporary password, and the person's sessions end", "[admin][R-PW-4][R-SES-2]") {
  Demo d;
  auto office = d.signedIn("office-yamada", "Renkei-office-2026");
  auto tanaka = d.signedIn("dr-tanaka", "Renkei-clinic-2026");
  // Even an expired password (day 90) is rescued this way (R-PW-4).
  d.setPasswordDate("dr-tanaka", 95);
  CHECK(d.login("dr-tanaka", "Renkei-clinic-2026").body["error"]["code"] == "password_expired");
  const auto r = d.call("POST", "/api/v1/admin/users/dr-tanaka/password", office);
  REQUIRE(r.status == 200);
  CHECK(d.get("/api/v1/session", tanaka.cookie) == 401);
  const auto l = d.signedIn("dr-tanaka", r.body["temporary_password"].get<std::string>());
  CHECK(l.body["password"]["state"] == "must_change");
}

TEST_CASE("the audit log exports as CSV for a spreadsheet, export and search are audited", "[admin][R-AUD-3]") {
  Demo d;
  // This test's own clock, after the demo set-up (kStart is the test binary's start, which can lie
  // minutes back when every case runs in one process).
  const std::int64_t t0 = static_cast<std::int64_t>(std::time(nullptr)) + 2;
  d.login("Renkei-clinic-2026", "oops", t0);  // a password typed into the user id field
  auto office = d.signedIn("office-yamada", "Renkei-office-2026", t0);
  // What the office typed ends up in the log: a formula must never become live in a spreadsheet.
  REQUIRE(d.call("POST", "/api/v1/admin/facilities", office, kClinic, t0).status == 201);
  REQUIRE(d.call("POST", "/api/v1/admin/facilities/clinic-kokura/withdrawal", office, {{"reason", "=HYPERLINK(\"x\")"}}, t0).status == 200);
  d.signedIn("dr-tanaka", "Renkei-clinic-2026", t0 + 10);
  auto r = d.call("GET", "/api/v1/audit/export?user=dr-tanaka", office, nullptr, t0 + 20);
  REQUIRE(r.status == 200);
  CHECK(r.contentType.find("text/csv") == 0);
  CHECK(r.text.rfind("\xEF\xBB\xBFseq,time_utc,user,facility,source_ip,action,resource,patient,outcome,detail\r\n", 0) == 0);
  CHECK(r.text.find(",dr-tanaka,clinic-tanaka,127.0.0.1,login,/api/v1/session,,allowed,") != std::string::npos);
  CHECK(r.text.find("office-yamada") == std::string::npos);  // filtered by user
  r = d.call("GET", "/api/v1/audit/export", office, nullptr, t0 + 21);
  CHECK(r.text.find(",\"'=HYPERLINK(\"\"x\"\") (0 accounts deactivated)\"\r\n") != std::string::npos);
  CHECK(r.text.find("Renkei-clinic-2026") == std::string::npos);  // the mistyped password is not in the log
  CHECK(r.text.find(",unknown:") != std::string::npos);
  // Period: only what happened in [from, to].
  r = d.call("GET", "/api/v1/audit?from=" + std::to_string(t0 + 5) + "&to=" + std::to_string(t0 + 15), office,
             nullptr, t0 + 22);
  REQUIRE(r.status == 200);
  REQUIRE(r.body["records"].size() == 1);
  CHECK(r.body["records"][0]["user"] == "dr-tanaka");
  CHECK(d.call("GET", "/api/v1/audit/export?limit=0", office, nullptr, t0 + 23).status == 400);
  CHECK(d.audit("action = 'audit.export' AND outcome = 'allowed'").size() == 2);
  CHECK(d.audit("action = 'audit.search'").size() == 1);
  (void)kDay;
}
