// SPDX-License-Identifier: MIT
#include "server/store/Database.h"

#include <SQLiteCpp/Transaction.h>

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
}

namespace renkei::server {

const std::vector<Migration>& Database::migrations() {
  static const std::string s001(data::kSchema001), s002(data::kSchema002), s003(data::kSchema003),
      s004(data::kSchema004), s005(data::kSchema005),
      s006(data::kSchema006), s007(data::kSchema007), s008(data::kSchema008), s009(data::kSchema009),
      s010(data::kSchema010);
  static const std::vector<Migration> list{{1, "001-foundation", s001.c_str()},
                                           {2, "002-accounts", s002.c_str()},
                                           {3, "003-two-factor", s003.c_str()},
                                           {4, "004-records", s004.c_str()},
                                           {5, "005-imaging", s005.c_str()},
                                           {6, "006-api-tokens", s006.c_str()},
                                           {7, "007-held-instances", s007.c_str()},
                                           {8, "008-booking", s008.c_str()},
                                           {9, "009-booking-flow", s009.c_str()},
                                           {10, "010-messaging", s010.c_str()}};
  return list;
}

Database::Database(const std::filesystem::path& path)
    : db_(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX) {
  db_.setBusyTimeout(5000);
  db_.exec("PRAGMA journal_mode = WAL");
  db_.exec("PRAGMA foreign_keys = ON");
  db_.exec("PRAGMA synchronous = NORMAL");
  migrate(db_, migrations());
}

int Database::schemaVersion() { return db_.execAndGet("PRAGMA user_version").getInt(); }

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
      SQLite::Transaction tx(db);
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
