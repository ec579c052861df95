// SPDX-License-Identifier: MIT
// Sessions — server-side sessions behind a random cookie (R-SES-1, R-SES-2).
//
// The cookie carries 256 random bits; the database keeps only their SHA-256, so a copy of the
// database cannot be replayed as sessions. Each session has its own CSRF token, required as the
// X-CSRF-Token header on every state-changing request. A session ends after `idleSeconds` without
// a request, after `maxSeconds` in all, at log-out, and when its account's password changes or the
// account is deactivated or revoked (removeAll).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "server/store/Database.h"

namespace renkei::server {

struct Session {
  std::string tokenHash;
  std::string accountId;
  std::string csrfToken;
  std::int64_t createdAt = 0;
  std::int64_t lastSeenAt = 0;
};

enum class SessionLookup { Valid, Missing, IdleTimeout, Expired };

const char* toString(SessionLookup s);

class Sessions {
 public:
  Sessions(Database& db, int idleSeconds, int maxSeconds) : db_(db), idle_(idleSeconds), max_(maxSeconds) {}

  struct Created {
    std::string token;  ///< for the cookie; never stored
    std::string csrfToken;
  };
  Created create(const std::string& accountId, std::int64_t now, const std::string& sourceIp);

  /// Finds the session of a cookie token; a valid one is touched (idle timer restarts), an expired
  /// one is deleted.
  SessionLookup find(const std::string& token, std::int64_t now, Session& out);

  void remove(const std::string& token);
  /// Ends every session of an account, and revokes its API tokens; returns how many sessions.
  int removeAll(const std::string& accountId);

  int idleSeconds() const { return idle_; }
  int maxSeconds() const { return max_; }

 private:
  Database& db_;
  int idle_, max_;
};

/// Counts failed log-ins per log-in id (existing or not) and locks an id for a while after too many
/// (R-PW-5).
class LoginGuard {
 public:
  LoginGuard(Database& db, int maxFailures, int lockSeconds) : db_(db), maxFailures_(maxFailures), lockSeconds_(lockSeconds) {}
  /// Seconds until the id may try again; 0 when not locked.
  std::int64_t lockedFor(const std::string& loginId, std::int64_t now);
  /// Records a failure; returns true when this failure locked the id.
  bool recordFailure(const std::string& loginId, std::int64_t now);
  void reset(const std::string& loginId);

 private:
  Database& db_;
  int maxFailures_, lockSeconds_;
};

}  // namespace renkei::server
