// SPDX-License-Identifier: MIT
// R-PW-2 (90 days, history), R-PW-3 (warning from 14 days), R-PW-4 (expired = unusable,
// temporary passwords), R-PW-5 (length, common passwords).
#include <catch2/catch.hpp>

#include <algorithm>

#include "core/password/PasswordPolicy.h"

using namespace renkei;

namespace {
Date ymd(int y, int m, int d) { return *Date::fromYmd(y, m, d); }
bool has(const std::vector<PasswordProblem>& v, PasswordProblem p) { return std::find(v.begin(), v.end(), p) != v.end(); }
}  // namespace

TEST_CASE("a password is Ok until 15 days before expiry", "[password][R-PW-2]") {
  const PasswordPolicy policy;
  const Date set = ymd(2026, 1, 10);
  const auto s = policy.status(set, false, set);
  CHECK(s.state == PasswordState::Ok);
  CHECK(s.daysLeft == 90);
  CHECK(s.expiresOn == ymd(2026, 4, 10));
  CHECK(policy.status(set, false, set.plusDays(75)).state == PasswordState::Ok);  // 15 days left
}

TEST_CASE("from 14 days before expiry every check warns with the days left", "[password][R-PW-3]") {
  const PasswordPolicy policy;
  const Date set = ymd(2026, 1, 10);
  const auto first = policy.status(set, false, set.plusDays(76));
  CHECK(first.state == PasswordState::Warning);
  CHECK(first.daysLeft == 14);
  const auto last = policy.status(set, false, set.plusDays(89));
  CHECK(last.state == PasswordState::Warning);
  CHECK(last.daysLeft == 1);
}

TEST_CASE("on day 90 the password is expired, not merely due", "[password][R-PW-4]") {
  const PasswordPolicy policy;
  const Date set = ymd(2026, 1, 10);
  const auto s = policy.status(set, false, set.plusDays(90));
  CHECK(s.state == PasswordState::Expired);
  CHECK(s.daysLeft == 0);
  CHECK(policy.status(set, false, set.plusDays(400)).state == PasswordState::Expired);
}

TEST_CASE("expiry counts days, across a leap day", "[password][R-PW-2]") {
  const PasswordPolicy policy;
  const auto s = policy.status(ymd(2024, 2, 29), false, ymd(2024, 2, 29));
  CHECK(s.expiresOn == ymd(2024, 5, 29));  // 90 days: Mar 31 + Apr 30 + May 29
  CHECK(policy.status(ymd(2023, 12, 15), false, ymd(2024, 3, 14)).state == PasswordState::Expired);
  CHECK(policy.status(ymd(2023, 12, 15), false, ymd(2024, 3, 13)).daysLeft == 1);
}

TEST_CASE("a re-issued temporary password must be changed, and lapses if unused", "[password][R-PW-4]") {
  const PasswordPolicy policy;
  const Date issued = ymd(2026, 11, 25);
  CHECK(policy.status(issued, true, issued).state == PasswordState::MustChange);
  CHECK(policy.status(issued, true, issued.plusDays(6)).state == PasswordState::MustChange);
  CHECK(policy.status(issued, true, issued.plusDays(6)).daysLeft == 1);
  CHECK(policy.status(issued, true, issued.plusDays(7)).state == PasswordState::Expired);
}

TEST_CASE("rules are configurable and kept sane", "[password][R-PW-2]") {
  PasswordPolicy::Rules r;
  r.maxAgeDays = 60;
  r.warningDays = 7;
  r.historyDepth = 0;  // raised to 1: the current password is always refused
  const PasswordPolicy policy(r);
  CHECK(policy.historyDepth() == 1);
  CHECK(policy.status(ymd(2026, 1, 1), false, ymd(2026, 1, 1).plusDays(52)).state == PasswordState::Ok);
  CHECK(policy.status(ymd(2026, 1, 1), false, ymd(2026, 1, 1).plusDays(53)).state == PasswordState::Warning);
  CHECK(policy.status(ymd(2026, 1, 1), false, ymd(2026, 1, 1).plusDays(60)).state == PasswordState::Expired);
}

