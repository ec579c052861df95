// SPDX-License-Identifier: MIT
// PasswordPolicy: R-PW-2 (90 days, history), R-PW-3 (warning from 14 days before expiry),
// R-PW-4 (expired = unusable; temporary re-issued passwords), R-PW-5 (length, common passwords).
// Every boundary is tested on both of its sides.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "core/password/PasswordPolicy.h"

namespace renkei::data {
extern const std::string_view kCommonPasswords;
}

using namespace renkei;
using Problems = std::vector<PasswordProblem>;

namespace {

Date ymd(int y, int m, int d) { return *Date::fromYmd(y, m, d); }

bool has(const Problems& problems, PasswordProblem p) {
  return std::find(problems.begin(), problems.end(), p) != problems.end();
}

std::string repeat(std::string_view s, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += s;
  return out;
}

PasswordPolicy::Rules defaults() { return PasswordPolicy::Rules{}; }

}  // namespace

// --- ageing --------------------------------------------------------------------------------------

TEST_CASE("a new password is Ok, with 90 days left, until 15 days before expiry", "[password][R-PW-2]") {
  const PasswordPolicy policy;
  const Date set = ymd(2026, 1, 10);
  const auto first = policy.status(set, false, set);
  CHECK(first.state == PasswordState::Ok);
  CHECK(first.daysLeft == 90);
  CHECK(first.expiresOn == ymd(2026, 4, 10));

  const auto day75 = policy.status(set, false, set.plusDays(75));
  CHECK(day75.state == PasswordState::Ok);
  CHECK(day75.daysLeft == 15);
  CHECK(day75.expiresOn == ymd(2026, 4, 10));
}

TEST_CASE("from 14 days before expiry the state is Warning with the days left", "[password][R-PW-3]") {
  const PasswordPolicy policy;
  const Date set = ymd(2026, 1, 10);
  const auto day76 = policy.status(set, false, set.plusDays(76));  // 2026-03-27
  CHECK(day76.state == PasswordState::Warning);
  CHECK(day76.daysLeft == 14);
  for (int day = 76; day <= 89; ++day) {
    INFO("day " << day);
    const auto s = policy.status(set, false, set.plusDays(day));
    CHECK(s.state == PasswordState::Warning);
    CHECK(s.daysLeft == 90 - day);
  }
  const auto day89 = policy.status(set, false, set.plusDays(89));
  CHECK(day89.state == PasswordState::Warning);
  CHECK(day89.daysLeft == 1);
}

TEST_CASE("on day 90 the password is Expired, not merely to be changed", "[password][R-PW-4]") {
  const PasswordPolicy policy;
  const Date set = ymd(2026, 1, 10);
  const auto day90 = policy.status(set, false, set.plusDays(90));
  CHECK(day90.state == PasswordState::Expired);
  CHECK(day90.state != PasswordState::MustChange);
  CHECK(day90.daysLeft == 0);
  CHECK(day90.expiresOn == ymd(2026, 4, 10));
  CHECK(policy.status(set, false, set.plusDays(91)).state == PasswordState::Expired);
  CHECK(policy.status(set, false, set.plusDays(400)).daysLeft == 0);
}

TEST_CASE("expiry is counted in days: leap years and month ends", "[password][R-PW-2][R-PW-4]") {
  const PasswordPolicy policy;
  // Changed on the leap day: Mar 31 + Apr 30 + May 29 = 90.
  const Date leapDay = ymd(2024, 2, 29);
  CHECK(policy.status(leapDay, false, leapDay).expiresOn == ymd(2024, 5, 29));
  CHECK(policy.status(leapDay, false, ymd(2024, 5, 28)).state == PasswordState::Warning);
  CHECK(policy.status(leapDay, false, ymd(2024, 5, 28)).daysLeft == 1);
  CHECK(policy.status(leapDay, false, ymd(2024, 5, 29)).state == PasswordState::Expired);

  // The same calendar date expires one day apart depending on whether February has 29 days.
  CHECK(policy.status(ymd(2023, 12, 15), false, ymd(2023, 12, 15)).expiresOn == ymd(2024, 3, 14));
  CHECK(policy.status(ymd(2022, 12, 15), false, ymd(2022, 12, 15)).expiresOn == ymd(2023, 3, 15));
  CHECK(policy.status(ymd(2023, 12, 15), false, ymd(2024, 3, 13)).daysLeft == 1);
  CHECK(policy.status(ymd(2023, 12, 15), false, ymd(2024, 3, 14)).state == PasswordState::Expired);

  // 90 days, not three months: three months after 31 January would be 30 April.
  CHECK(policy.status(ymd(2026, 1, 31), false, ymd(2026, 1, 31)).expiresOn == ymd(2026, 5, 1));
  CHECK(policy.status(ymd(2026, 1, 31), false, ymd(2026, 4, 30)).state == PasswordState::Warning);
  // Across the year end.
  CHECK(policy.status(ymd(2026, 11, 25), false, ymd(2026, 11, 25)).expiresOn == ymd(2027, 2, 23));
}

