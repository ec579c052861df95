// SPDX-License-Identifier: MIT
// Consents — the signed forms the liaison office records (R-CON-1) and their withdrawals
// (R-CON-3), with the scan of the form kept beside the database. What a consent allows is decided
// by core::ConsentScope alone; this class stores and reads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/consent/ConsentScope.h"
#include "server/store/Database.h"

namespace renkei::server {

struct StoredConsent {
  std::int64_t id = 0;
  std::string patientId;
  Consent consent;            ///< what core::ConsentScope judges
  std::string scanFile, scanType, scanSha256;
  std::int64_t scanBytes = 0;
  std::string recordedBy;
  std::int64_t recordedAt = 0;
  std::string withdrawalReason, withdrawnBy;
};

class Consents {
 public:
  /// `scanDir`: where scans are kept (<data>/consents).
  Consents(Database& db, std::filesystem::path scanDir) : db_(db), scanDir_(std::move(scanDir)) {}

  static constexpr std::size_t kMaxScanBytes = 20u << 20;

  /// Records a signed form. Checks (Refusal: bad_request, unknown_patient, …): the patient exists, the grantee is an
  /// active clinic (Clinic) or a clinic doctor's account (Doctor), the date is not after `today`,
  /// the scan is a PDF, PNG or JPEG of at most kMaxScanBytes. The scan is written first and
  /// removed again when the database refuses, so nothing half-recorded remains.
  StoredConsent record(const std::string& patientId, ConsentGrantee kind, const std::string& granteeId, Date signedOn,
                       std::string_view scan, const std::string& recordedBy, Date today, std::int64_t now);
  /// Records a withdrawal; access ends at the start of `withdrawnOn` (≤ today, ≥ the signing date).
  StoredConsent withdraw(std::int64_t id, Date withdrawnOn, const std::string& reason, const std::string& by,
                         Date today, std::int64_t now);

  std::optional<StoredConsent> find(std::int64_t id);
  std::vector<StoredConsent> forPatient(const std::string& patientId);
  /// Every consent, newest first (the office's list).
  std::vector<StoredConsent> all(int limit, int offset);
  /// Patients with any consent naming `viewer` or their clinic, in force or not: the SQL narrowing
  /// before core::ConsentScope decides.
  std::vector<std::string> patientsNaming(const Viewer& viewer);

  std::filesystem::path scanPath(const StoredConsent& c) const { return scanDir_ / c.scanFile; }

 private:
  Database& db_;
  std::filesystem::path scanDir_;
};

}  // namespace renkei::server