TEST_CASE("minimum length: 12, or 8 with two-factor login, counted in characters", "[password][R-PW-5]") {
  const PasswordPolicy policy;
  CHECK(has(policy.check("Kx9-vbn2qwz", "u-tanaka", false), PasswordProblem::TooShort));      // 11
  CHECK_FALSE(has(policy.check("Kx9-vbn2qwzr", "u-tanaka", false), PasswordProblem::TooShort));  // 12
  CHECK_FALSE(has(policy.check("Kx9-vbn2", "u-tanaka", true), PasswordProblem::TooShort));       // 8 + TOTP
  CHECK(has(policy.check("Kx9-vbn", "u-tanaka", true), PasswordProblem::TooShort));
  CHECK(policy.minLength(false) == 12);
  CHECK(policy.minLength(true) == 8);
  // Twelve Japanese characters are 36 bytes but twelve characters: accepted.
  CHECK(PasswordPolicy::codePoints("さくらの花が咲く春の夕暮れ") == 13);
  CHECK(policy.check("さくらの花が咲く春の夕暮れ7", "u-tanaka", false).empty());
  CHECK(has(policy.check("さくらの花が咲く7", "u-tanaka", false), PasswordProblem::TooShort));
  CHECK(has(policy.check(std::string(129, 'a') + "1", "u-tanaka", false), PasswordProblem::TooLong));
}

TEST_CASE("common passwords are refused, also decorated", "[password][R-PW-5]") {
  const PasswordPolicy policy;
  for (const char* weak : {"password", "Password123!", "P@ssw0rd", "p@ssw0rd2026", "QWERTYUIOP", "!!qwerty123456",
                           "Kitakyushu2026", "sakura", "Doraemon!!", "hospital12345", "1qaz2wsx", "1234567890"}) {
    INFO(weak);
    CHECK(PasswordPolicy::isCommon(weak));
  }
  for (const char* fine : {"tsubame-kiiro-42", "Hx7#mQ2!vL9p", "blue kettle humming", "さくらの花が咲く"}) {
    INFO(fine);
    CHECK_FALSE(PasswordPolicy::isCommon(fine));
  }
  CHECK(has(policy.check("Kitakyushu2026", "u-tanaka", false), PasswordProblem::Common));
}

TEST_CASE("the user id may not be part of the password", "[password][R-PW-5]") {
  const PasswordPolicy policy;
  CHECK(has(policy.check("myTanaka01-secret", "tanaka01", false), PasswordProblem::ContainsUserId));
  CHECK(has(policy.check("xTANAKA01-secret", "tanaka01", false), PasswordProblem::ContainsUserId));
  CHECK_FALSE(has(policy.check("xSato-secret-9", "tanaka01", false), PasswordProblem::ContainsUserId));
}

TEST_CASE("at least two kinds of characters", "[password][R-PW-5]") {
  const PasswordPolicy policy;
  CHECK(has(policy.check("abcdefghijklmnop", "u", false), PasswordProblem::TooFewCharacterKinds));
  CHECK(has(policy.check("9081726354657483", "u", false), PasswordProblem::TooFewCharacterKinds));
  CHECK_FALSE(has(policy.check("abcdefgh ijklmnop", "u", false), PasswordProblem::TooFewCharacterKinds));
  CHECK(policy.check("tsubame-kiiro-42", "u-tanaka", false).empty());
}

TEST_CASE("invalid text is refused before anything else", "[password][R-PW-5]") {
  const PasswordPolicy policy;
  CHECK(policy.check("abc\xff" "defghijklmn1", "u", false) == std::vector{PasswordProblem::InvalidText});
  CHECK(policy.check(std::string("abcdefgh\0ijklm1", 15), "u", false) == std::vector{PasswordProblem::InvalidText});
  CHECK(policy.check("abcdefgh\tijklm1", "u", false) == std::vector{PasswordProblem::InvalidText});
  CHECK_FALSE(PasswordPolicy::codePoints("\xc0\xaf"));          // overlong '/'
  CHECK_FALSE(PasswordPolicy::codePoints("\xed\xa0\x80"));      // surrogate
  CHECK_FALSE(PasswordPolicy::codePoints("\xe3\x81"));          // truncated
  CHECK(PasswordPolicy::codePoints("\xf0\x9f\x94\x91") == 1);   // U+1F511
}

TEST_CASE("history: the last N passwords, the current one included, are refused", "[password][R-PW-2]") {
  const PasswordPolicy policy;  // N = 5
  CHECK(policy.historyDepth() == 5);
  CHECK(policy.reuseRefused(0));  // the current password
  CHECK(policy.reuseRefused(4));
  CHECK_FALSE(policy.reuseRefused(5));
  CHECK_FALSE(policy.reuseRefused(std::nullopt));
  PasswordPolicy::Rules one;
  one.historyDepth = 1;
  CHECK(PasswordPolicy(one).reuseRefused(0));
  CHECK_FALSE(PasswordPolicy(one).reuseRefused(1));
}

TEST_CASE("message keys are stable", "[password]") {
  CHECK(std::string(messageKey(PasswordProblem::TooShort)) == "password.too_short");
  CHECK(std::string(messageKey(PasswordProblem::Common)) == "password.common");
  CHECK(std::string(messageKey(PasswordState::Expired)) == "password.expired");
  CHECK(std::string(messageKey(PasswordState::Warning)) == "password.expires_soon");
}
