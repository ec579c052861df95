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

TEST_CASE("schema 009-booking-flow: a booking of schema 8 keeps its holds and gains its first step (R-BOOK-2, R-BOOK-3)",
          "[server][database][booking]") {
  renkei::test::TempDir dir;
  SQLite::Database db((dir.path() / "b.sqlite").string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  db.exec("PRAGMA foreign_keys = ON");  // as the server opens it: the rebuild must pass its checks
  std::vector<Migration> upTo8;
  for (const Migration& m : Database::migrations())
    if (m.version <= 8) upTo8.push_back(m);
  Database::migrate(db, upTo8);
  REQUIRE(db.execAndGet("PRAGMA user_version").getInt() == 8);
  db.exec(
      "INSERT INTO facility (id, name, kind, created_at) VALUES ('c1', 'クリニック', 'clinic', 1);"
      "INSERT INTO account (id, name, role, facility_id, created_at) VALUES ('dr', '医師', 'clinic', 'c1', 1);"
      "INSERT INTO patient (id, name, sex, search_key, created_at, source) VALUES ('P1', '山田 太郎', 'M', 'p1', 1, 'test');"
      "INSERT INTO equipment (id, kind, name_ja, name_en, weight_limit_kg) VALUES ('CT1', 'CT', 'CT 1', 'CT 1', 200);"
      "INSERT INTO exam_type (code, kind, name_ja, name_en, minutes, contrast) VALUES ('CT-ABD-C', 'CT', '腹部', 'Abd', 15, 1);"
      "INSERT INTO booking (id, equipment_id, exam_code, date, start_minute, end_minute, patient_id, facility_id, requested_by, "
      "  state, urgency, order_json, verdict, created_at, updated_at) "
      "  VALUES (7, 'CT1', 'CT-ABD-C', '2026-12-08', 540, 555, 'P1', 'c1', 'dr', 'requested', 'routine', '{}', 'ok', 100, 100);"
      "INSERT INTO booking_hold (equipment_id, date, minute, booking_id) VALUES ('CT1', '2026-12-08', 540, 7), "
      "  ('CT1', '2026-12-08', 545, 7), ('CT1', '2026-12-08', 550, 7);");
  Database::migrate(db, Database::migrations());
  CHECK(db.execAndGet("PRAGMA user_version").getInt() == Database::migrations().back().version);
  CHECK(db.execAndGet("SELECT group_concat(minute) FROM (SELECT minute FROM booking_hold WHERE booking_id = 7 ORDER BY minute)")
            .getString() == "540,545,550");
  CHECK(db.execAndGet("SELECT flagged || '|' || preparation || '|' || cancelled_by || '|' || clinic_seen_at || '|' || "
                      "coalesce(arrival_minute, 'null') FROM booking WHERE id = 7")
            .getString() == "|||0|null");
  CHECK(db.execAndGet("SELECT from_state || '>' || to_state || ' ' || at || ' ' || by_account FROM booking_event WHERE booking_id = 7")
            .getString() == ">requested 100 dr");
  SQLite::Statement fk(db, "PRAGMA foreign_key_check");
  CHECK_FALSE(fk.executeStep());
  // The key still refuses a second holder; the new state is accepted.
  CHECK_THROWS(db.exec("INSERT INTO booking_hold (equipment_id, date, minute, booking_id) VALUES ('CT1', '2026-12-08', 545, 7)"));
  db.exec("UPDATE booking SET state = 'noshow' WHERE id = 7");
  CHECK_THROWS(db.exec("UPDATE booking SET state = 'lost' WHERE id = 7"));
}