TEST_CASE("a re-issued temporary password must be changed, and lapses after 7 days", "[password][R-PW-4]") {
  const PasswordPolicy policy;
  const Date issued = ymd(2026, 11, 25);
  const auto day0 = policy.status(issued, true, issued);
  CHECK(day0.state == PasswordState::MustChange);
  CHECK(day0.daysLeft == 7);
  CHECK(day0.expiresOn == ymd(2026, 12, 2));
  const auto day6 = policy.status(issued, true, issued.plusDays(6));
  CHECK(day6.state == PasswordState::MustChange);
  CHECK(day6.daysLeft == 1);
  const auto day7 = policy.status(issued, true, issued.plusDays(7));
  CHECK(day7.state == PasswordState::Expired);
  CHECK(day7.daysLeft == 0);
  // The 90-day validity does not apply to a temporary password.
  CHECK(policy.status(issued, true, issued.plusDays(30)).state == PasswordState::Expired);
}

TEST_CASE("a temporary password says MustChange, never Warning", "[password][R-PW-4]") {
  auto r = defaults();
  r.temporaryValidityDays = 30;
  const PasswordPolicy month(r);
  const Date issued = ymd(2026, 11, 25);
  const auto s = month.status(issued, true, issued.plusDays(20));
  CHECK(s.state == PasswordState::MustChange);
  CHECK(s.daysLeft == 10);
  CHECK(month.status(issued, true, issued.plusDays(29)).state == PasswordState::MustChange);
  CHECK(month.status(issued, true, issued.plusDays(30)).state == PasswordState::Expired);

  r.temporaryValidityDays = 1;  // usable on the day of issue only
  const PasswordPolicy sameDay(r);
  CHECK(sameDay.status(issued, true, issued).state == PasswordState::MustChange);
  CHECK(sameDay.status(issued, true, issued.plusDays(1)).state == PasswordState::Expired);
}

TEST_CASE("ageing follows the configured rules", "[password][R-PW-2][R-PW-3]") {
  auto r = defaults();
  r.maxAgeDays = 60;
  r.warningDays = 7;
  const PasswordPolicy policy(r);
  const Date set = ymd(2026, 1, 1);
  CHECK(policy.status(set, false, set.plusDays(52)).state == PasswordState::Ok);
  CHECK(policy.status(set, false, set.plusDays(53)).state == PasswordState::Warning);
  CHECK(policy.status(set, false, set.plusDays(53)).daysLeft == 7);
  CHECK(policy.status(set, false, set.plusDays(59)).state == PasswordState::Warning);
  CHECK(policy.status(set, false, set.plusDays(60)).state == PasswordState::Expired);

  r = defaults();
  r.warningDays = 0;  // never warn
  CHECK(PasswordPolicy(r).status(set, false, set.plusDays(89)).state == PasswordState::Ok);
  CHECK(PasswordPolicy(r).status(set, false, set.plusDays(90)).state == PasswordState::Expired);

  r.warningDays = 90;  // always warn
  CHECK(PasswordPolicy(r).status(set, false, set).state == PasswordState::Warning);
}

