// SPDX-License-Identifier: MIT
// Database — the SQLite file that holds everything but the images.
//
// Opened in WAL mode with foreign keys enforced. The schema is a numbered list of migrations
// (store/schema/NNN-name.sql, compiled in); at start-up every migration newer than the file's
// user_version runs in its own transaction. A failing migration rolls back, leaves the file as it
// was and stops the server with the migration's name and SQLite's message.
//
// Concurrency (issue 13): there is no process-wide lock. Each thread gets its own connection to the
// file (sql()), opened on its first use and handed back to a pool when the thread ends. In WAL mode
// readers never wait for the writer and see the last commit; writes are short transactions begun
// IMMEDIATE (Database::write), so that a transaction that reads before it writes cannot be refused
// halfway by another writer's commit. A writer that finds the file locked waits in small steps
// (tens of microseconds, not SQLite's default of whole milliseconds) for up to five seconds.
// Commits are durable when they return (synchronous = FULL: the WAL is synced at every commit).
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <filesystem>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <thread>
#include <stdexcept>
#include <string>
#include <vector>

namespace renkei::server {

class MigrationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

class Database {
 public:
  /// Opens (creating if needed) and migrates the database at `path`.
  explicit Database(const std::filesystem::path& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  /// The calling thread's connection. Statements and transactions on it stay on this thread.
  SQLite::Database& sql();
  /// A write transaction on the calling thread's connection: BEGIN IMMEDIATE, or — inside a
  /// transaction this thread already began — a savepoint in it, so that a step that is one
  /// transaction alone stays one part of a larger one. Rolled back unless committed.
  class Write {
   public:
    explicit Write(SQLite::Database& db);
    ~Write();
    Write(const Write&) = delete;
    Write& operator=(const Write&) = delete;
    void commit();

   private:
    SQLite::Database& db_;
    bool nested_ = false;
    bool done_ = false;
  };
  Write write() { return Write(sql()); }

  /// A prepared statement of this thread's connection, taken from the connection's cache (SQLite
  /// parses and plans each SQL text once per connection, not per request) and returned to it —
  /// reset, bindings cleared — when the Query ends. Use: `auto q = db.query(sql); SQLite::Statement& s = *q;`.
  class Query {
   public:
    Query(Query&& other) noexcept : owner_(other.owner_), sql_(std::move(other.sql_)), statement_(std::move(other.statement_)) {}
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;
    ~Query();
    SQLite::Statement& operator*() { return *statement_; }
    SQLite::Statement* operator->() { return statement_.get(); }

   private:
    friend class Database;
    struct Cache;
    Query(Cache& owner, std::string sql, std::unique_ptr<SQLite::Statement> statement)
        : owner_(&owner), sql_(std::move(sql)), statement_(std::move(statement)) {}
    Cache* owner_;
    std::string sql_;
    std::unique_ptr<SQLite::Statement> statement_;
  };
  Query query(const std::string& sql);
  int schemaVersion();


  /// From now on the WAL is copied back into the database file by a thread of its own, every half
  /// second when it has grown, without blocking readers or writers (a passive checkpoint), instead
  /// of by whichever commit crosses SQLite's threshold — that commit, and every request waiting for
  /// it, would otherwise wait for the database file's sync. The server calls it; the tools do not.
  void checkpointInBackground();

  /// The migrations compiled into this server, oldest first.
  static const std::vector<Migration>& migrations();

  /// Applies `list` (exposed for tests of the migration runner itself).
  static void migrate(SQLite::Database& db, const std::vector<Migration>& list);

  struct Pool;
  struct Connection;
  struct Checkpointer;
  /// The calling thread's connection and its statement cache.
  Connection& connection();

 private:
  std::shared_ptr<Pool> pool_;
  std::unique_ptr<Checkpointer> checkpointer_;
};

}  // namespace renkei::server
