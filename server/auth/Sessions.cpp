// SPDX-License-Identifier: MIT
#include "server/auth/Sessions.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/VariadicBind.h>
#include <SQLiteCpp/Transaction.h>

#include "server/crypto/Digest.h"

namespace renkei::server {

const char* toString(SessionLookup s) {
  switch (s) {
    case SessionLookup::Valid: return "valid";
    case SessionLookup::Missing: return "missing";
    case SessionLookup::IdleTimeout: return "idle_timeout";
    case SessionLookup::Expired: return "expired";
  }
  return "missing";
}

Sessions::Created Sessions::create(const std::string& accountId, std::int64_t now, const std::string& sourceIp) {
  Created c{randomToken(32), randomToken(24)};
  auto sQuery = db_.query("INSERT INTO session (token_hash, account_id, csrf_token, created_at, last_seen_at, source_ip)"
                      " VALUES (?,?,?,?,?,?)");
  SQLite::Statement& s = *sQuery;
  SQLite::bind(s, sha256Hex(c.token), accountId, c.csrfToken, now, now, sourceIp);
  s.exec();
  return c;
}

SessionLookup Sessions::find(const std::string& token, std::int64_t now, Session& out) {
  if (token.empty() || token.size() > 100) return SessionLookup::Missing;
  const std::string hash = sha256Hex(token);
  auto sQuery = db_.query("SELECT account_id, csrf_token, created_at, last_seen_at FROM session WHERE token_hash = ?");
  SQLite::Statement& s = *sQuery;
  s.bind(1, hash);
  if (!s.executeStep()) return SessionLookup::Missing;
  out = Session{hash, s.getColumn(0).getString(), s.getColumn(1).getString(), s.getColumn(2).getInt64(),
                s.getColumn(3).getInt64()};
  s.reset();
  SessionLookup result = SessionLookup::Valid;
  if (now - out.createdAt >= max_) result = SessionLookup::Expired;
  else if (now - out.lastSeenAt >= idle_) result = SessionLookup::IdleTimeout;
  if (result != SessionLookup::Valid) {
    auto delQuery = db_.query("DELETE FROM session WHERE token_hash = ?");
    SQLite::Statement& del = *delQuery;
    del.bind(1, hash);
    del.exec();
    return result;
  }
  // Times are whole seconds: a session seen this second already is not written again (most
  // requests of a busy viewer then read the database only).
  if (now > out.lastSeenAt) {
    auto touchQuery = db_.query("UPDATE session SET last_seen_at = max(last_seen_at, ?) WHERE token_hash = ?");
    SQLite::Statement& touch = *touchQuery;
    touch.bind(1, now);
    touch.bind(2, hash);
    touch.exec();
    out.lastSeenAt = now;
  }
  return result;
}

void Sessions::remove(const std::string& token) {
  auto delQuery = db_.query("DELETE FROM session WHERE token_hash = ?");
  SQLite::Statement& del = *delQuery;
  del.bind(1, sha256Hex(token));
  del.exec();
}

int Sessions::removeAll(const std::string& accountId) {
  // An account's API tokens are credentials like its sessions: whatever ends the one ends the other.
  auto tokensQuery = db_.query("UPDATE api_token SET revoked_at = strftime('%s', 'now') WHERE account_id = ? AND revoked_at IS NULL");
  SQLite::Statement& tokens = *tokensQuery;
  tokens.bind(1, accountId);
  tokens.exec();
  auto delQuery = db_.query("DELETE FROM session WHERE account_id = ?");
  SQLite::Statement& del = *delQuery;
  del.bind(1, accountId);
  return del.exec();
}

std::int64_t LoginGuard::lockedFor(const std::string& loginId, std::int64_t now) {
  auto sQuery = db_.query("SELECT locked_until FROM login_guard WHERE login_id = ?");
  SQLite::Statement& s = *sQuery;
  s.bind(1, loginId);
  if (!s.executeStep() || s.getColumn(0).isNull()) return 0;
  const std::int64_t until = s.getColumn(0).getInt64();
  return until > now ? until - now : 0;
}

bool LoginGuard::recordFailure(const std::string& loginId, std::int64_t now) {
  auto tx = db_.write();
  // A lock that has run out starts a fresh count.
  auto upQuery = db_.query("INSERT INTO login_guard (login_id, failures, locked_until) VALUES (?, 1, NULL)"
                       " ON CONFLICT(login_id) DO UPDATE SET"
                       " failures = CASE WHEN locked_until IS NOT NULL AND locked_until <= ? THEN 1 ELSE failures + 1 END,"
                       " locked_until = CASE WHEN locked_until IS NOT NULL AND locked_until <= ? THEN NULL ELSE locked_until END");
  SQLite::Statement& up = *upQuery;
  SQLite::bind(up, loginId, now, now);
  up.exec();
  auto lockQuery = db_.query("UPDATE login_guard SET locked_until = ? WHERE login_id = ? AND failures >= ? AND locked_until IS NULL");
  SQLite::Statement& lock = *lockQuery;
  SQLite::bind(lock, now + lockSeconds_, loginId, maxFailures_);
  const bool lockedNow = lock.exec() == 1;
  tx.commit();
  return lockedNow;
}

void LoginGuard::reset(const std::string& loginId) {
  auto delQuery = db_.query("DELETE FROM login_guard WHERE login_id = ?");
  SQLite::Statement& del = *delQuery;
  del.bind(1, loginId);
  del.exec();
}

}  // namespace renkei::server
