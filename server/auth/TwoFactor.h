// SPDX-License-Identifier: MIT
// TwoFactor — TOTP second factor (RFC 6238: HMAC-SHA-1, 6 digits, 30 s, ±1 step) with QR-code
// enrolment and ten single-use recovery codes (R-PW-6, issue 4 §4).
//
// HMAC comes from OpenSSL, the step arithmetic and formats from core::totp. Secrets are sealed in
// the database (SecretBox). A code is accepted at most once: the newest step used is stored and
// only later steps are accepted afterwards, atomically, so two requests racing with the same code
// cannot both succeed. Enrolment has two steps: begin() makes a pending secret and its QR code;
// confirm() with the first correct code activates it and returns the recovery codes — the only
// time they are ever shown.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/crypto/SecretBox.h"
#include "server/store/Database.h"

namespace renkei::server {

struct TotpEnrolment {
  std::string secretBase32;        ///< for typing into an app by hand
  std::string uri;                 ///< otpauth://totp/…, the QR code's content
  std::vector<std::string> qrRows; ///< the QR code's modules, one string of '1' (dark) / '0' per row
};

class TwoFactor {
 public:
  TwoFactor(Database& db, const SecretBox& box, std::string issuer) : db_(db), box_(box), issuer_(std::move(issuer)) {}

  /// True when the account has a confirmed TOTP secret.
  bool enrolled(const std::string& accountId);
  /// A new pending secret for the account (replacing any pending one). Throws Refusal
  /// ("totp_already_enrolled") when a confirmed one exists: only the office can reset it.
  TotpEnrolment begin(const std::string& accountId, std::int64_t now);
  /// Confirms the pending secret with its first code; returns the ten recovery codes, or nullopt
  /// when the code is wrong or nothing is pending.
  std::optional<std::vector<std::string>> confirm(const std::string& accountId, const std::string& typed, std::int64_t now);

  enum class Result { Accepted, AcceptedRecoveryCode, Refused };
  /// Checks a typed TOTP code or recovery code of an enrolled account, and uses it up.
  Result verify(const std::string& accountId, const std::string& typed, std::int64_t now);
  /// Unused recovery codes left.
  int recoveryCodesLeft(const std::string& accountId);
  /// Removes the account's second factor (office reset, or a lost phone); true when there was one.
  bool reset(const std::string& accountId);

  /// The code of `secret` for time step `counter` (RFC 4226 HOTP with HMAC-SHA-1).
  static std::string code(const std::vector<unsigned char>& secret, std::int64_t counter, int digits = 6);

 private:
  std::optional<std::int64_t> matchingCounter(const std::vector<unsigned char>& secret, const std::string& code,
                                              std::int64_t now, std::optional<std::int64_t> lastUsed);
  Database& db_;
  const SecretBox& box_;
  std::string issuer_;
};

}  // namespace renkei::server
