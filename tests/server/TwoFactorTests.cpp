// SPDX-License-Identifier: MIT
// Two-factor log-in against the real server (R-PW-6, issue 4 §4): RFC 6238 vectors through OpenSSL,
// enrolment with QR code and recovery codes, codes refused when wrong or reused, lock-out, the
// role rule (default: admin), the shorter password it allows, and the office's reset.
#include <catch2/catch.hpp>

#include "DemoServer.h"
#include "core/totp/Totp.h"
#include "server/auth/TwoFactor.h"

using renkei::server::TwoFactor;
using renkei::test::Demo;
using renkei::test::kStart;
namespace totp = renkei::totp;

namespace {

std::string codeAt(const std::string& secretBase32, std::int64_t t) {
  const auto secret = totp::base32Decode(secretBase32);
  REQUIRE(secret);
  return TwoFactor::code(std::vector<unsigned char>(secret->begin(), secret->end()), totp::counterAt(t));
}

// A time in the middle of a 30-second step, so ±1 step is unambiguous.
const std::int64_t kT = (kStart / 30) * 30 + 15;

}  // namespace

TEST_CASE("RFC 6238 appendix B: SHA-1 test vectors through OpenSSL's HMAC", "[totp][R-PW-6]") {
  const std::string key = "12345678901234567890";
  const std::vector<unsigned char> secret(key.begin(), key.end());
  const std::pair<std::int64_t, const char*> vectors[] = {{59, "94287082"},         {1111111109, "07081804"},
                                                          {1111111111, "14050471"}, {1234567890, "89005924"},
                                                          {2000000000, "69279037"}, {20000000000, "65353130"}};
  for (const auto& [t, code] : vectors) CHECK(TwoFactor::code(secret, totp::counterAt(t), 8) == code);
  CHECK(TwoFactor::code(secret, totp::counterAt(59), 6) == "287082");
}

TEST_CASE("an admin must set up two-factor log-in, and then every log-in needs a fresh code", "[totp][R-PW-6]") {
  Demo d({"--test-mode"});  // the default policy: two factors required of admins
  auto l = d.signedIn("office-yamada", "Renkei-office-2026", kT);
  CHECK(l.body["two_factor"]["required"] == true);
  CHECK(l.body["two_factor"]["enrolled"] == false);
  auto r = d.call("GET", "/api/v1/audit", l, nullptr, kT);
  CHECK(r.status == 403);
  CHECK(r.body["error"]["code"] == "totp_enrolment_required");

  r = d.call("POST", "/api/v1/totp/enrolment", l, nullptr, kT);
  REQUIRE(r.status == 200);
  const std::string secret = r.body["secret"];
  CHECK(secret.size() == 32);  // 160 bits in Base32
  CHECK(r.body["uri"] == "otpauth://totp/Renkei:office-yamada?secret=" + secret +
                             "&issuer=Renkei&algorithm=SHA1&digits=6&period=30");
  const int size = r.body["qr"]["size"];
  CHECK(size >= 21);
  CHECK(r.body["qr"]["rows"].size() == static_cast<std::size_t>(size));
  CHECK(r.body["qr"]["rows"][0].get<std::string>().substr(0, 7) == "1111111");  // a finder pattern

  CHECK(d.call("POST", "/api/v1/totp/confirm", l, {{"code", "000000"}}, kT).status == 422);
  r = d.call("POST", "/api/v1/totp/confirm", l, {{"code", codeAt(secret, kT)}}, kT);
  REQUIRE(r.status == 200);
  const auto recovery = r.body["recovery_codes"].get<std::vector<std::string>>();
  CHECK(recovery.size() == 10);
  CHECK(d.call("GET", "/api/v1/audit", l, nullptr, kT).status == 200);
  r = d.call("POST", "/api/v1/totp/enrolment", l, nullptr, kT);
  CHECK(r.status == 409);
  CHECK(r.body["error"]["code"] == "totp_already_enrolled");

  // Log-in now asks for the code; a missing one is a question, not a failure.
  auto a = d.login("office-yamada", "Renkei-office-2026", kT + 1);
  CHECK(a.status == 401);
  CHECK(a.body["error"]["code"] == "totp_required");
  CHECK(a.cookie.empty());
  CHECK(d.login("office-yamada", "Renkei-office-2026", kT + 1, "123").body["error"]["code"] == "invalid_totp");
  // The code used at enrolment cannot be used again, nor any older one.
  CHECK(d.login("office-yamada", "Renkei-office-2026", kT + 2, codeAt(secret, kT)).status == 401);
  CHECK(d.login("office-yamada", "Renkei-office-2026", kT + 2, codeAt(secret, kT - 30)).status == 401);
  // The next step's code works (one step of clock drift), once.
  CHECK(d.login("office-yamada", "Renkei-office-2026", kT + 3, codeAt(secret, kT + 30)).status == 200);
  CHECK(d.login("office-yamada", "Renkei-office-2026", kT + 31, codeAt(secret, kT + 30)).status == 401);
  // Two steps ahead is too far.
  CHECK(d.login("office-yamada", "Renkei-office-2026", kT + 31, codeAt(secret, kT + 90)).status == 401);
  CHECK(d.login("office-yamada", "Renkei-office-2026", kT + 61, codeAt(secret, kT + 60)).status == 200);

  // A recovery code works once, typed however.
  std::string upper = recovery[0];
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  auto viaRecovery = d.login("office-yamada", "Renkei-office-2026", kT + 62, upper);
  CHECK(viaRecovery.status == 200);
  CHECK(viaRecovery.body["two_factor"]["recovery_codes_left"] == 9);
  CHECK(d.login("office-yamada", "Renkei-office-2026", kT + 63, recovery[0]).status == 401);

  // The secret never reaches the audit log; the way each log-in was made does.
  CHECK(d.audit("detail LIKE '%" + secret + "%' OR resource LIKE '%" + secret + "%'").empty());
  CHECK(d.audit("action = 'login' AND detail LIKE '%recovery_code%'").size() == 1);
  CHECK(d.audit("action = 'totp.confirm' AND outcome = 'allowed'").size() == 1);
}

