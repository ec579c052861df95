// SPDX-License-Identifier: MIT
// PasswordPolicy — the password rules of the regional network (R-PW-2..5), as pure decisions.
//
// The server stores hashes, reads the clock and talks to the database; this class only decides,
// so the same rules run on the server and in the app (WebAssembly) and are tested to the day.
//
// Ageing (R-PW-2..4), all in hospital-local dates (see core/time/Date.h):
//  - A password set on day D expires on D + maxAgeDays (90), counted in days, never in months,
//    so 2024-02-29 + 90 = 2024-05-29. From that day on it is Expired: the account cannot be used at
//    all — it is NOT "change it now" — and only an administrator's re-issue helps (R-PW-4).
//  - Before that it is Warning while daysLeft ≤ warningDays (14): the first warning is on
//    D + 76 (daysLeft 14), the last on D + 89 (daysLeft 1). Otherwise Ok.
//  - A re-issued password is temporary: MustChange (usable only to set a new password) on its issue
//    day and the temporaryValidityDays − 1 days after it; Expired from issue + temporaryValidityDays.
//    A temporary password never shows Warning; MustChange already says everything.
//
// New passwords (R-PW-5) — checkNewPassword() lists every problem, in PasswordProblem order:
//  - Length in Unicode code points (not bytes: "さくら" is 3, not 9): at least minLength (12), or
//    minLengthWithTotp (8) for a user enrolled in two-factor login. The Japanese medical
//    information security guideline (MHLW, 6.0) accepts a shorter password when a second factor
//    protects the account; without one it expects a long password. At most maxLength (128), which
//    bounds hashing work on the server.
//  - Not a common password (see isCommon() and common-passwords.txt).
//  - Not containing the user id (case-insensitive; ids shorter than 3 characters are not checked,
//    they would refuse too much).
//  - At least two kinds of characters out of four: ASCII lower case, ASCII upper case, ASCII
//    digits, and "other" (ASCII symbols and space, and every non-ASCII character — kana, kanji,
//    full-width forms). A Japanese passphrase needs one ASCII letter or digit; "abcdefghijkl" and
//    "123456789012" are refused.
//  - At least minDistinctCharacters (5) different characters, so "aaaaaaaaaaa1" is refused.
//  - Text must be valid UTF-8 without control characters (C0, DEL, C1); otherwise the only
//    problem reported is InvalidText, as nothing else can be judged.
//
// History (R-PW-2): the server hashes the candidate with the salt of each of its historyDepth()
// most recent password hashes (the current one is position 0) and reports the newest position
// that matched; reuseRefused() decides. The server must keep at least historyDepth() hashes.
//
// Text for people lives elsewhere: messageKey() gives stable keys ("password.too_short") that the
// server and the app translate.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time/Date.h"

namespace renkei {

enum class PasswordState {
  Ok,          ///< usable, nothing to say
  Warning,     ///< usable; expires in daysLeft days (1 ≤ daysLeft ≤ warningDays)
  MustChange,  ///< temporary (re-issued) password: usable only to set a new one
  Expired,     ///< unusable; only an administrator's re-issue helps
};

struct PasswordStatus {
  PasswordState state = PasswordState::Ok;
  int daysLeft = 0;  ///< whole days from today until expiresOn; 0 when Expired
  Date expiresOn;    ///< the first day on which the password is Expired
};

enum class PasswordProblem {
  InvalidText,           ///< not valid UTF-8, or contains a control character (reported alone)
  TooShort,              ///< fewer code points than minLength(totpEnrolled)
  TooLong,               ///< more code points than maxLength
  Common,                ///< on the common-password list, after normalisation (isCommon)
  ContainsUserId,        ///< contains the user id, ignoring case
  TooFewCharacterKinds,  ///< fewer than 2 of: lower, upper, digit, other
  TooRepetitive,         ///< fewer than minDistinctCharacters different characters
};

class PasswordPolicy {
 public:
  /// The configurable rules. The constructor clamps nonsense to the nearest sane value; rules()
  /// returns what is in force, so the server can log or compare it with its configuration.
  struct Rules {
    int maxAgeDays = 90;             ///< ≥ 1
    int warningDays = 14;            ///< 0 (never warn) … maxAgeDays
    int minLength = 12;              ///< ≥ 1
    int minLengthWithTotp = 8;       ///< 1 … minLength: a second factor never makes the rule stricter
    int maxLength = 128;             ///< ≥ minLength
    int historyDepth = 5;            ///< ≥ 1: the current password is always refused
    int temporaryValidityDays = 7;   ///< ≥ 1
    int minDistinctCharacters = 5;   ///< ≥ 0; 0 or 1 disables the check
  };

