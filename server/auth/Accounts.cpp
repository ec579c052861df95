// SPDX-License-Identifier: MIT
#include "server/auth/Accounts.h"
#include "core/errors/Error.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/VariadicBind.h>
#include <SQLiteCpp/Transaction.h>

#include "core/text/Width.h"

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

Account readAccount(SQLite::Statement& s) {
  return Account{s.getColumn(0).getString(), s.getColumn(1).getString(), s.getColumn(2).getString(),
                 s.getColumn(3).getString(), s.getColumn(4).getString(), dateColumn(s.getColumn(5)),
                 dateColumn(s.getColumn(6)), s.getColumn(7).getString()};
}

Facility readFacility(SQLite::Statement& s) {
  return Facility{s.getColumn(0).getString(), s.getColumn(1).getString(), s.getColumn(2).getString(),
                  s.getColumn(3).getString(), s.getColumn(4).getString(), s.getColumn(5).getInt() != 0};
}

constexpr const char* kFacilityColumns =
    "SELECT id, name, kind, address, coalesce(institution_code, ''), active FROM facility";

constexpr const char* kAccountColumns =
    "SELECT id, name, role, facility_id, coalesce(licence_number, ''), setup_visit_on, training_done_on, status"
    " FROM account";

}  // namespace

std::string normaliseLicence(const std::string& typed) {
  std::string out;
  for (const char ch : text::halfWidthAscii(typed)) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 'a' && c <= 'z') out += static_cast<char>(c - 'a' + 'A');
    else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) out += static_cast<char>(c);
    else if (c >= 0x80) out += static_cast<char>(c);  // other non-ASCII text is kept as it is
  }
  return out;
}

void Accounts::createFacility(const Facility& f, std::int64_t now) {
  auto sQuery = db_.query("INSERT INTO facility (id, name, kind, address, institution_code, active, created_at)"
                      " VALUES (?,?,?,?,?,1,?)");
  SQLite::Statement& s = *sQuery;
  SQLite::bind(s, f.id, f.name, f.kind, f.address);
  bindText(s, 5, f.institutionCode);
  s.bind(6, now);
  try {
    s.exec();
  } catch (const SQLite::Exception& e) {
    throw Refusal(Error::DuplicateFacility, std::string("the facility could not be registered: ") + e.what());
  }
}

std::optional<Facility> Accounts::facility(const std::string& id) {
  auto sQuery = db_.query(std::string(kFacilityColumns) + " WHERE id = ?");
  SQLite::Statement& s = *sQuery;
  s.bind(1, id);
  if (!s.executeStep()) return std::nullopt;
  return readFacility(s);
}

void Accounts::createAccount(const Account& a, std::int64_t now) {
  auto tx = db_.write();
  const std::string licence = normaliseLicence(a.licenceNumber);
  if (!licence.empty() && licenceRevoked(licence))
    throw Refusal(Error::LicenceRevoked, "this licence number was revoked for misuse and cannot be registered again");
  const auto f = facility(a.facilityId);
  if (!f) throw Refusal(Error::NoFacility, "no facility '" + a.facilityId + "'");
  if (!f->active) throw Refusal(Error::FacilityInactive, "the facility '" + a.facilityId + "' has withdrawn");
  if (account(a.id)) throw Refusal(Error::DuplicateId, "the user id '" + a.id + "' is taken (ids are never reused)");
  auto sQuery = db_.query("INSERT INTO account (id, name, role, facility_id, licence_number, setup_visit_on, training_done_on,"
                      " status, created_at) VALUES (?,?,?,?,?,?,?,'active',?)");
  SQLite::Statement& s = *sQuery;
  SQLite::bind(s, a.id, a.name, a.role, a.facilityId);
  bindText(s, 5, licence);
  bindDate(s, 6, a.setupVisitOn);
  bindDate(s, 7, a.trainingDoneOn);
  s.bind(8, now);
  try {
    s.exec();
  } catch (const SQLite::Exception& e) {
    throw Refusal(Error::InvalidAccount, std::string("the account could not be registered: ") + e.what());
  }
  tx.commit();
}

std::optional<Account> Accounts::account(const std::string& id) {
  auto sQuery = db_.query(std::string(kAccountColumns) + " WHERE id = ?");
  SQLite::Statement& s = *sQuery;
  s.bind(1, id);
  if (!s.executeStep()) return std::nullopt;
  return readAccount(s);
}

std::vector<Account> Accounts::accounts(const std::string& facilityId) {
  auto sQuery = db_.query(std::string(kAccountColumns) + " WHERE ? = '' OR facility_id = ? ORDER BY facility_id, id");
  SQLite::Statement& s = *sQuery;
  s.bind(1, facilityId);
  s.bind(2, facilityId);
  std::vector<Account> out;
  while (s.executeStep()) out.push_back(readAccount(s));
  return out;
}

std::vector<Facility> Accounts::facilities() {
  auto sQuery = db_.query(std::string(kFacilityColumns) + " ORDER BY kind, id");
  SQLite::Statement& s = *sQuery;
  std::vector<Facility> out;
  while (s.executeStep()) out.push_back(readFacility(s));
  return out;
}