TEST_CASE("wrong second-factor codes count towards the lock-out", "[totp][R-PW-5][R-PW-6]") {
  Demo d;
  auto l = d.signedIn("dr-tanaka", "Renkei-clinic-2026", kT);  // a clinic doctor may enrol voluntarily
  const std::string secret = d.call("POST", "/api/v1/totp/enrolment", l, nullptr, kT).body["secret"];
  REQUIRE(d.call("POST", "/api/v1/totp/confirm", l, {{"code", codeAt(secret, kT)}}, kT).status == 200);
  for (int i = 0; i < 5; ++i) CHECK(d.login("dr-tanaka", "Renkei-clinic-2026", kT + 1, "99999" + std::to_string(i)).status == 401);
  CHECK(d.login("dr-tanaka", "Renkei-clinic-2026", kT + 31, codeAt(secret, kT + 30)).status == 423);
}

TEST_CASE("with a second factor the password may be 8 characters, without, 12", "[totp][R-PW-5][R-PW-6]") {
  Demo d;
  auto l = d.signedIn("dr-tanaka", "Renkei-clinic-2026", kT);
  auto r = d.call("POST", "/api/v1/password", l, {{"current", "Renkei-clinic-2026"}, {"new", "Mojiko#Bay9"}}, kT);
  CHECK(r.status == 422);
  CHECK(r.body["error"]["min_length"] == 12);
  const std::string secret = d.call("POST", "/api/v1/totp/enrolment", l, nullptr, kT).body["secret"];
  REQUIRE(d.call("POST", "/api/v1/totp/confirm", l, {{"code", codeAt(secret, kT)}}, kT).status == 200);
  r = d.call("POST", "/api/v1/password", l, {{"current", "Renkei-clinic-2026"}, {"new", "Mojiko#Bay9"}}, kT);
  INFO(r.text);
  CHECK(r.status == 200);
}

TEST_CASE("the office resets a lost second factor, the person's sessions end", "[totp][R-PW-6][R-SES-2]") {
  Demo d;
  auto office = d.signedIn("office-yamada", "Renkei-office-2026", kT);
  auto l = d.signedIn("dr-tanaka", "Renkei-clinic-2026", kT);
  const std::string secret = d.call("POST", "/api/v1/totp/enrolment", l, nullptr, kT).body["secret"];
  REQUIRE(d.call("POST", "/api/v1/totp/confirm", l, {{"code", codeAt(secret, kT)}}, kT).status == 200);
  CHECK(d.login("dr-tanaka", "Renkei-clinic-2026", kT + 1).status == 401);
  CHECK(d.call("DELETE", "/api/v1/admin/users/dr-tanaka/totp", l, nullptr, kT).status == 403);  // not for clinics
  const auto r = d.call("DELETE", "/api/v1/admin/users/dr-tanaka/totp", office, nullptr, kT + 2);
  CHECK(r.status == 200);
  CHECK(r.body["two_factor"] == false);
  CHECK(d.get("/api/v1/session", l.cookie, kT + 3) == 401);
  CHECK(d.login("dr-tanaka", "Renkei-clinic-2026", kT + 4).status == 200);
  CHECK(d.audit("action = 'totp.reset' AND outcome = 'allowed'").size() == 1);
}

TEST_CASE("the admin tool removes a lost second factor, also the last admin's", "[totp][R-PW-6][R-OPS-3]") {
  Demo d({"--test-mode"});
  auto l = d.signedIn("office-yamada", "Renkei-office-2026", kT);
  const std::string secret = d.call("POST", "/api/v1/totp/enrolment", l, nullptr, kT).body["secret"];
  REQUIRE(d.call("POST", "/api/v1/totp/confirm", l, {{"code", codeAt(secret, kT)}}, kT).status == 200);
  CHECK(d.login("office-yamada", "Renkei-office-2026", kT + 1).status == 401);
  std::string out;
  CHECK(renkei::test::admin(d.data, "reset-totp office-yamada", &out) == 0);
  CHECK(out.find("removed") != std::string::npos);
  CHECK(d.get("/api/v1/session", l.cookie, kT + 2) == 401);
  const auto again = d.signedIn("office-yamada", "Renkei-office-2026", kT + 3);
  CHECK(again.body["two_factor"]["enrolled"] == false);  // and must be set up again before anything else
  CHECK(renkei::test::admin(d.data, "reset-totp nobody", &out) == 1);
  CHECK(d.audit("action = 'totp.reset' AND account_id LIKE 'cli:%'").size() == 1);
}