TEST_CASE("a change date after today still counts to the expiry date", "[password][R-PW-2]") {
  const PasswordPolicy policy;
  const auto s = policy.status(ymd(2026, 5, 1), false, ymd(2026, 4, 1));
  CHECK(s.state == PasswordState::Ok);
  CHECK(s.daysLeft == 120);
  CHECK(s.expiresOn == ymd(2026, 7, 30));
}

TEST_CASE("nonsensical rules are clamped to the nearest sane value", "[password][R-PW-2][R-PW-5]") {
  PasswordPolicy::Rules r;
  r.maxAgeDays = 0;
  r.warningDays = 99;
  r.minLength = 0;
  r.minLengthWithTotp = 20;
  r.maxLength = -5;
  r.historyDepth = 0;
  r.temporaryValidityDays = -3;
  r.minDistinctCharacters = -1;
  const PasswordPolicy clamped(r);  // keep the policy alive: rules() returns a reference
  const auto& in = clamped.rules();
  CHECK(in.maxAgeDays == 1);
  CHECK(in.warningDays == 1);
  CHECK(in.minLength == 1);
  CHECK(in.minLengthWithTotp == 1);
  CHECK(in.maxLength == 1);
  CHECK(in.historyDepth == 1);
  CHECK(in.temporaryValidityDays == 1);
  CHECK(in.minDistinctCharacters == 0);

  PasswordPolicy::Rules stricter;
  stricter.minLengthWithTotp = 20;  // a second factor may not demand more than none
  stricter.minDistinctCharacters = 50;
  const PasswordPolicy p(stricter);
  CHECK(p.minLength(true) == 12);
  CHECK(p.rules().minDistinctCharacters == 12);
  CHECK(p.maxLength() == 128);

  // The defaults stand as documented.
  const PasswordPolicy d;
  CHECK(d.rules().maxAgeDays == 90);
  CHECK(d.rules().warningDays == 14);
  CHECK(d.rules().temporaryValidityDays == 7);
  CHECK(d.rules().minDistinctCharacters == 5);
  CHECK(PasswordPolicy(defaults()).rules().historyDepth == 5);
}

// --- new passwords: length -----------------------------------------------------------------------

TEST_CASE("minimum length is 12, or 8 with two-factor login", "[password][R-PW-5]") {
  const PasswordPolicy policy;
  CHECK(policy.minLength(false) == 12);
  CHECK(policy.minLength(true) == 8);
  CHECK(has(policy.checkNewPassword("Kx9-vbn2qwz", "u-tanaka", false), PasswordProblem::TooShort));  // 11
  CHECK(policy.checkNewPassword("Kx9-vbn2qwzr", "u-tanaka", false).empty());                        // 12
  CHECK(has(policy.checkNewPassword("Kx9-vbn", "u-tanaka", true), PasswordProblem::TooShort));      // 7
  CHECK(policy.checkNewPassword("Kx9-vbn2", "u-tanaka", true).empty());                             // 8
  CHECK(has(policy.checkNewPassword("Kx9-vbn2", "u-tanaka", false), PasswordProblem::TooShort));

  auto r = defaults();
  r.minLength = 16;
  r.minLengthWithTotp = 10;
  const PasswordPolicy longer(r);
  CHECK(longer.minLength(false) == 16);
  CHECK(longer.minLength(true) == 10);
  CHECK(has(longer.checkNewPassword("Kx9-vbn2qwzrtyu", "u", false), PasswordProblem::TooShort));  // 15
  CHECK(longer.checkNewPassword("Kx9-vbn2qwzrtyui", "u", false).empty());                         // 16
}

TEST_CASE("length is counted in characters: Japanese passwords are measured fairly", "[password][R-PW-5]") {
  const PasswordPolicy policy;
  CHECK(PasswordPolicy::codePoints("夕暮れの桜並木を歩く道") == 11);  // 33 bytes
  CHECK(PasswordPolicy::codePoints("") == 0);
  // 11 + 1 = 12 characters (34 bytes): long enough.
  CHECK(policy.checkNewPassword("夕暮れの桜並木を歩く道7", "u-tanaka", false).empty());
  // 10 + 1 = 11 characters (31 bytes, more than 12): too short.
  CHECK(policy.checkNewPassword("夕暮れの桜並木を歩く7", "u-tanaka", false) == Problems{PasswordProblem::TooShort});
  // With two-factor login: 7 + 1 = 8 characters suffice.
  CHECK(policy.checkNewPassword("春の夕暮れ咲く7", "u-tanaka", true).empty());
  CHECK(has(policy.checkNewPassword("春の夕暮咲7", "u-tanaka", true), PasswordProblem::TooShort));
}

