// SPDX-License-Identifier: MIT
#include "server/records/Patients.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/VariadicBind.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/text/SearchKey.h"
#include "core/errors/Error.h"

namespace renkei::server {
namespace {

std::string keyOf(const Patient& p) {
  return text::searchKey(p.id) + "|" + text::searchKey(p.name) + "|" + text::searchKey(p.nameKana);
}

Patient read(SQLite::Statement& q) {
  Patient p{q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(),
            q.getColumn(3).getString(), std::nullopt};
  if (!q.getColumn(4).isNull()) p.birthDate = Date::parse(q.getColumn(4).getString());
  return p;
}

/// LIKE with the user's text taken literally ('%' and '_' are ordinary characters in a name).
std::string likePattern(const std::string& key) {
  std::string out = "%";
  for (const char c : key) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

}  // namespace

bool Patients::validId(const std::string& id) {
  return !id.empty() && id.size() <= 32 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  });
}

void Patients::create(const Patient& p, const std::string& source, std::int64_t now) {
  if (!createIfMissing(p, source, now))
    throw Refusal(Error::DuplicatePatient, "A patient with the id '" + p.id + "' is already registered.");
}

bool Patients::createIfMissing(const Patient& p, const std::string& source, std::int64_t now) {
  if (!validId(p.id)) throw Refusal(Error::BadRequest, "'" + p.id.substr(0, 40) + "' is not a hospital patient id");
  auto qQuery = db_.query("INSERT INTO patient (id, name, name_kana, sex, birth_date, search_key, created_at, source) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING");
  SQLite::Statement& q = *qQuery;
  SQLite::bind(q, p.id, p.name, p.nameKana, p.sex.empty() ? "U" : p.sex);
  if (p.birthDate) q.bind(5, p.birthDate->iso());
  else q.bind(5);
  q.bind(6, keyOf(p));
  q.bind(7, static_cast<std::int64_t>(now));
  q.bind(8, source);
  return q.exec() == 1;
}

std::optional<Patient> Patients::find(const std::string& id) {
  auto qQuery = db_.query("SELECT id, name, name_kana, sex, birth_date FROM patient WHERE id = ?");
  SQLite::Statement& q = *qQuery;
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return read(q);
}

std::vector<Patient> Patients::search(const PatientQuery& query, int& total) {
  std::string where = " WHERE 1";
  std::vector<std::string> binds;
  const std::string key = text::searchKey(query.text);
  if (!key.empty()) {
    where += " AND search_key LIKE ? ESCAPE '\\'";
    binds.push_back(likePattern(key));
  }
  if (query.birthDate) {
    where += " AND birth_date = ?";
    binds.push_back(query.birthDate->iso());
  }
  if (query.restricted) {
    where += " AND id IN (SELECT value FROM json_each(?))";
    binds.push_back(nlohmann::json(query.among).dump());
  }
  auto countQuery = db_.query("SELECT count(*) FROM patient" + where);
  SQLite::Statement& count = *countQuery;
  for (std::size_t i = 0; i < binds.size(); ++i) count.bind(static_cast<int>(i + 1), binds[i]);
  count.executeStep();
  total = count.getColumn(0).getInt();
  auto qQuery = db_.query("SELECT id, name, name_kana, sex, birth_date FROM patient" + where +
                                     " ORDER BY name_kana, id LIMIT ? OFFSET ?");
  SQLite::Statement& q = *qQuery;
  int n = 1;
  for (const auto& b : binds) q.bind(n++, b);
  q.bind(n++, query.limit);
  q.bind(n, query.offset);
  std::vector<Patient> out;
  while (q.executeStep()) out.push_back(read(q));
  return out;
}

std::int64_t Patients::lastVisit(const std::string& accountId, const std::string& patientId) {
  auto qQuery = db_.query("SELECT last_seen_at FROM patient_visit WHERE account_id = ? AND patient_id = ?");
  SQLite::Statement& q = *qQuery;
  q.bind(1, accountId);
  q.bind(2, patientId);
  return q.executeStep() ? q.getColumn(0).getInt64() : 0;
}

void Patients::recordVisit(const std::string& accountId, const std::string& patientId, std::int64_t now) {
  auto qQuery = db_.query("INSERT INTO patient_visit (account_id, patient_id, last_seen_at) VALUES (?, ?, ?) "
                      "ON CONFLICT (account_id, patient_id) DO UPDATE SET last_seen_at = max(last_seen_at, excluded.last_seen_at)");
  SQLite::Statement& q = *qQuery;
  SQLite::bind(q, accountId, patientId, now);
  q.exec();
}

}  // namespace renkei::server
