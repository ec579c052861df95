// SPDX-License-Identifier: MIT
#include "server/imaging/HeldStudies.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/VariadicBind.h>

#include "server/records/StoredFile.h"

namespace renkei::server {
namespace {

constexpr const char* kColumns =
    "SELECT id, sop_uid, study_uid, series_uid, sop_class, transfer_syntax, modality, patient_id, patient_name, "
    "patient_birth_date, patient_sex, study_date, study_time, study_description, accession, reason, stored_file, sha256, "
    "source, state, coalesce(assigned_patient, ''), reconciled_by, reconcile_note, bytes, received_at, "
    "coalesce(reconciled_at, 0) FROM held_instance";

HeldInstance instanceFrom(SQLite::Statement& q) {
  HeldInstance h;
  std::string* text[] = {&h.sopUid,     &h.studyUid,         &h.seriesUid,  &h.sopClass,         &h.transferSyntax,
                         &h.modality,   &h.patientId,        &h.patientName, &h.patientBirthDate, &h.patientSex,
                         &h.studyDate,  &h.studyTime,        &h.studyDescription, &h.accession,   &h.reason,
                         &h.storedFile, &h.sha256,           &h.source,     &h.state,            &h.assignedPatient,
                         &h.reconciledBy, &h.note};
  h.id = q.getColumn(0).getInt64();
  int c = 1;
  for (std::string* t : text) *t = q.getColumn(c++).getString();
  h.bytes = q.getColumn(c++).getInt64();
  h.receivedAt = q.getColumn(c++).getInt64();
  h.reconciledAt = q.getColumn(c++).getInt64();
  return h;
}

std::string nameValue(const PersonName& n) {
  return n.ideographic.empty() && n.phonetic.empty() ? n.alphabetic : n.alphabetic + "=" + n.ideographic + "=" + n.phonetic;
}

void removeFile(const std::filesystem::path& p) {
  std::error_code ignored;
  std::filesystem::remove(p, ignored);
  std::filesystem::remove(p.parent_path(), ignored);  // the study's folder, once empty
}

}  // namespace

bool HeldStudies::hold(const InstanceInfo& i, std::string_view bytes, const std::string& reason, const std::string& source,
                       std::int64_t now) {
  {
    auto haveQuery = db_.query("SELECT 1 FROM held_instance WHERE sop_uid = ? AND state = 'held'");
    SQLite::Statement& have = *haveQuery;
    have.bind(1, i.sopUid);
    if (have.executeStep()) return false;
  }
  const Stored file = storeFile(imagesDir_ / ".held" / i.studyUid, i.sopUid, ".dcm", bytes);
  try {
    auto tx = db_.write();
    auto againQuery = db_.query("SELECT 1 FROM held_instance WHERE sop_uid = ? AND state = 'held'");
    SQLite::Statement& again = *againQuery;
    again.bind(1, i.sopUid);
    if (again.executeStep()) {  // held by a concurrent store meanwhile
      removeFile(file.path);
      return false;
    }
    auto qQuery = db_.query("INSERT INTO held_instance (sop_uid, study_uid, series_uid, sop_class, transfer_syntax, modality, "
                        "patient_id, patient_name, patient_birth_date, patient_sex, study_date, study_time, study_description, "
                        "accession, reason, stored_file, bytes, sha256, source, received_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement& q = *qQuery;
    SQLite::bind(q, i.sopUid, i.studyUid, i.seriesUid, i.sopClassUid, i.transferSyntaxUid, i.modality,
                 i.patientId.substr(0, 64), nameValue(i.patientName), i.patientBirthDate, i.patientSex, i.studyDate,
                 i.studyTime, i.studyDescription, i.accessionNumber, reason, ".held/" + i.studyUid + "/" + file.name,
                 static_cast<std::int64_t>(bytes.size()), file.sha256, source, now);
    q.exec();
    tx.commit();
  } catch (...) {
    removeFile(file.path);
    throw;
  }
  return true;
}

std::vector<HeldStudy> HeldStudies::studies(const std::string& state, int limit, int offset) {
  auto qQuery = db_.query("SELECT study_uid, min(id), count(*), count(DISTINCT series_uid), "
                      "group_concat(DISTINCT nullif(modality, '')), group_concat(DISTINCT source), max(received_at) "
                      "FROM held_instance WHERE state = ? GROUP BY study_uid ORDER BY max(received_at) DESC, study_uid "
                      "LIMIT ? OFFSET ?");
  SQLite::Statement& q = *qQuery;
  SQLite::bind(q, state, limit, offset);
  std::vector<HeldStudy> out;
  std::vector<std::int64_t> firsts;
  while (q.executeStep()) {
    HeldStudy s;
    firsts.push_back(q.getColumn(1).getInt64());
    s.instances = q.getColumn(2).getInt();
    s.series = q.getColumn(3).getInt();
    s.modalities = q.getColumn(4).isNull() ? "" : q.getColumn(4).getString();
    for (char& c : s.modalities)
      if (c == ',') c = '\\';
    const std::string sources = q.getColumn(5).getString();  // AE titles and user ids hold no comma
    for (std::size_t start = 0; start <= sources.size();) {
      const auto p = sources.find(',', start);
      s.sources.push_back(sources.substr(start, p == std::string::npos ? std::string::npos : p - start));
      if (p == std::string::npos) break;
      start = p + 1;
    }
    s.lastReceivedAt = q.getColumn(6).getInt64();
    out.push_back(std::move(s));
  }
  for (std::size_t k = 0; k < out.size(); ++k) {
    auto fQuery = db_.query(std::string(kColumns) + " WHERE id = ?");
    SQLite::Statement& f = *fQuery;
    f.bind(1, firsts[k]);
    if (f.executeStep()) out[k].first = instanceFrom(f);
  }
  return out;
}

std::vector<HeldInstance> HeldStudies::instances(const std::string& studyUid, const std::string& state) {
  auto qQuery = db_.query(std::string(kColumns) + " WHERE study_uid = ? AND state = ? ORDER BY series_uid, id");
  SQLite::Statement& q = *qQuery;
  SQLite::bind(q, studyUid, state);
  std::vector<HeldInstance> out;
  while (q.executeStep()) out.push_back(instanceFrom(q));
  return out;
}

void HeldStudies::markAssigned(const HeldInstance& i, const std::string& patientId, const std::string& by, std::int64_t now) {
  auto qQuery = db_.query("UPDATE held_instance SET state = 'assigned', assigned_patient = ?, reconciled_by = ?, reconciled_at = ?, "
                      "stored_file = '' WHERE id = ? AND state = 'held'");
  SQLite::Statement& q = *qQuery;
  SQLite::bind(q, patientId, by, now, i.id);
  q.exec();
  removeFile(pathOf(i));
}

int HeldStudies::discard(const std::string& studyUid, const std::string& by, const std::string& reason, std::int64_t now) {
  const auto held = instances(studyUid, "held");
  auto qQuery = db_.query("UPDATE held_instance SET state = 'discarded', reconciled_by = ?, reconciled_at = ?, reconcile_note = ?, "
                      "stored_file = '' WHERE study_uid = ? AND state = 'held'");
  SQLite::Statement& q = *qQuery;
  SQLite::bind(q, by, now, reason, studyUid);
  q.exec();
  for (const HeldInstance& i : held) removeFile(pathOf(i));
  return static_cast<int>(held.size());
}

}  // namespace renkei::server
