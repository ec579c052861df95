// SPDX-License-Identifier: MIT
#include "server/imaging/ImageStore.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/VariadicBind.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>

#include "core/errors/Error.h"
#include "server/imaging/PatientReconciliation.h"
#include "server/records/StoredFile.h"

namespace renkei::server {
namespace {

/// DICOM UIDs (PS3.5 §9.1): digits and dots, at most 64 characters. Checked because a UID becomes
/// part of a file path.
bool validUid(const std::string& uid) {
  if (uid.empty() || uid.size() > 64 || uid.front() == '.' || uid.back() == '.') return false;
  return std::all_of(uid.begin(), uid.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

std::string isoDate(const std::string& da) {
  const auto d = Date::parse(da);
  return d ? d->iso() : std::string();
}

void bindOptionalText(SQLite::Statement& q, int i, const std::string& v) {
  if (v.empty()) q.bind(i);
  else q.bind(i, v);
}

StudyRow studyFrom(SQLite::Statement& q) {
  StudyRow r;
  r.uid = q.getColumn(0).getString();
  r.patientId = q.getColumn(1).getString();
  r.studyDate = q.getColumn(2).isNull() ? "" : q.getColumn(2).getString();
  r.studyTime = q.getColumn(3).getString();
  r.accession = q.getColumn(4).getString();
  r.description = q.getColumn(5).getString();
  r.studyId = q.getColumn(6).getString();
  r.patientName = q.getColumn(7).getString();
  r.receivedAt = q.getColumn(8).getInt64();
  r.updatedAt = q.getColumn(9).getInt64();
  r.modalities = q.getColumn(10).isNull() ? "" : q.getColumn(10).getString();
  std::replace(r.modalities.begin(), r.modalities.end(), ',', '\\');
  r.series = q.getColumn(11).getInt();
  r.instances = q.getColumn(12).getInt();
  return r;
}

constexpr const char* kStudyColumns =
    "SELECT s.uid, s.patient_id, s.study_date, s.study_time, s.accession, s.description, s.study_id, s.patient_name, "
    "s.received_at, s.updated_at, "
    "(SELECT group_concat(DISTINCT modality) FROM series WHERE study_uid = s.uid AND modality <> ''), "
    "(SELECT count(*) FROM series WHERE study_uid = s.uid), (SELECT count(*) FROM sop_instance WHERE study_uid = s.uid) "
    "FROM study s";

InstanceRow instanceFrom(SQLite::Statement& q) {
  InstanceRow r;
  r.sopUid = q.getColumn(0).getString();
  r.seriesUid = q.getColumn(1).getString();
  r.studyUid = q.getColumn(2).getString();
  r.sopClass = q.getColumn(3).getString();
  r.transferSyntax = q.getColumn(4).getString();
  r.number = q.getColumn(5).getInt();
  r.rows = q.getColumn(6).getInt();
  r.columns = q.getColumn(7).getInt();
  r.frames = q.getColumn(8).getInt();
  r.bitsAllocated = q.getColumn(9).getInt();
  r.storedFile = q.getColumn(10).getString();
  r.bytes = q.getColumn(11).getInt64();
  r.sha256 = q.getColumn(12).getString();
  r.receivedAt = q.getColumn(13).getInt64();
  r.pixelOffset = q.getColumn(14).getInt64();
  r.frameBytes = q.getColumn(15).getInt64();
  r.frameIndex = q.getColumn(16).getString();
  return r;
}

constexpr const char* kInstanceColumns =
    "SELECT sop_uid, series_uid, study_uid, sop_class, transfer_syntax, number, rows, columns, frames, bits_allocated, "
    "stored_file, bytes, sha256, received_at, pixel_offset, frame_bytes, frame_index FROM sop_instance";

/// A QIDO value with DICOM wildcards ('*', '?') as a LIKE pattern (with '\' escaping).
std::string likePattern(const std::string& v) {
  std::string out;
  for (const char c : v) {
    if (c == '*') out += '%';
    else if (c == '?') out += '_';
    else if (c == '%' || c == '_' || c == '\\') out += std::string("\\") + c;
    else out += c;
  }
  return out;
}

}  // namespace

ImageStore::Result ImageStore::store(std::string_view bytes, const std::string& source, std::int64_t now,
                                     bool allowRawDataset, const Expected& expected, const std::filesystem::path& written) {
  if (bytes.size() > kMaxInstanceBytes)
    throw DicomError(DicomError::Kind::TooLarge, "the instance is larger than " + std::to_string(kMaxInstanceBytes >> 20) + " MiB");
  Result r{Outcome::Stored, readInstance(bytes, allowRawDataset), false, {}};
  const InstanceInfo& i = r.info;
  if ((!expected.sopInstanceUid.empty() && expected.sopInstanceUid != i.sopUid) ||
      (!expected.sopClassUid.empty() && expected.sopClassUid != i.sopClassUid))
    throw DicomError(DicomError::Kind::Unsupported, "the data set is not the instance the C-STORE command names");
  for (const std::string* uid : {&i.studyUid, &i.seriesUid, &i.sopUid})
    if (!validUid(*uid)) throw DicomError(DicomError::Kind::MissingAttribute, "'" + uid->substr(0, 70) + "' is not a DICOM UID");
  if (i.patientId.empty() || !Patients::validId(i.patientId)) {
    // Not refused: held for the liaison office, unless it was filed already (same SOP Instance UID).
    r.heldReason = i.patientId.empty() ? "no Patient ID"
                                       : "the Patient ID '" + i.patientId.substr(0, 40) + "' is not a hospital patient id";
    auto haveQuery = db_.query("SELECT 1 FROM sop_instance WHERE sop_uid = ?");
    SQLite::Statement& have = *haveQuery;
    have.bind(1, i.sopUid);
    if (have.executeStep()) {
      r.outcome = Outcome::AlreadyStored;
      return r;
    }
    r.outcome = held_.hold(i, bytes, r.heldReason, source, now) ? Outcome::Held : Outcome::AlreadyHeld;
    return r;
  }

  {
    auto haveQuery = db_.query("SELECT 1 FROM sop_instance WHERE sop_uid = ?");
    SQLite::Statement& have = *haveQuery;
    have.bind(1, i.sopUid);
    if (have.executeStep()) {
      r.outcome = Outcome::AlreadyStored;
      return r;
    }
    auto ownerQuery = db_.query("SELECT patient_id FROM study WHERE uid = ?");
    SQLite::Statement& owner = *ownerQuery;
    owner.bind(1, i.studyUid);
    if (owner.executeStep() && owner.getColumn(0).getString() != i.patientId)
      throw DicomError(DicomError::Kind::Unsupported, "the study " + i.studyUid + " belongs to another patient");
    auto seriesOwnerQuery = db_.query("SELECT study_uid FROM series WHERE uid = ?");
    SQLite::Statement& seriesOwner = *seriesOwnerQuery;
    seriesOwner.bind(1, i.seriesUid);
    if (seriesOwner.executeStep() && seriesOwner.getColumn(0).getString() != i.studyUid)
      throw DicomError(DicomError::Kind::Unsupported, "the series " + i.seriesUid + " belongs to another study");
  }
  // The file first, synced, outside any transaction; then the index in one short one.
  const Stored file = written.empty() ? storeFile(dir_ / i.studyUid, i.sopUid, ".dcm", bytes)
                                      : adoptFile(written, dir_ / i.studyUid, i.sopUid, ".dcm", bytes);
  try {
    auto tx = db_.write();
    {
      // Checked again inside the transaction: another association may have stored it meanwhile.
      auto haveQuery = db_.query("SELECT 1 FROM sop_instance WHERE sop_uid = ?");
      SQLite::Statement& have = *haveQuery;
      have.bind(1, i.sopUid);
      if (have.executeStep()) {
        std::error_code ignored;
        std::filesystem::remove(file.path, ignored);
        r.outcome = Outcome::AlreadyStored;
        return r;
      }
    }
    Patient p;
    p.id = i.patientId;
    p.name = i.patientName.display().empty() ? i.patientId : i.patientName.display();
    p.nameKana = i.patientName.reading();
    p.sex = (i.patientSex == "M" || i.patientSex == "F" || i.patientSex == "O") ? i.patientSex : "U";
    p.birthDate = Date::parse(i.patientBirthDate);
    r.patientCreated = patients_.createIfMissing(p, source, now);

    auto studyQuery = db_.query("INSERT INTO study (uid, patient_id, study_date, study_time, accession, description, study_id, "
                            "patient_name, received_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            "ON CONFLICT (uid) DO UPDATE SET updated_at = excluded.updated_at, "
                            "study_date = coalesce(study.study_date, excluded.study_date)");
    SQLite::Statement& study = *studyQuery;
    study.bind(1, i.studyUid);
    study.bind(2, i.patientId);
    bindOptionalText(study, 3, isoDate(i.studyDate));
    study.bind(4, i.studyTime);
    study.bind(5, i.accessionNumber);
    study.bind(6, i.studyDescription);
    study.bind(7, i.studyId);
    const PersonName& n = i.patientName;
    study.bind(8, n.ideographic.empty() && n.phonetic.empty() ? n.alphabetic : n.alphabetic + "=" + n.ideographic + "=" + n.phonetic);
    study.bind(9, now);
    study.bind(10, now);
    study.exec();

    auto seriesQuery = db_.query("INSERT INTO series (uid, study_uid, modality, number, description, body_part) VALUES (?, ?, ?, ?, ?, ?) "
                             "ON CONFLICT (uid) DO NOTHING");
    SQLite::Statement& series = *seriesQuery;
    SQLite::bind(series, i.seriesUid, i.studyUid, i.modality, i.seriesNumber, i.seriesDescription, i.bodyPart);
    series.exec();

    auto instQuery = db_.query("INSERT INTO sop_instance (sop_uid, series_uid, study_uid, sop_class, transfer_syntax, number, rows, "
                           "columns, frames, bits_allocated, stored_file, bytes, sha256, received_at, source, pixel_offset, frame_bytes, "
                           "frame_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement& inst = *instQuery;
    SQLite::bind(inst, i.sopUid, i.seriesUid, i.studyUid, i.sopClassUid, i.transferSyntaxUid, i.instanceNumber,
                 i.rows, i.columns, i.frames, i.bitsAllocated, i.studyUid + "/" + file.name,
                 static_cast<std::int64_t>(bytes.size()), file.sha256, now, source, i.pixelOffset, i.frameBytes, i.frameIndex);
    inst.exec();
    tx.commit();
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(file.path, ignored);  // nothing half-stored stays behind
    throw;
  }
  return r;
}

int ImageStore::fileHeldStudy(const std::string& studyUid, const std::string& patientId, const std::string& by,
                              std::int64_t now) {
  const auto patient = patients_.find(patientId);
  if (!patient) throw Refusal(Error::UnknownPatient, "No patient " + patientId.substr(0, 40) + " is registered.");
  const auto held = held_.instances(studyUid);
  if (held.empty()) throw Refusal(Error::UnknownHeldStudy, "No study " + studyUid.substr(0, 64) + " is held.");
  {
    auto ownerQuery = db_.query("SELECT patient_id FROM study WHERE uid = ?");
    SQLite::Statement& owner = *ownerQuery;
    owner.bind(1, studyUid);
    if (owner.executeStep() && owner.getColumn(0).getString() != patientId)
      throw Refusal(Error::HeldStudyConflict, "The study " + studyUid + " is filed under another patient.",
                    "held study conflict: filed under " + owner.getColumn(0).getString());
  }
  int filed = 0;
  for (const HeldInstance& h : held) {
    const auto bytes = readStoredFile(held_.pathOf(h));
    if (!bytes) throw std::runtime_error("the held file of " + h.sopUid + " is missing");
    try {
      store(reconciledInstance(*bytes, *patient, h.source, now), h.source, now);
    } catch (const DicomError& e) {
      if (e.kind() == DicomError::Kind::Unsupported) throw Refusal(Error::HeldStudyConflict, e.what());
      throw std::runtime_error(std::string("cannot file the held instance ") + h.sopUid + ": " + e.what());
    }
    held_.markAssigned(h, patientId, by, now);
    ++filed;
  }
  return filed;
}

std::vector<StudyRow> ImageStore::studies(const StudyQuery& q) {
  std::string where = " WHERE 1";
  std::vector<std::string> binds;
  const auto text = [&](const char* column, const std::string& v) {
    if (v.empty()) return;
    if (v.find_first_of("*?") != std::string::npos) {
      where += std::string(" AND ") + column + " LIKE ? ESCAPE '\\'";
      binds.push_back(likePattern(v));
    } else {
      where += std::string(" AND ") + column + " = ?";
      binds.push_back(v);
    }
  };
  text("s.patient_id", q.patientId);
  text("s.accession", q.accession);
  text("s.uid", q.studyUid);
  if (!q.modality.empty()) {
    where += " AND EXISTS (SELECT 1 FROM series x WHERE x.study_uid = s.uid AND x.modality = ?)";
    binds.push_back(q.modality);
  }
  if (q.from) {
    where += " AND s.study_date >= ?";
    binds.push_back(q.from->iso());
  }
  if (q.to) {
    where += " AND s.study_date <= ?";
    binds.push_back(q.to->iso());
  }
  if (q.restricted) {
    // A clinic user's consents: each patient from the start of their look-back; a study without a
    // date is never inside a limited scope (fails closed).
    std::string any;
    for (std::size_t k = 0; k < q.among.size() && k < q.visibleFrom.size(); ++k) {
      if (!q.visibleFrom[k]) continue;  // a limited scope without a start sees nothing
      any += any.empty() ? "" : " OR ";
      any += "(s.patient_id = ? AND s.study_date >= ?)";
      binds.push_back(q.among[k]);
      binds.push_back(q.visibleFrom[k]->iso());
    }
    where += " AND (" + (any.empty() ? std::string("0") : any) + ")";
  }
  auto sQuery = db_.query(std::string(kStudyColumns) + where +
                                     " ORDER BY s.study_date DESC, s.study_time DESC, s.uid LIMIT ? OFFSET ?");
  SQLite::Statement& s = *sQuery;
  int n = 0;
  for (const std::string& b : binds) s.bind(++n, b);
  s.bind(++n, q.limit);
  s.bind(++n, q.offset);
  std::vector<StudyRow> out;
  while (s.executeStep()) out.push_back(studyFrom(s));
  return out;
}

std::optional<StudyRow> ImageStore::study(const std::string& uid) {
  auto sQuery = db_.query(std::string(kStudyColumns) + " WHERE s.uid = ?");
  SQLite::Statement& s = *sQuery;
  s.bind(1, uid);
  if (!s.executeStep()) return std::nullopt;
  return studyFrom(s);
}

std::vector<SeriesRow> ImageStore::series(const std::string& studyUid) {
  auto sQuery = db_.query("SELECT uid, study_uid, modality, description, body_part, number, "
                      "(SELECT count(*) FROM sop_instance i WHERE i.series_uid = series.uid) FROM series WHERE study_uid = ? "
                      "ORDER BY number, uid");
  SQLite::Statement& s = *sQuery;
  s.bind(1, studyUid);
  std::vector<SeriesRow> out;
  while (s.executeStep())
    out.push_back(SeriesRow{s.getColumn(0).getString(), s.getColumn(1).getString(), s.getColumn(2).getString(),
                            s.getColumn(3).getString(), s.getColumn(4).getString(), s.getColumn(5).getInt(),
                            s.getColumn(6).getInt()});
  return out;
}

std::vector<InstanceRow> ImageStore::instances(const std::string& studyUid, const std::string& seriesUid) {
  auto sQuery = db_.query(std::string(kInstanceColumns) + " WHERE study_uid = ?" +
                                     (seriesUid.empty() ? "" : " AND series_uid = ?") + " ORDER BY series_uid, number, sop_uid");
  SQLite::Statement& s = *sQuery;
  s.bind(1, studyUid);
  if (!seriesUid.empty()) s.bind(2, seriesUid);
  std::vector<InstanceRow> out;
  while (s.executeStep()) out.push_back(instanceFrom(s));
  return out;
}

std::optional<InstanceRow> ImageStore::instance(const std::string& sopUid) {
  auto sQuery = db_.query(std::string(kInstanceColumns) + " WHERE sop_uid = ?");
  SQLite::Statement& s = *sQuery;
  s.bind(1, sopUid);
  if (!s.executeStep()) return std::nullopt;
  return instanceFrom(s);
}

int ImageStore::countUpdatedSince(const std::string& patientId, std::optional<Date> since, std::int64_t after) {
  auto sQuery = db_.query("SELECT count(*) FROM study WHERE patient_id = ? AND updated_at > ? AND (? IS NULL OR study_date >= ?)");
  SQLite::Statement& s = *sQuery;
  s.bind(1, patientId);
  s.bind(2, after);
  if (since) {
    s.bind(3, since->iso());
    s.bind(4, since->iso());
  } else {
    s.bind(3);
    s.bind(4);
  }
  s.executeStep();
  return s.getColumn(0).getInt();
}

}  // namespace renkei::server
