// SPDX-License-Identifier: MIT
// HeldStudies — the liaison office's queue of instances whose patient cannot be matched (issue 11
// §10): no Patient ID, or one that is not a hospital patient id. Such an instance is not refused:
// ImageStore::store keeps its file in <data>/images/.held/ (mode 0600, as received) with a row of
// what it says (patient id, name, birth date, sex, study date and description, modality, sender,
// when), outside the index that DICOMweb and the app read — no clinic sees it. The office then
// reconciles each held study: ImageStore::fileHeldStudy assigns it to a registered patient, or
// discard() removes its files. The rows stay as the record of what the instances said.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "server/imaging/DicomInstance.h"
#include "server/store/Database.h"

namespace renkei::server {

struct HeldInstance {
  std::int64_t id = 0;
  std::string sopUid, studyUid, seriesUid, sopClass, transferSyntax, modality;
  std::string patientId, patientName /*PN with its groups, UTF-8*/, patientBirthDate /*DA*/, patientSex;
  std::string studyDate /*DA*/, studyTime, studyDescription, accession;
  std::string reason, storedFile, sha256, source, state /*held|assigned|discarded*/;
  std::string assignedPatient, reconciledBy, note;
  std::int64_t bytes = 0, receivedAt = 0, reconciledAt = 0;
};

/// A held study: what its first instance says, and the instances, series, modalities, senders.
struct HeldStudy {
  HeldInstance first;
  int instances = 0, series = 0;
  std::string modalities;            ///< "CT\SR"
  std::vector<std::string> sources;  ///< every sender
  std::int64_t lastReceivedAt = 0;
};

class HeldStudies {
 public:
  HeldStudies(Database& db, std::filesystem::path imagesDir) : db_(db), imagesDir_(std::move(imagesDir)) {}

  /// Keeps one instance for the office; false when it is held already (same SOP Instance UID).
  /// Throws std::runtime_error on a disk or database fault (nothing left behind).
  bool hold(const InstanceInfo& i, std::string_view bytes, const std::string& reason, const std::string& source,
            std::int64_t now);

  /// The studies in `state` (held, assigned, discarded), the latest arrival first.
  std::vector<HeldStudy> studies(const std::string& state, int limit, int offset);
  /// The instances of a study in `state`.
  std::vector<HeldInstance> instances(const std::string& studyUid, const std::string& state = "held");
  /// Where a held instance's file is.
  std::filesystem::path pathOf(const HeldInstance& i) const { return imagesDir_ / i.storedFile; }

  /// Records that an instance was filed under `patientId` and removes its held file.
  void markAssigned(const HeldInstance& i, const std::string& patientId, const std::string& by, std::int64_t now);
  /// Removes the files of every held instance of the study; the rows say by whom and why. The
  /// number discarded (0: nothing held under that UID).
  int discard(const std::string& studyUid, const std::string& by, const std::string& reason, std::int64_t now);

 private:
  Database& db_;
  std::filesystem::path imagesDir_;
};

}  // namespace renkei::server
