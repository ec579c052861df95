// SPDX-License-Identifier: MIT
// Accounts — facilities and personal accounts with their passwords (R-ACC-1..4, R-PW-1..2, R-PW-4).
// Storage only; the rules come from core::PasswordPolicy, and the callers (API, admin CLI) audit.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "core/errors/Error.h"
#include <vector>

#include "core/time/Date.h"
#include "server/store/Database.h"

namespace renkei::server {

struct Facility {
  std::string id, name, kind, address, institutionCode;
  bool active = true;
};

struct Account {
  std::string id, name, role, facilityId, licenceNumber;
  std::optional<Date> setupVisitOn, trainingDoneOn;
  std::string status;  ///< active | deactivated | revoked
};

struct StoredPassword {
  std::string hash;
  Date setOn;
  bool temporary = false;
};


/// A medical licence number as compared and stored: ASCII upper case, without spaces, hyphens or
/// other punctuation; full-width forms (typed with a Japanese input method) become ASCII. So
/// "md-300301", "MD 300301" and "ＭＤ３００３０１" are one person (R-ACC-4).
std::string normaliseLicence(const std::string& typed);

class Accounts {
 public:
  explicit Accounts(Database& db) : db_(db) {}

  void createFacility(const Facility& f, std::int64_t now);
  std::optional<Facility> facility(const std::string& id);
  std::vector<Facility> facilities();
  /// Withdrawal of a whole clinic (R-ACC-3): the facility and its active accounts are
  /// deactivated; returns the accounts deactivated (the caller ends their sessions). What they
  /// wrote stays, attributed to them.
  std::vector<std::string> deactivateFacility(const std::string& id, std::int64_t now);

  /// Refused when the id exists or the licence number is on the revocation list (R-ACC-4).
  void createAccount(const Account& a, std::int64_t now);
  std::optional<Account> account(const std::string& id);
  /// Every account, or those of one facility; by facility, then id.
  std::vector<Account> accounts(const std::string& facilityId = "");
  /// Changes name and/or role (R-ACC-1 "grants permissions per user").
  void updateAccount(const std::string& id, const std::optional<std::string>& name, const std::optional<std::string>& role);
  /// active ↔ deactivated (R-ACC-3). A revoked account never changes again.
  void setStatus(const std::string& id, const std::string& status, std::int64_t now);
  /// Revocation for misuse (R-ACC-4): the account is revoked for good and its licence number is
  /// blocked, so the person cannot be registered again under any id.
  void revoke(const std::string& id, const std::string& reason, std::int64_t now);
  /// True when the licence number (normalised) is on the block list.
  bool licenceRevoked(const std::string& licenceNumber);
  void recordEnrolment(const std::string& id, std::optional<Date> setupVisitOn, std::optional<Date> trainingDoneOn);

  /// Stores a new current password (a PasswordHash string).
  void setPassword(const std::string& id, const std::string& hash, Date setOn, bool temporary, std::int64_t now);
  std::optional<StoredPassword> currentPassword(const std::string& id);
  /// The newest `n` password hashes, current first (for the history rule).
  std::vector<std::string> recentPasswordHashes(const std::string& id, int n);

 private:
  Database& db_;
};

}  // namespace renkei::server
