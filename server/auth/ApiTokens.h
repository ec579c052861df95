// SPDX-License-Identifier: MIT
// ApiTokens — personal access tokens for standard DICOMweb clients, which send
// "Authorization: Bearer <token>" instead of the app's session cookie (issue 6 §3). A token acts
// for its account on the DICOMweb routes only, under every rule a session has (role, consent scope,
// audit); it is created in a full session, shown once, stored as SHA-256, revocable, and ends with
// the account's sessions and at its expiry (at most 90 days: no longer than a password lives).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server/store/Database.h"

namespace renkei::server {

struct ApiToken {
  std::int64_t id = 0;
  std::string accountId, name;
  std::int64_t createdAt = 0, expiresAt = 0;
  std::optional<std::int64_t> lastUsedAt, revokedAt;
};

class ApiTokens {
 public:
  explicit ApiTokens(Database& db) : db_(db) {}

  static constexpr int kMaxDays = 90;
  struct Created {
    ApiToken token;
    std::string secret;  ///< "rk_…", for the client; never stored
  };
  Created create(const std::string& accountId, const std::string& name, int days, std::int64_t now);
  std::vector<ApiToken> list(const std::string& accountId);
  /// Revokes one of the account's tokens; false when it has no such (unrevoked) token.
  bool revoke(const std::string& accountId, std::int64_t id, std::int64_t now);
  /// The token of a secret, when it is valid now (records the use).
  std::optional<ApiToken> find(const std::string& secret, std::int64_t now);

 private:
  Database& db_;
};

}  // namespace renkei::server
