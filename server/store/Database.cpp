// SPDX-License-Identifier: MIT
#include "server/store/Database.h"

#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <set>
#include <stdexcept>
#include <unordered_map>

namespace renkei::data {
extern const std::string_view kSchema001;
extern const std::string_view kSchema002;
extern const std::string_view kSchema003;
extern const std::string_view kSchema004;
extern const std::string_view kSchema005;
extern const std::string_view kSchema006;
extern const std::string_view kSchema007;
extern const std::string_view kSchema008;
extern const std::string_view kSchema009;
extern const std::string_view kSchema010;
extern const std::string_view kSchema011;
}

namespace renkei::server {

const std::vector<Migration>& Database::migrations() {
  static const std::string s001(data::kSchema001), s002(data::kSchema002), s003(data::kSchema003),
      s004(data::kSchema004), s005(data::kSchema005),
      s006(data::kSchema006), s007(data::kSchema007), s008(data::kSchema008), s009(data::kSchema009),
      s010(data::kSchema010), s011(data::kSchema011);
  static const std::vector<Migration> list{{1, "001-foundation", s001.c_str()},
                                           {2, "002-accounts", s002.c_str()},
                                           {3, "003-two-factor", s003.c_str()},
                                           {4, "004-records", s004.c_str()},
                                           {5, "005-imaging", s005.c_str()},
                                           {6, "006-api-tokens", s006.c_str()},
                                           {7, "007-held-instances", s007.c_str()},
                                           {8, "008-booking", s008.c_str()},
                                           {9, "009-booking-flow", s009.c_str()},
                                           {10, "010-messaging", s010.c_str()},
                                           {11, "011-frame-index", s011.c_str()}};
  return list;
}

namespace {

/// SQLite's own busy handler sleeps whole milliseconds (1, 2, 5, 10 … ms) between tries; a write
/// here takes tens of microseconds, so waiting in small steps keeps a short collision short.
int waitForLock(void*, int tries) {
  constexpr int kLimit = 5000 + 100;  // ≈ 5 s: 100 tries of ≤ 1 ms, then 1 ms each
  if (tries >= kLimit) return 0;
  ::usleep(static_cast<useconds_t>(std::min(1000, 20 + tries * 10)));
  return 1;
}

std::unique_ptr<SQLite::Database> open(const std::filesystem::path& path) {
  auto db = std::make_unique<SQLite::Database>(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX);
  ::sqlite3_busy_handler(db->getHandle(), waitForLock, nullptr);
  db->exec("PRAGMA journal_mode = WAL");
  db->exec("PRAGMA foreign_keys = ON");
  db->exec("PRAGMA synchronous = FULL");
  // A small page cache per connection (one per thread, 256 KB): the OS's page cache is shared by all.
  db->exec("PRAGMA cache_size = -256");
  return db;
}

}  // namespace

/// Prepared statements of one connection, by SQL text, not in use.
struct Database::Query::Cache {
  static constexpr std::size_t kMaxTexts = 48;  ///< the hot ones; past this (searches build texts per request) not kept: 64 connections × statements is memory
  std::unordered_map<std::string, std::vector<std::unique_ptr<SQLite::Statement>>> idle;
};

/// A connection and its statements (declared after it: finalised before it closes).
struct Database::Connection {
  std::unique_ptr<SQLite::Database> db;
  Query::Cache cache;
};

/// Every connection of one Database; a thread's connection goes back to `idle` when the thread ends.
struct Database::Pool {
  std::filesystem::path path;
  std::atomic<bool> manualCheckpoints{false};  ///< new connections: no automatic checkpoint
  mutable std::mutex mutex;
  std::vector<std::unique_ptr<Connection>> all;
  std::vector<Connection*> idle;
};

namespace {

/// The connections this thread holds, by pool; returned to their pools when the thread ends.
struct ThreadConnections {
  std::vector<std::pair<std::weak_ptr<Database::Pool>, Database::Connection*>> held;
  ~ThreadConnections() {
    for (auto& [weak, conn] : held)
      if (const auto pool = weak.lock()) {
        std::lock_guard lock(pool->mutex);
        pool->idle.push_back(conn);
      }
  }
};
thread_local ThreadConnections tConnections;

}  // namespace

Database::Database(const std::filesystem::path& path) : pool_(std::make_shared<Pool>()) {
  // One connection per thread and no connection shared: SQLite's own locks on each are not needed,
  // nor its global memory statistics (a process-wide mutex taken at every allocation).
  static std::once_flag configured;
  std::call_once(configured, [] {
    ::sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    ::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  });
  pool_->path = path;
  migrate(sql(), migrations());
}

struct Database::Checkpointer {
  std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;
  std::thread thread;
};

void Database::checkpointInBackground() {
  if (checkpointer_) return;
  pool_->manualCheckpoints = true;
  {
    std::lock_guard lock(pool_->mutex);
    for (const auto& c : pool_->all) c->db->exec("PRAGMA wal_autocheckpoint = 0");
  }
  checkpointer_ = std::make_unique<Checkpointer>();
  checkpointer_->thread = std::thread([this, c = checkpointer_.get()] {
    std::unique_lock lock(c->mutex);
    while (!c->stopping) {
      c->wake.wait_for(lock, std::chrono::milliseconds(500));
      if (c->stopping) break;
      lock.unlock();
      int wal = 0, copied = 0;
      ::sqlite3_wal_checkpoint_v2(sql().getHandle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &wal, &copied);
      lock.lock();
    }
  });
}

Database::~Database() {
  if (checkpointer_) {
    {
      std::lock_guard lock(checkpointer_->mutex);
      checkpointer_->stopping = true;
    }
    checkpointer_->wake.notify_all();
    checkpointer_->thread.join();
  }
  // This thread's entry would otherwise outlive the connection it names.
  auto& held = tConnections.held;
  held.erase(std::remove_if(held.begin(), held.end(), [&](const auto& h) { return h.first.expired() || h.first.lock() == pool_; }),
             held.end());
}

Database::Connection& Database::connection() {
  for (const auto& [weak, conn] : tConnections.held)
    if (!weak.owner_before(pool_) && !pool_.owner_before(weak)) return *conn;
  Connection* conn = nullptr;
  {
    std::lock_guard lock(pool_->mutex);
    if (!pool_->idle.empty()) {
      conn = pool_->idle.back();
      pool_->idle.pop_back();
    }
  }
  if (!conn) {
    auto fresh = std::make_unique<Connection>();
    fresh->db = open(pool_->path);
    if (pool_->manualCheckpoints) fresh->db->exec("PRAGMA wal_autocheckpoint = 0");
    conn = fresh.get();
    std::lock_guard lock(pool_->mutex);
    pool_->all.push_back(std::move(fresh));
  }
  tConnections.held.emplace_back(pool_, conn);
  return *conn;
}

SQLite::Database& Database::sql() { return *connection().db; }

Database::Query Database::query(const std::string& sql) {
  Connection& c = connection();
  if (const auto it = c.cache.idle.find(sql); it != c.cache.idle.end() && !it->second.empty()) {
    auto statement = std::move(it->second.back());
    it->second.pop_back();
    return Query(c.cache, sql, std::move(statement));
  }
  return Query(c.cache, sql, std::make_unique<SQLite::Statement>(*c.db, sql));
}

Database::Query::~Query() {
  if (!statement_) return;
  try {
    statement_->reset();
    statement_->clearBindings();
  } catch (...) {
    return;  // not reusable: finalised here
  }
  auto it = owner_->idle.find(sql_);
  if (it == owner_->idle.end()) {
    if (owner_->idle.size() >= Cache::kMaxTexts) return;
    it = owner_->idle.emplace(std::move(sql_), std::vector<std::unique_ptr<SQLite::Statement>>{}).first;
  }
  if (it->second.size() < 2) it->second.push_back(std::move(statement_));
}

namespace {

/// The SQL of a statement of this connection that is still stepping ("" when none). Its read
/// snapshot is open: a write begun now fails at once with "database is locked" (SQLITE_BUSY_SNAPSHOT)
/// whenever another connection has committed since — no waiting helps — so under load such code
/// fails at random. The statement must be finished (its Query ended) before the write begins.
std::string steppingStatement(sqlite3* connection) {
  for (sqlite3_stmt* s = ::sqlite3_next_stmt(connection, nullptr); s; s = ::sqlite3_next_stmt(connection, s))
    if (::sqlite3_stmt_busy(s)) return ::sqlite3_sql(s);
  return "";
}

/// RENKEI_STRICT_TRANSACTIONS=1 (the test suite sets it): such a write is refused, so every path
/// the tests take shows it every time. Otherwise it is logged once per statement and tried.
bool strictTransactions() {
  static const bool strict = [] {
    const char* v = std::getenv("RENKEI_STRICT_TRANSACTIONS");
    return v && std::string(v) == "1";
  }();
  return strict;
}

}  // namespace

Database::Write::Write(SQLite::Database& db) : db_(db), nested_(::sqlite3_get_autocommit(db.getHandle()) == 0) {
  if (!nested_) {
    if (const std::string open = steppingStatement(db.getHandle()); !open.empty()) {
      if (strictTransactions()) throw std::logic_error("a write begun while a read is still open on this connection: " + open);
      static std::mutex logged;
      static std::set<std::string> seen;
      std::lock_guard lock(logged);
      if (seen.insert(open).second)
        std::fprintf(stderr, "[renkei] BUG: a write begun while a read is still open on this connection: %s\n", open.c_str());
    }
  }
  db_.exec(nested_ ? "SAVEPOINT renkei_write" : "BEGIN IMMEDIATE");
}

Database::Write::~Write() {
  if (done_) return;
  try {
    db_.exec(nested_ ? "ROLLBACK TO renkei_write; RELEASE renkei_write" : "ROLLBACK");
  } catch (...) {  // SQLite may have rolled back already (a full disk, an interrupted statement)
  }
}

void Database::Write::commit() {
  db_.exec(nested_ ? "RELEASE renkei_write" : "COMMIT");
  done_ = true;
}

int Database::schemaVersion() { return sql().execAndGet("PRAGMA user_version").getInt(); }

void Database::migrate(SQLite::Database& db, const std::vector<Migration>& list) {
  const int current = db.execAndGet("PRAGMA user_version").getInt();
  const int newest = list.empty() ? 0 : list.back().version;
  if (current > newest)
    throw MigrationError("the database has schema version " + std::to_string(current) +
                         ", newer than this server knows (" + std::to_string(newest) +
                         "); refusing to open it with an older server");
  for (const Migration& m : list) {
    if (m.version <= current) continue;
    try {
      SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
      db.exec(m.sql);
      db.exec("PRAGMA user_version = " + std::to_string(m.version));
      tx.commit();
    } catch (const std::exception& e) {
      throw MigrationError(std::string("schema migration ") + m.name + " failed: " + e.what() +
                           " (the database was left unchanged)");
    }
  }
}

}  // namespace renkei::server
