// SPDX-License-Identifier: MIT
#include "server/records/Consents.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/VariadicBind.h>
#include <SQLiteCpp/Transaction.h>

#include "core/errors/Error.h"
#include "server/records/StoredFile.h"

namespace renkei::server {
namespace {

constexpr const char* kColumns =
    "id, patient_id, grantee_kind, grantee_id, signed_on, withdrawn_on, scan_file, scan_type, scan_sha256, scan_bytes, "
    "recorded_by, recorded_at, withdrawal_reason, withdrawn_by";

StoredConsent read(SQLite::Statement& q) {
  StoredConsent c;
  c.id = q.getColumn(0).getInt64();
  c.patientId = q.getColumn(1).getString();
  c.consent.grantee = q.getColumn(2).getString() == "doctor" ? ConsentGrantee::Doctor : ConsentGrantee::Clinic;
  c.consent.granteeId = q.getColumn(3).getString();
  c.consent.signedOn = *Date::parse(q.getColumn(4).getString());
  if (!q.getColumn(5).isNull()) c.consent.withdrawnOn = Date::parse(q.getColumn(5).getString());
  c.scanFile = q.getColumn(6).getString();
  c.scanType = q.getColumn(7).getString();
  c.scanSha256 = q.getColumn(8).getString();
  c.scanBytes = q.getColumn(9).getInt64();
  c.recordedBy = q.getColumn(10).getString();
  c.recordedAt = q.getColumn(11).getInt64();
  c.withdrawalReason = q.getColumn(12).isNull() ? "" : q.getColumn(12).getString();
  c.withdrawnBy = q.getColumn(13).isNull() ? "" : q.getColumn(13).getString();
  return c;
}

std::vector<StoredConsent> readAll(SQLite::Statement& q) {
  std::vector<StoredConsent> out;
  while (q.executeStep()) out.push_back(read(q));
  return out;
}

}  // namespace

StoredConsent Consents::record(const std::string& patientId, ConsentGrantee kind, const std::string& granteeId,
                               Date signedOn, std::string_view scan, const std::string& recordedBy, Date today,
                               std::int64_t now) {
  auto patientQuery = db_.query("SELECT 1 FROM patient WHERE id = ?");
  SQLite::Statement& patient = *patientQuery;
  patient.bind(1, patientId);
  if (!patient.executeStep()) throw Refusal(Error::UnknownPatient, "No patient with the id '" + patientId + "'.");
  if (kind == ConsentGrantee::Clinic) {
    auto fQuery = db_.query("SELECT 1 FROM facility WHERE id = ? AND kind = 'clinic' AND active = 1");
    SQLite::Statement& f = *fQuery;
    f.bind(1, granteeId);
    if (!f.executeStep()) throw Refusal(Error::UnknownClinic, "No active clinic with the id '" + granteeId + "'.");
  } else {
    auto aQuery = db_.query("SELECT 1 FROM account WHERE id = ? AND role = 'clinic' AND status = 'active'");
    SQLite::Statement& a = *aQuery;
    a.bind(1, granteeId);
    if (!a.executeStep())
      throw Refusal(Error::UnknownDoctor, "No active clinic doctor with the log-in id '" + granteeId + "'.");
  }
  if (signedOn > today) throw Refusal(Error::BadRequest, "The form's date " + signedOn.iso() + " lies in the future.");
  if (scan.empty()) throw Refusal(Error::BadRequest, "The scan of the signed form is missing.");
  if (scan.size() > kMaxScanBytes) throw Refusal(Error::ScanTooLarge, "The scan is larger than 20 MB.");
  const auto type = scannedDocumentType(scan);
  if (!type) throw Refusal(Error::UnsupportedScan, "The scan must be a PDF, PNG or JPEG file.");

  // The file first (under a name no row points to yet), then the row; a refused row removes the file.
  auto nextQuery = db_.query("SELECT coalesce(max(id), 0) + 1 FROM consent");
  SQLite::Statement& next = *nextQuery;
  next.executeStep();
  const std::int64_t id = next.getColumn(0).getInt64();
  const Stored file = storeFile(scanDir_, "consent-" + std::to_string(id) + "-" + std::to_string(now), extensionFor(*type), scan);
  try {
    auto qQuery = db_.query("INSERT INTO consent (id, patient_id, grantee_kind, grantee_id, signed_on, scan_file, scan_type, "
                        "scan_sha256, scan_bytes, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement& q = *qQuery;
    SQLite::bind(q, id, patientId, kind == ConsentGrantee::Doctor ? "doctor" : "clinic", granteeId, signedOn.iso(),
                 file.name, *type, file.sha256, static_cast<std::int64_t>(scan.size()), recordedBy, now);
    q.exec();
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(file.path, ignored);
    throw;
  }
  return *find(id);
}

StoredConsent Consents::withdraw(std::int64_t id, Date withdrawnOn, const std::string& reason, const std::string& by,
                                 Date today, std::int64_t now) {
  const auto c = find(id);
  if (!c) throw Refusal(Error::UnknownConsent, "No consent with the id " + std::to_string(id) + ".");
  if (c->consent.withdrawnOn)
    throw Refusal(Error::AlreadyWithdrawn, "This consent was withdrawn on " + c->consent.withdrawnOn->iso() + ".");
  if (withdrawnOn > today) throw Refusal(Error::BadRequest, "The withdrawal date lies in the future.");
  if (withdrawnOn < c->consent.signedOn)
    throw Refusal(Error::BadRequest, "The withdrawal date is before the consent's date " + c->consent.signedOn.iso() + ".");
  auto qQuery = db_.query("UPDATE consent SET withdrawn_on = ?, withdrawal_reason = ?, withdrawn_by = ?, withdrawn_at = ? "
                      "WHERE id = ? AND withdrawn_on IS NULL");
  SQLite::Statement& q = *qQuery;
  SQLite::bind(q, withdrawnOn.iso(), reason, by, now, id);
  q.exec();
  return *find(id);
}

std::optional<StoredConsent> Consents::find(std::int64_t id) {
  auto qQuery = db_.query(std::string("SELECT ") + kColumns + " FROM consent WHERE id = ?");
  SQLite::Statement& q = *qQuery;
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return read(q);
}

std::vector<StoredConsent> Consents::forPatient(const std::string& patientId) {
  auto qQuery = db_.query(std::string("SELECT ") + kColumns + " FROM consent WHERE patient_id = ? ORDER BY id");
  SQLite::Statement& q = *qQuery;
  q.bind(1, patientId);
  return readAll(q);
}

std::vector<StoredConsent> Consents::all(int limit, int offset) {
  auto qQuery = db_.query(std::string("SELECT ") + kColumns + " FROM consent ORDER BY id DESC LIMIT ? OFFSET ?");
  SQLite::Statement& q = *qQuery;
  q.bind(1, limit);
  q.bind(2, offset);
  return readAll(q);
}

std::vector<std::string> Consents::patientsNaming(const Viewer& viewer) {
  auto qQuery = db_.query("SELECT DISTINCT patient_id FROM consent WHERE (grantee_kind = 'clinic' AND grantee_id = ?) "
                      "OR (grantee_kind = 'doctor' AND grantee_id = ?)");
  SQLite::Statement& q = *qQuery;
  q.bind(1, viewer.facilityId);
  q.bind(2, viewer.userId);
  std::vector<std::string> out;
  while (q.executeStep()) out.push_back(q.getColumn(0).getString());
  return out;
}

}  // namespace renkei::server
