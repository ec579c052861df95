// SPDX-License-Identifier: MIT
// The migration runner: each migration in its own transaction; a failure leaves the file as it was.
#include <catch2/catch.hpp>

#include "ServerProcess.h"
#include "server/store/Database.h"

using renkei::server::Database;
using renkei::server::Migration;
using renkei::server::MigrationError;

TEST_CASE("migrations apply in order and only once", "[server][database]") {
  renkei::test::TempDir dir;
  SQLite::Database db((dir.path() / "m.sqlite").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  const std::vector<Migration> list{{1, "one", "CREATE TABLE a (x INTEGER);"}, {2, "two", "INSERT INTO a VALUES (7);"}};
  Database::migrate(db, list);
  Database::migrate(db, list);  // second run: nothing to do
  CHECK(db.execAndGet("PRAGMA user_version").getInt() == 2);
  CHECK(db.execAndGet("SELECT count(*) FROM a").getInt() == 1);
}

TEST_CASE("a failing migration rolls back completely and names itself", "[server][database][bad-input]") {
  renkei::test::TempDir dir;
  SQLite::Database db((dir.path() / "m.sqlite").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  Database::migrate(db, {{1, "one", "CREATE TABLE a (x INTEGER);"}});
  const std::vector<Migration> broken{{1, "one", ""},
                                      {2, "002-broken", "CREATE TABLE b (y INTEGER); INSERT INTO nowhere VALUES (1);"}};
  try {
    Database::migrate(db, broken);
    FAIL("expected a MigrationError");
  } catch (const MigrationError& e) {
    CHECK(std::string(e.what()).find("002-broken") != std::string::npos);
    CHECK(std::string(e.what()).find("nowhere") != std::string::npos);
  }
  CHECK(db.execAndGet("PRAGMA user_version").getInt() == 1);
  CHECK_FALSE(db.tableExists("b"));
}

TEST_CASE("the server's own migrations produce the current schema", "[server][database]") {
  renkei::test::TempDir dir;
  Database db(dir.path() / "r.sqlite");
  CHECK(db.schemaVersion() == Database::migrations().back().version);
  CHECK(db.sql().execAndGet("PRAGMA foreign_keys").getInt() == 1);
}