TEST_CASE("maximum length is 128 characters, not bytes", "[password][R-PW-5]") {
  const PasswordPolicy policy;
  const std::string ascii128 = repeat("Kx9-vbn2", 16);
  REQUIRE(ascii128.size() == 128);
  CHECK(policy.checkNewPassword(ascii128, "u-tanaka", false).empty());
  CHECK(policy.checkNewPassword(ascii128 + "q", "u-tanaka", false) == Problems{PasswordProblem::TooLong});

  const std::string japanese128 = repeat("春夏秋冬東西南7", 16);  // 384 bytes
  REQUIRE(PasswordPolicy::codePoints(japanese128) == 128);
  CHECK(policy.checkNewPassword(japanese128, "u-tanaka", false).empty());
  CHECK(policy.checkNewPassword(japanese128 + "北", "u-tanaka", false) == Problems{PasswordProblem::TooLong});
}

// --- new passwords: common passwords -------------------------------------------------------------

TEST_CASE("common passwords are refused, however decorated", "[password][R-PW-5]") {
  for (const char* weak : {
           "password", "PASSWORD", "Password123!", "P@ssw0rd", "p@ssw0rd2026", "P4ssw0rd2026",  // the classic
           "QWERTYUIOP", "!!qwerty123456", "1qaz2wsx", "1Qaz2Wsx3Edc!", "1234567890", "!!123456!!",
           "@dmin", "@dmin2026", "Trustno1!", "He11o!", "iloveyou2",
           "Kitakyushu2026", "sakura", "Doraemon!!", "2026renkei", "renkei 2026", "#Byouin#", "hospital12345",
           "ｓａｋｕｒａ１２３",     // full-width, typed with the input method on
           "Ｐａｓｓｗｏｒｄ",       // full-width capitals
           "ｔｏｋｙｏ　２０２６",  // ideographic space
           "83#$sakura%%1829!@"}) {  // no amount of decoration rescues a listed word
    INFO(weak);
    CHECK(PasswordPolicy::isCommon(weak));
  }
}

TEST_CASE("other passwords are not taken for common ones", "[password][R-PW-5]") {
  for (const char* fine : {"tsubame-kiiro-42", "Hx7#mQ2!vL9p", "blue kettle humming", "さくらの花が咲く",
                           "mypassword",    // words are not searched inside other text
                           "passwordx", "sakura-momiji", "x1qaz2wsx", "1234567890a", "", "\xff"}) {
    INFO(fine);
    CHECK_FALSE(PasswordPolicy::isCommon(fine));
  }
  const PasswordPolicy policy;
  CHECK(has(policy.checkNewPassword("Kitakyushu2026", "u-tanaka", false), PasswordProblem::Common));
  CHECK_FALSE(has(policy.checkNewPassword("tsubame-kiiro-42", "u-tanaka", false), PasswordProblem::Common));
}

TEST_CASE("the common-password check stays cheap on huge input", "[password][R-PW-5]") {
  // Decorations are tried in every split, but only around cores no longer than the longest entry;
  // a quadratic search would not finish here.
  const std::string digits(400000, '1');
  CHECK_FALSE(PasswordPolicy::isCommon(digits + "x" + digits));
  CHECK(PasswordPolicy::isCommon(digits + "Sakura" + digits));
  CHECK_FALSE(PasswordPolicy::isCommon(digits));
  CHECK(PasswordPolicy().checkNewPassword(digits + "x" + digits, "u", false) ==
        Problems{PasswordProblem::TooLong, PasswordProblem::TooRepetitive});
}

