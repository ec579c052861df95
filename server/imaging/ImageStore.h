// SPDX-License-Identifier: MIT
// ImageStore — DICOM instances on disk and their index (R-DATA-1). All three ways in (the C-STORE
// receiver, the folder import, STOW-RS) call store(): the bytes are parsed once, the file is written
// as received (flushed, never replacing another) before its row, and an instance already stored
// (same SOP Instance UID) changes nothing. Patients are matched by Patient ID; a patient the
// network does not know yet is registered from the instance (as the lab import does from PID).
// An instance whose patient cannot be matched — no Patient ID, or one that is not a hospital
// patient id — is held for the liaison office (HeldStudies), outside the index, until the office
// files it under a registered patient (fileHeldStudy) or discards it.
// Who may read what is PatientAccess's question, not this class's.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/imaging/DicomInstance.h"
#include "server/imaging/HeldStudies.h"
#include "server/records/Patients.h"
#include "server/store/Database.h"

namespace renkei::server {

struct StudyRow {
  std::string uid, patientId, studyDate /*YYYY-MM-DD or ""*/, studyTime, accession, description, studyId, patientName;
  std::string modalities;  ///< "CT\SR", the series' modalities
  int series = 0, instances = 0;
  std::int64_t receivedAt = 0, updatedAt = 0;
  std::optional<Date> date() const { return Date::parse(studyDate); }
};

struct SeriesRow {
  std::string uid, studyUid, modality, description, bodyPart;
  int number = 0, instances = 0;
};

struct InstanceRow {
  std::string sopUid, seriesUid, studyUid, sopClass, transferSyntax, storedFile, sha256;
  int number = 0, rows = 0, columns = 0, frames = 0, bitsAllocated = 0;
  std::int64_t bytes = 0, receivedAt = 0;
  std::int64_t pixelOffset = 0, frameBytes = 0;  ///< see InstanceInfo
  std::string frameIndex;                        ///< see InstanceInfo
};

struct StudyQuery {
  std::string patientId, accession, studyUid, modality;
  std::optional<Date> from, to;               ///< StudyDate range, inclusive
  std::vector<std::string> among;             ///< when `restricted`: only these patients …
  std::vector<std::optional<Date>> visibleFrom;  ///< … each from this date (parallel to `among`)
  bool restricted = false;
  int limit = 100, offset = 0;
};

class ImageStore {
 public:
  ImageStore(Database& db, Patients& patients, std::filesystem::path dir)
      : db_(db), patients_(patients), dir_(std::move(dir)), held_(db, dir_) {}

  /// Held, AlreadyHeld: kept for the liaison office (Result::heldReason says why).
  enum class Outcome { Stored, AlreadyStored, Held, AlreadyHeld };
  struct Result {
    Outcome outcome;
    InstanceInfo info;
    bool patientCreated = false;
    std::string heldReason;
  };

  /// Stores one instance (see above). Throws DicomError for an instance refused (nothing written),
  /// std::runtime_error when the disk or database fails (nothing left behind either).
  /// `expected` (C-STORE): the SOP Class and Instance UIDs the command names; the data set must be them.
  struct Expected {
    std::string sopClassUid, sopInstanceUid;
  };
  /// `written`: the file `bytes` were read from, when the receiver wrote them as they arrived; it is
  /// then kept (synced, linked) instead of written again.
  Result store(std::string_view bytes, const std::string& source, std::int64_t now, bool allowRawDataset = false,
               const Expected& expected = {}, const std::filesystem::path& written = {});

  /// Files every held instance of `studyUid` under the registered patient `patientId`
  /// (PatientReconciliation: the patient's values set, the instance's own kept in it), as if it had
  /// arrived so; the held rows record it. Refusal UnknownPatient, UnknownHeldStudy, or
  /// HeldStudyConflict (the study is already another patient's). The number filed.
  int fileHeldStudy(const std::string& studyUid, const std::string& patientId, const std::string& by, std::int64_t now);
  HeldStudies& held() { return held_; }

  static constexpr std::size_t kMaxInstanceBytes = 512u << 20;  ///< one instance, as received

  std::vector<StudyRow> studies(const StudyQuery& q);
  std::optional<StudyRow> study(const std::string& uid);
  std::vector<SeriesRow> series(const std::string& studyUid);
  std::vector<InstanceRow> instances(const std::string& studyUid, const std::string& seriesUid = "");
  std::optional<InstanceRow> instance(const std::string& sopUid);
  /// Where an instance's file is.
  std::filesystem::path pathOf(const InstanceRow& i) const { return dir_ / i.storedFile; }
  /// Studies of a patient from `since` on that arrived or changed after `after` (new markers).
  int countUpdatedSince(const std::string& patientId, std::optional<Date> since, std::int64_t after);

 private:
  Database& db_;
  Patients& patients_;
  std::filesystem::path dir_;
  HeldStudies held_;
};

}  // namespace renkei::server
