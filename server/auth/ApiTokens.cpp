// SPDX-License-Identifier: MIT
#include "server/auth/ApiTokens.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/VariadicBind.h>

#include "server/crypto/Digest.h"

namespace renkei::server {
namespace {

ApiToken tokenFrom(SQLite::Statement& q) {
  ApiToken t;
  t.id = q.getColumn(0).getInt64();
  t.accountId = q.getColumn(1).getString();
  t.name = q.getColumn(2).getString();
  t.createdAt = q.getColumn(3).getInt64();
  t.expiresAt = q.getColumn(4).getInt64();
  if (!q.getColumn(5).isNull()) t.lastUsedAt = q.getColumn(5).getInt64();
  if (!q.getColumn(6).isNull()) t.revokedAt = q.getColumn(6).getInt64();
  return t;
}

constexpr const char* kColumns = "SELECT id, account_id, name, created_at, expires_at, last_used_at, revoked_at FROM api_token";

}  // namespace

ApiTokens::Created ApiTokens::create(const std::string& accountId, const std::string& name, int days, std::int64_t now) {
  Created c;
  c.secret = "rk_" + randomToken(32);
  auto qQuery = db_.query("INSERT INTO api_token (account_id, name, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)");
  SQLite::Statement& q = *qQuery;
  SQLite::bind(q, accountId, name, sha256Hex(c.secret), now, now + static_cast<std::int64_t>(days) * 86400);
  q.exec();
  c.token = ApiToken{db_.sql().getLastInsertRowid(), accountId, name, now, now + static_cast<std::int64_t>(days) * 86400, {}, {}};
  return c;
}

std::vector<ApiToken> ApiTokens::list(const std::string& accountId) {
  auto qQuery = db_.query(std::string(kColumns) + " WHERE account_id = ? ORDER BY id DESC");
  SQLite::Statement& q = *qQuery;
  q.bind(1, accountId);
  std::vector<ApiToken> out;
  while (q.executeStep()) out.push_back(tokenFrom(q));
  return out;
}

bool ApiTokens::revoke(const std::string& accountId, std::int64_t id, std::int64_t now) {
  auto qQuery = db_.query("UPDATE api_token SET revoked_at = ? WHERE id = ? AND account_id = ? AND revoked_at IS NULL");
  SQLite::Statement& q = *qQuery;
  SQLite::bind(q, now, id, accountId);
  return q.exec() == 1;
}

std::optional<ApiToken> ApiTokens::find(const std::string& secret, std::int64_t now) {
  if (secret.rfind("rk_", 0) != 0 || secret.size() > 200) return std::nullopt;
  auto qQuery = db_.query(std::string(kColumns) + " WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?");
  SQLite::Statement& q = *qQuery;
  q.bind(1, sha256Hex(secret));
  q.bind(2, now);
  if (!q.executeStep()) return std::nullopt;
  ApiToken t = tokenFrom(q);
  q.reset();  // ends the read: a write on this connection while a read is open could not wait for the lock
  if (!t.lastUsedAt || *t.lastUsedAt < now) {  // whole seconds: written at most once a second
    auto touchQuery = db_.query("UPDATE api_token SET last_used_at = max(coalesce(last_used_at, 0), ?) WHERE id = ?");
    SQLite::Statement& touch = *touchQuery;
    touch.bind(1, now);
    touch.bind(2, t.id);
    touch.exec();
  }
  return t;
}

}  // namespace renkei::server