std::vector<std::string> Accounts::deactivateFacility(const std::string& id, std::int64_t now) {
  auto tx = db_.write();
  auto fQuery = db_.query("UPDATE facility SET active = 0, deactivated_at = ? WHERE id = ? AND active = 1");
  SQLite::Statement& f = *fQuery;
  f.bind(1, now);
  f.bind(2, id);
  if (f.exec() != 1) {
    if (!facility(id)) throw Refusal(Error::NotFound, "no facility '" + id + "'");
    throw Refusal(Error::AlreadyInactive, "the facility has already withdrawn");
  }
  std::vector<std::string> ids;
  auto qQuery = db_.query("SELECT id FROM account WHERE facility_id = ? AND status = 'active'");
  SQLite::Statement& q = *qQuery;
  q.bind(1, id);
  while (q.executeStep()) ids.push_back(q.getColumn(0).getString());
  auto aQuery = db_.query("UPDATE account SET status = 'deactivated', status_changed_at = ? WHERE facility_id = ? AND status = 'active'");
  SQLite::Statement& a = *aQuery;
  a.bind(1, now);
  a.bind(2, id);
  a.exec();
  tx.commit();
  return ids;
}

void Accounts::updateAccount(const std::string& id, const std::optional<std::string>& name,
                             const std::optional<std::string>& role) {
  auto sQuery = db_.query("UPDATE account SET name = coalesce(?, name), role = coalesce(?, role) WHERE id = ?");
  SQLite::Statement& s = *sQuery;
  if (name) s.bind(1, *name);
  else s.bind(1);
  if (role) s.bind(2, *role);
  else s.bind(2);
  s.bind(3, id);
  try {
    if (s.exec() != 1) throw Refusal(Error::NotFound, "no account '" + id + "'");
  } catch (const SQLite::Exception& e) {
    throw Refusal(Error::InvalidAccount, std::string("the account could not be changed: ") + e.what());
  }
}

void Accounts::setStatus(const std::string& id, const std::string& status, std::int64_t now) {
  if (status != "active" && status != "deactivated") throw Refusal(Error::InvalidStatus, "status is active or deactivated");
  const auto a = account(id);
  if (!a) throw Refusal(Error::NotFound, "no account '" + id + "'");
  if (a->status == "revoked") throw Refusal(Error::Revoked, "a revoked account cannot be changed");
  if (status == "active") {
    const auto f = facility(a->facilityId);
    if (!f || !f->active) throw Refusal(Error::FacilityInactive, "the account's facility has withdrawn");
  }
  auto sQuery = db_.query("UPDATE account SET status = ?, status_changed_at = ? WHERE id = ?");
  SQLite::Statement& s = *sQuery;
  SQLite::bind(s, status, now, id);
  s.exec();
}

void Accounts::revoke(const std::string& id, const std::string& reason, std::int64_t now) {
  auto tx = db_.write();
  const auto a = account(id);
  if (!a) throw Refusal(Error::NotFound, "no account '" + id + "'");
  if (a->status == "revoked") throw Refusal(Error::Revoked, "the account is already revoked");
  auto sQuery = db_.query("UPDATE account SET status = 'revoked', status_changed_at = ? WHERE id = ?");
  SQLite::Statement& s = *sQuery;
  s.bind(1, now);
  s.bind(2, id);
  s.exec();
  const std::string licence = normaliseLicence(a->licenceNumber);
  if (!licence.empty()) {
    auto bQuery = db_.query("INSERT OR IGNORE INTO revoked_licence (licence_number, account_id, revoked_at, reason) VALUES (?,?,?,?)");
    SQLite::Statement& b = *bQuery;
    SQLite::bind(b, licence, id, now, reason);
    b.exec();
  }
  tx.commit();
}

bool Accounts::licenceRevoked(const std::string& licenceNumber) {
  auto rQuery = db_.query("SELECT 1 FROM revoked_licence WHERE licence_number = ?");
  SQLite::Statement& r = *rQuery;
  r.bind(1, normaliseLicence(licenceNumber));
  return r.executeStep();
}

void Accounts::recordEnrolment(const std::string& id, std::optional<Date> setupVisitOn, std::optional<Date> trainingDoneOn) {
  auto sQuery = db_.query("UPDATE account SET setup_visit_on = coalesce(?, setup_visit_on),"
                      " training_done_on = coalesce(?, training_done_on) WHERE id = ?");
  SQLite::Statement& s = *sQuery;
  bindDate(s, 1, setupVisitOn);
  bindDate(s, 2, trainingDoneOn);
  s.bind(3, id);
  if (s.exec() != 1) throw Refusal(Error::NotFound, "no such account");
}

void Accounts::setPassword(const std::string& id, const std::string& hash, Date setOn, bool temporary, std::int64_t now) {
  auto sQuery = db_.query("INSERT INTO password (account_id, seq, hash, set_on, set_at, temporary)"
                      " SELECT ?, coalesce(max(seq), 0) + 1, ?, ?, ?, ? FROM password WHERE account_id = ?");
  SQLite::Statement& s = *sQuery;
  SQLite::bind(s, id, hash, setOn.iso(), now, temporary ? 1 : 0, id);
  s.exec();
}

std::optional<StoredPassword> Accounts::currentPassword(const std::string& id) {
  auto sQuery = db_.query("SELECT hash, set_on, temporary FROM password WHERE account_id = ? ORDER BY seq DESC LIMIT 1");
  SQLite::Statement& s = *sQuery;
  s.bind(1, id);
  if (!s.executeStep()) return std::nullopt;
  const auto setOn = Date::parse(s.getColumn(1).getString());
  if (!setOn) return std::nullopt;
  return StoredPassword{s.getColumn(0).getString(), *setOn, s.getColumn(2).getInt() != 0};
}

std::vector<std::string> Accounts::recentPasswordHashes(const std::string& id, int n) {
  auto sQuery = db_.query("SELECT hash FROM password WHERE account_id = ? ORDER BY seq DESC LIMIT ?");
  SQLite::Statement& s = *sQuery;
  s.bind(1, id);
  s.bind(2, n);
  std::vector<std::string> out;
  while (s.executeStep()) out.push_back(s.getColumn(0).getString());
  return out;
}

}  // namespace renkei::server