TEST_CASE("the shipped list is well formed and every entry is refused", "[password][R-PW-5]") {
  const auto words = detail::parseWordList(data::kCommonPasswords);
  CHECK(words.size() >= 300);

  // No duplicates: as many entries as non-comment lines.
  std::size_t lines = 0;
  std::string_view text = data::kCommonPasswords;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (!line.empty() && line.front() != '#') ++lines;
  }
  CHECK(lines == words.size());

  for (const auto& w : words) {
    INFO(w);
    CHECK(w.size() >= 4);
    CHECK(std::all_of(w.begin(), w.end(), [](char c) { return c > ' ' && c < 0x7f && !(c >= 'A' && c <= 'Z'); }));
    CHECK(PasswordPolicy::isCommon(w));
    std::string upper = w;
    for (char& c : upper)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    // Decorated: a word with digits and symbols around it; a number only with symbols, since
    // "1234" followed by "2026" is just another number.
    const bool number = std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
    CHECK(PasswordPolicy::isCommon(number ? "#" + w + "!!" : "#" + upper + "2026!"));
  }
  CHECK_FALSE(PasswordPolicy::isCommon("#12342026!"));

  for (const char* expected : {"123456", "password", "qwerty", "iloveyou", "admin", "letmein", "1qaz2wsx", "p@ssw0rd",
                               "sakura", "doraemon", "pokemon", "tokyo", "osaka", "kitakyushu", "arigatou",
                               "hospital", "renkei", "iryou", "byouin"}) {
    INFO(expected);
    CHECK(std::binary_search(words.begin(), words.end(), std::string(expected)));
  }
}

TEST_CASE("the word list parser: comments, blank lines, CR, case, duplicates", "[password][R-PW-5]") {
  CHECK(detail::parseWordList("# header\r\n  Foo \r\n\n\tbar\t\n   # indented comment\nfoo\r\na#b\nbaz") ==
        std::vector<std::string>{"a#b", "bar", "baz", "foo"});
  CHECK(detail::parseWordList("").empty());
  CHECK(detail::parseWordList("\n\r\n# only comments\n").empty());
}

// --- new passwords: user id, kinds, repetition, text -----------------------------------------------

TEST_CASE("the user id may not be part of the password", "[password][R-PW-5]") {
  const PasswordPolicy policy;
  CHECK(has(policy.checkNewPassword("myTanaka01-secret", "tanaka01", false), PasswordProblem::ContainsUserId));
  CHECK(has(policy.checkNewPassword("xTANAKA01-secret", "tanaka01", false), PasswordProblem::ContainsUserId));
  CHECK(has(policy.checkNewPassword("ｘｔａｎａｋａ０１秘密のことば", "tanaka01", false), PasswordProblem::ContainsUserId));
  CHECK(has(policy.checkNewPassword("さとうの秘密Kx9-vb", "さとう", false), PasswordProblem::ContainsUserId));
  CHECK_FALSE(has(policy.checkNewPassword("xSato-secret-9", "tanaka01", false), PasswordProblem::ContainsUserId));
  CHECK_FALSE(has(policy.checkNewPassword("xTanaka0-secret", "tanaka01", false), PasswordProblem::ContainsUserId));
  // Ids shorter than three characters are not checked; three are.
  CHECK(policy.checkNewPassword("Kx9-ab-vbn2qwz", "ab", false).empty());
  CHECK(policy.checkNewPassword("Kx9-ab-vbn2qwz", "", false).empty());
  CHECK(policy.checkNewPassword("Kx9-abc-vbn2qw", "abc", false) == Problems{PasswordProblem::ContainsUserId});
}

TEST_CASE("at least two kinds of characters", "[password][R-PW-5]") {
  const PasswordPolicy policy;
  for (const char* one : {"tsubamekiirox", "9081726354657483", "TSUBAMEKIIROX", "#$%&'()*+,-./:;<",
                          "夕暮れの桜並木を歩く道で", "ｔｓｕｂａｍｅｋｉｉｒｏ"}) {  // full-width letters are "other"
    INFO(one);
    CHECK(policy.checkNewPassword(one, "u", false) == Problems{PasswordProblem::TooFewCharacterKinds});
  }
  for (const char* two : {"tsubame kiirox", "tsubameKIIROX", "tsubame7kiiro", "夕暮れの桜並木を歩く道Q", "TSUBAME-KIIRO"}) {
    INFO(two);
    CHECK(policy.checkNewPassword(two, "u", false).empty());
  }
}

