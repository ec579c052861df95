// SPDX-License-Identifier: MIT
// Database — the SQLite file that holds everything but the images.
//
// Opened in WAL mode with foreign keys enforced. The schema is a numbered list of migrations
// (store/schema/NNN-name.sql, compiled in); at start-up every migration newer than the file's
// user_version runs in its own transaction. A failing migration rolls back, leaves the file as it
// was and stops the server with the migration's name and SQLite's message.
#pragma once

#include <SQLiteCpp/Database.h>

#include <filesystem>
#include <memory>
#include <mutex>
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

  SQLite::Database& sql() { return db_; }
  /// One connection serves every request thread: whoever uses it — a request from its session
  /// check to its audit record (Api::route), the audit log, a background job — holds this lock, so
  /// transactions never interleave on the connection. Recursive: helpers may lock again.
  std::recursive_mutex& mutex() { return mutex_; }
  int schemaVersion();

  /// The migrations compiled into this server, oldest first.
  static const std::vector<Migration>& migrations();

  /// Applies `list` (exposed for tests of the migration runner itself).
  static void migrate(SQLite::Database& db, const std::vector<Migration>& list);

 private:
  SQLite::Database db_;
  std::recursive_mutex mutex_;
};

}  // namespace renkei::server
