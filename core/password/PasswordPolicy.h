// SPDX-License-Identifier: MIT
// PasswordPolicy — the password rules of the regional network (R-PW-2..5).
//
//  - A password is valid for 90 days from the day it was set. From 14 days before expiry every
//    login warns with the days left. On the expiry day it is Expired: the account cannot be used at
//    all — not "change it now" — until the liaison office re-issues a password (R-PW-4).
//  - A re-issued password is temporary: it must be changed at the next login (MustChange), and it
//    expires if not used within `temporaryValidityDays`.
//  - New passwords: at least `minLength` characters (12), or `minLengthWithTotp` (8) for a user
//    with two-factor login — Japan's medical information security guideline (6.0) accepts a
//    shorter password when a second factor is present; no common passwords (a list shipped with
//    the code, matched case-insensitively and with trivial decorations removed); not containing
//    the user id; at least two kinds of characters.
//  - History: the last `historyDepth` passwords (the current one included) are refused. The
//    server compares the candidate with the stored hashes; this class says how many and decides.
// Lengths are counted in Unicode code points, so Japanese passwords are measured fairly.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time/Date.h"

namespace renkei {

enum class PasswordState {
  Ok,          ///< nothing to say
  Warning,     ///< valid, expires in daysLeft days (≤ warningDays)
  MustChange,  ///< temporary (re-issued) password: change it before anything else
  Expired,     ///< unusable; only an admin re-issue helps
};

struct PasswordStatus {
  PasswordState state = PasswordState::Ok;
  int daysLeft = 0;  ///< days until expiresOn (0 when expired)
  Date expiresOn;
};

enum class PasswordProblem {
  TooShort,
  TooLong,
  Common,
  ContainsUserId,
  TooFewCharacterKinds,
  InvalidText,  ///< not valid UTF-8, or contains control characters
};

class PasswordPolicy {
 public:
  struct Rules {
    int maxAgeDays = 90;
    int warningDays = 14;
    int minLength = 12;
    int minLengthWithTotp = 8;
    int maxLength = 128;
    int historyDepth = 5;  ///< ≥ 1: the current password is always refused
    int temporaryValidityDays = 7;
  };

  PasswordPolicy() = default;
  explicit PasswordPolicy(Rules rules);

  const Rules& rules() const { return rules_; }

  /// The state of a password set on `changedOn` (hospital-local date), on `today`.
  PasswordStatus status(Date changedOn, bool temporary, Date today) const;

  /// Everything wrong with `candidate` as a new password for `userId`; empty = acceptable.
  std::vector<PasswordProblem> check(std::string_view candidate, std::string_view userId, bool totpEnrolled) const;

  /// The minimum length that applies (for "at least N characters").
  int minLength(bool totpEnrolled) const { return totpEnrolled ? rules_.minLengthWithTotp : rules_.minLength; }

  /// How many of the most recent password hashes (current first) the server must compare.
  int historyDepth() const { return rules_.historyDepth; }

  /// Given the position of the newest stored password the candidate matched (0 = current), or
  /// nullopt when none matched: is the candidate refused as a reuse?
  bool reuseRefused(std::optional<int> matchedPosition) const;

  /// True when `candidate` is on the common-password list, after normalisation.
  static bool isCommon(std::string_view candidate);

  /// Unicode code points in a UTF-8 string, or nullopt when it is not valid UTF-8.
  static std::optional<int> codePoints(std::string_view utf8);

 private:
  Rules rules_;
};

/// Stable keys for translation ("password.too_short", "password.expired", …).
const char* messageKey(PasswordProblem p);
const char* messageKey(PasswordState s);

}  // namespace renkei