TEST_CASE("at least 5 different characters", "[password][R-PW-5]") {
  const PasswordPolicy policy;
  CHECK(policy.checkNewPassword("aaaaaaaaaaa1", "u", false) == Problems{PasswordProblem::TooRepetitive});
  CHECK(policy.checkNewPassword("abcabcabcab1", "u", false) == Problems{PasswordProblem::TooRepetitive});  // 4
  CHECK(policy.checkNewPassword("abcdabcdabc1", "u", false).empty());                                    // 5
  CHECK(policy.checkNewPassword("aAaAaAaAaAa1", "u", false) == Problems{PasswordProblem::TooRepetitive});  // 3
  CHECK(policy.checkNewPassword("桜桜桜桜桜桜桜桜桜桜桜7", "u", false) == Problems{PasswordProblem::TooRepetitive});

  auto r = defaults();
  r.minDistinctCharacters = 0;
  CHECK(PasswordPolicy(r).checkNewPassword("aaaaaaaaaaa1", "u", false).empty());
}

TEST_CASE("text that is not valid UTF-8 or holds control characters is refused alone", "[password][R-PW-5]") {
  const PasswordPolicy policy;
  const Problems invalid{PasswordProblem::InvalidText};
  CHECK(policy.checkNewPassword("abc\xff" "defghijklmn1", "u", false) == invalid);
  CHECK(policy.checkNewPassword(std::string("abcdefgh\0ijklm1", 15), "u", false) == invalid);  // NUL
  CHECK(policy.checkNewPassword("abcdefgh\tijklm1", "u", false) == invalid);
  CHECK(policy.checkNewPassword("abcdefgh\nijklm1", "u", false) == invalid);
  CHECK(policy.checkNewPassword("abcdefgh\x7fijklm1", "u", false) == invalid);        // DEL
  CHECK(policy.checkNewPassword("abcdefgh\xc2\x85ijklm1", "u", false) == invalid);    // U+0085, C1
  CHECK(policy.checkNewPassword("x", "u", false) != invalid);                           // short is not invalid
  CHECK(policy.checkNewPassword("abcdefgh\xc2\xa0ijklm1", "u", false).empty());      // U+00A0 is not a control

  CHECK_FALSE(PasswordPolicy::codePoints("\xc0\xaf"));              // overlong '/'
  CHECK_FALSE(PasswordPolicy::codePoints("\xe0\x80\xaf"));          // overlong '/', 3 bytes
  CHECK_FALSE(PasswordPolicy::codePoints("\xed\xa0\x80"));          // surrogate U+D800
  CHECK_FALSE(PasswordPolicy::codePoints("\xe3\x81"));              // truncated
  CHECK_FALSE(PasswordPolicy::codePoints("\x80"));                  // lone continuation byte
  CHECK_FALSE(PasswordPolicy::codePoints("\xf4\x90\x80\x80"));      // above U+10FFFF
  CHECK_FALSE(PasswordPolicy::codePoints("\xf8\x88\x80\x80\x80"));  // five-byte form
  CHECK(PasswordPolicy::codePoints("\xf0\x9f\x94\x91") == 1);       // U+1F511
  CHECK(PasswordPolicy::codePoints("\xf4\x8f\xbf\xbf") == 1);       // U+10FFFF
  CHECK(PasswordPolicy::codePoints("\xef\xbf\xbf") == 1);           // U+FFFF
}

TEST_CASE("every problem is reported, in a fixed order", "[password][R-PW-5]") {
  const PasswordPolicy policy;
  CHECK(policy.checkNewPassword("tanaka", "tanaka", false) ==
        Problems{PasswordProblem::TooShort, PasswordProblem::Common, PasswordProblem::ContainsUserId,
                 PasswordProblem::TooFewCharacterKinds, PasswordProblem::TooRepetitive});
  CHECK(policy.checkNewPassword("", "u", false) ==
        Problems{PasswordProblem::TooShort, PasswordProblem::TooFewCharacterKinds, PasswordProblem::TooRepetitive});
  CHECK(policy.checkNewPassword(repeat("a", 200), "u", true) ==
        Problems{PasswordProblem::TooLong, PasswordProblem::TooFewCharacterKinds, PasswordProblem::TooRepetitive});
}