  PasswordPolicy() = default;
  explicit PasswordPolicy(Rules rules);

  const Rules& rules() const { return rules_; }

  /// The state, on `today`, of a password set (or re-issued, when `temporary`) on `changedOn`.
  /// A `changedOn` after `today` (a clock set back) is not an error: the days are still counted to
  /// expiresOn, so daysLeft may then exceed the validity.
  PasswordStatus status(Date changedOn, bool temporary, Date today) const;

  /// Every problem with `candidate` (UTF-8) as the new password of `userId`; empty = acceptable.
  /// History is not checked here: see reuseRefused().
  std::vector<PasswordProblem> checkNewPassword(std::string_view candidate, std::string_view userId,
                                                bool totpEnrolled) const;

  /// The minimum length in characters that applies, for "at least N characters".
  int minLength(bool totpEnrolled) const { return totpEnrolled ? rules_.minLengthWithTotp : rules_.minLength; }
  int maxLength() const { return rules_.maxLength; }

  /// How many of the most recent password hashes (the current one included) the server compares.
  int historyDepth() const { return rules_.historyDepth; }

  /// `matchedPositionNewestFirst`: the newest stored password the candidate matched (0 = the
  /// current one), or nullopt when none matched. True when the match lies within historyDepth().
  /// A negative position is a caller error and is refused (fail closed).
  bool reuseRefused(std::optional<int> matchedPositionNewestFirst) const;

  /// True when `candidate` is a common password. Normalisation, in this order:
  ///  1. full-width ASCII forms (U+FF01..U+FF5E, typed with a Japanese input method switched on)
  ///     become ASCII, the ideographic space U+3000 a space; ASCII letters become lower case;
  ///  2. the candidate is common when it is on the list as it is, or after removing ASCII symbols
  ///     and spaces from both ends ("!!123456!!");
  ///  3. or when any "word core" is on the list: what remains after removing any number of ASCII
  ///     digits, symbols and spaces from the start and from the end, provided it contains a
  ///     letter — taken as it is, and with leetspeak undone (@ 4 → a, 3 → e, 1 ! → i, 0 → o,
  ///     $ 5 → s, 7 → t; and once more with 1 → l). So "Password123!", "P4ssw0rd2026",
  ///     "@dmin", "Trustno1!" and "ｓａｋｕｒａ１２３" are common. A decoration never rescues a listed
  ///     word, however long it is. Words are not searched inside other text: "mypassword" is
  ///     not common (the length rule already makes such passwords long).
  /// Invalid UTF-8 is never common (checkNewPassword refuses it as InvalidText).
  static bool isCommon(std::string_view candidate);

  /// Unicode code points in a UTF-8 string; nullopt when it is not valid UTF-8 (overlong forms,
  /// surrogates, values above U+10FFFF and truncated sequences are invalid).
  static std::optional<int> codePoints(std::string_view utf8);

 private:
  Rules rules_;
};

/// Stable, distinct keys for translation: "password.too_short", "password.expired", …
const char* messageKey(PasswordProblem problem);
const char* messageKey(PasswordState state);

namespace detail {
/// Parses a word list: one entry per line; a line whose first non-blank character is '#' is a
/// comment; blank lines are skipped; spaces, tabs and CR around an entry are trimmed; ASCII is
/// lower-cased. Sorted and without duplicates. Exposed for tests.
std::vector<std::string> parseWordList(std::string_view text);
}  // namespace detail

}  // namespace renkei
