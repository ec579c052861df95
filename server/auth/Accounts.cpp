// SPDX-License-Identifier: MIT
#include "server/auth/Accounts.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

namespace renkei::server {
namespace {

std::optional<Date> dateColumn(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return Date::parse(c.getString());
}

void bindDate(SQLite::Statement& s, int i, const std::optional<Date>& d) {
  if (d) s.bind(i, d->iso());
  else s.bind(i);
}

void bindText(SQLite::Statement& s, int i, const std::string& v) {
  if (v.empty()) s.bind(i);
  else s.bind(i, v);
}

}  // namespace

void Accounts::createFacility(const Facility& f, std::int64_t now) {
  SQLite::Statement s(db_.sql(),
                      "INSERT INTO facility (id, name, kind, address, institution_code, active, created_at)"
                      " VALUES (?,?,?,?,?,1,?)");
  s.bind(1, f.id);
  s.bind(2, f.name);
  s.bind(3, f.kind);
  s.bind(4, f.address);
  bindText(s, 5, f.institutionCode);
  s.bind(6, now);
  try {
    s.exec();
  } catch (const SQLite::Exception& e) {
    throw AccountError("duplicate_facility", std::string("the facility could not be registered: ") + e.what());
  }
}

std::optional<Facility> Accounts::facility(const std::string& id) {
  SQLite::Statement s(db_.sql(), "SELECT id, name, kind, address, coalesce(institution_code, ''), active FROM facility WHERE id = ?");
  s.bind(1, id);
  if (!s.executeStep()) return std::nullopt;
  return Facility{s.getColumn(0).getString(), s.getColumn(1).getString(), s.getColumn(2).getString(),
                  s.getColumn(3).getString(), s.getColumn(4).getString(), s.getColumn(5).getInt() != 0};
}

void Accounts::createAccount(const Account& a, std::int64_t now) {
  SQLite::Transaction tx(db_.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  if (!a.licenceNumber.empty()) {
    SQLite::Statement r(db_.sql(), "SELECT 1 FROM revoked_licence WHERE licence_number = ?");
    r.bind(1, a.licenceNumber);
    if (r.executeStep())
      throw AccountError("licence_revoked", "this licence number was revoked for misuse and cannot be registered again");
  }
  SQLite::Statement s(db_.sql(),
                      "INSERT INTO account (id, name, role, facility_id, licence_number, setup_visit_on, training_done_on,"
                      " status, created_at) VALUES (?,?,?,?,?,?,?,'active',?)");
  s.bind(1, a.id);
  s.bind(2, a.name);
  s.bind(3, a.role);
  s.bind(4, a.facilityId);
  bindText(s, 5, a.licenceNumber);
  bindDate(s, 6, a.setupVisitOn);
  bindDate(s, 7, a.trainingDoneOn);
  s.bind(8, now);
  try {
    s.exec();
  } catch (const SQLite::Exception& e) {
    throw AccountError("invalid_account", std::string("the account could not be registered: ") + e.what());
  }
  tx.commit();
}

std::optional<Account> Accounts::account(const std::string& id) {
  SQLite::Statement s(db_.sql(),
                      "SELECT id, name, role, facility_id, coalesce(licence_number, ''), setup_visit_on, training_done_on,"
                      " status FROM account WHERE id = ?");
  s.bind(1, id);
  if (!s.executeStep()) return std::nullopt;
  return Account{s.getColumn(0).getString(), s.getColumn(1).getString(), s.getColumn(2).getString(),
                 s.getColumn(3).getString(), s.getColumn(4).getString(), dateColumn(s.getColumn(5)),
                 dateColumn(s.getColumn(6)), s.getColumn(7).getString()};
}

void Accounts::recordEnrolment(const std::string& id, std::optional<Date> setupVisitOn, std::optional<Date> trainingDoneOn) {
  SQLite::Statement s(db_.sql(),
                      "UPDATE account SET setup_visit_on = coalesce(?, setup_visit_on),"
                      " training_done_on = coalesce(?, training_done_on) WHERE id = ?");
  bindDate(s, 1, setupVisitOn);
  bindDate(s, 2, trainingDoneOn);
  s.bind(3, id);
  if (s.exec() != 1) throw AccountError("not_found", "no such account");
}

void Accounts::setPassword(const std::string& id, const std::string& hash, Date setOn, bool temporary, std::int64_t now) {
  SQLite::Statement s(db_.sql(),
                      "INSERT INTO password (account_id, seq, hash, set_on, set_at, temporary)"
                      " SELECT ?, coalesce(max(seq), 0) + 1, ?, ?, ?, ? FROM password WHERE account_id = ?");
  s.bind(1, id);
  s.bind(2, hash);
  s.bind(3, setOn.iso());
  s.bind(4, now);
  s.bind(5, temporary ? 1 : 0);
  s.bind(6, id);
  s.exec();
}

std::optional<StoredPassword> Accounts::currentPassword(const std::string& id) {
  SQLite::Statement s(db_.sql(),
                      "SELECT hash, set_on, temporary FROM password WHERE account_id = ? ORDER BY seq DESC LIMIT 1");
  s.bind(1, id);
  if (!s.executeStep()) return std::nullopt;
  const auto setOn = Date::parse(s.getColumn(1).getString());
  if (!setOn) return std::nullopt;
  return StoredPassword{s.getColumn(0).getString(), *setOn, s.getColumn(2).getInt() != 0};
}

std::vector<std::string> Accounts::recentPasswordHashes(const std::string& id, int n) {
  SQLite::Statement s(db_.sql(), "SELECT hash FROM password WHERE account_id = ? ORDER BY seq DESC LIMIT ?");
  s.bind(1, id);
  s.bind(2, n);
  std::vector<std::string> out;
  while (s.executeStep()) out.push_back(s.getColumn(0).getString());
  return out;
}

}  // namespace renkei::server