TEST_CASE("acceptable passwords have no problems", "[password][R-PW-5]") {
  const PasswordPolicy policy;
  for (const char* good : {"tsubame-kiiro-42", "Hx7#mQ2!vL9p", "blue kettle humming", "correct horse battery"}) {
    INFO(good);
    CHECK(policy.checkNewPassword(good, "tanaka01", false).empty());
    CHECK(policy.checkNewPassword(good, "tanaka01", true).empty());
  }
}

// --- history ---------------------------------------------------------------------------------------

TEST_CASE("history: the last N passwords, the current one included, are refused", "[password][R-PW-2]") {
  const PasswordPolicy policy;  // N = 5
  CHECK(policy.historyDepth() == 5);
  CHECK(policy.reuseRefused(0));  // the current password
  CHECK(policy.reuseRefused(4));  // depth − 1
  CHECK_FALSE(policy.reuseRefused(5));  // depth
  CHECK_FALSE(policy.reuseRefused(100));
  CHECK_FALSE(policy.reuseRefused(std::nullopt));
  CHECK(policy.reuseRefused(-1));  // caller error: fail closed
}

TEST_CASE("history depth is configurable, and at least 1", "[password][R-PW-2]") {
  PasswordPolicy::Rules r;
  r.historyDepth = 1;  // only the current password is refused
  const PasswordPolicy one(r);
  CHECK(one.historyDepth() == 1);
  CHECK(one.reuseRefused(0));
  CHECK_FALSE(one.reuseRefused(1));

  r.historyDepth = 24;
  const PasswordPolicy two(r);
  CHECK(two.reuseRefused(23));
  CHECK_FALSE(two.reuseRefused(24));

  r.historyDepth = 0;  // raised to 1: the current password can never be "changed" to itself
  const PasswordPolicy zero(r);
  CHECK(zero.historyDepth() == 1);
  CHECK(zero.reuseRefused(0));
}

// --- message keys ----------------------------------------------------------------------------------

TEST_CASE("message keys are stable and distinct", "[password][R-PW-3][R-PW-5]") {
  CHECK(std::string(messageKey(PasswordProblem::InvalidText)) == "password.invalid_text");
  CHECK(std::string(messageKey(PasswordProblem::TooShort)) == "password.too_short");
  CHECK(std::string(messageKey(PasswordProblem::TooLong)) == "password.too_long");
  CHECK(std::string(messageKey(PasswordProblem::Common)) == "password.common");
  CHECK(std::string(messageKey(PasswordProblem::ContainsUserId)) == "password.contains_user_id");
  CHECK(std::string(messageKey(PasswordProblem::TooFewCharacterKinds)) == "password.too_few_kinds");
  CHECK(std::string(messageKey(PasswordProblem::TooRepetitive)) == "password.too_repetitive");
  CHECK(std::string(messageKey(PasswordState::Ok)) == "password.ok");
  CHECK(std::string(messageKey(PasswordState::Warning)) == "password.expires_soon");
  CHECK(std::string(messageKey(PasswordState::MustChange)) == "password.must_change");
  CHECK(std::string(messageKey(PasswordState::Expired)) == "password.expired");

  std::set<std::string> keys;
  for (auto p : {PasswordProblem::InvalidText, PasswordProblem::TooShort, PasswordProblem::TooLong, PasswordProblem::Common,
                 PasswordProblem::ContainsUserId, PasswordProblem::TooFewCharacterKinds, PasswordProblem::TooRepetitive})
    keys.insert(messageKey(p));
  for (auto s : {PasswordState::Ok, PasswordState::Warning, PasswordState::MustChange, PasswordState::Expired})
    keys.insert(messageKey(s));
  CHECK(keys.size() == 11);
}
