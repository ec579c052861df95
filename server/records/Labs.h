// SPDX-License-Identifier: MIT
// Labs — stored laboratory results (R-DATA-2): one row per specimen report, one per observation.
// A report is stored whole or not at all; a report whose message id is already stored is skipped,
// so importing the same file twice changes nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/labs/LabResult.h"
#include "server/store/Database.h"

namespace renkei::server {

struct StoredLabReport {
  std::int64_t id = 0;
  labs::LabReport report;  ///< patient demographics fields are not kept here (Patients has them)
  std::string source;
  std::int64_t importedAt = 0;
};

/// One test's values over time, for a trend plot.
struct LabSeries {
  std::string code, codeSystem, name, unit;
  std::optional<double> referenceLow, referenceHigh;  ///< of the newest result that has them
  struct Point {
    std::string specimenTime;
    std::string value;
    std::optional<double> numeric;
    std::string flag;
    std::int64_t reportId = 0;
  };
  std::vector<Point> points;  ///< oldest first
};

class Labs {
 public:
  explicit Labs(Database& db) : db_(db) {}

  /// Stores one report; false when its message id was already stored (nothing changes then).
  /// Call inside the caller's transaction to make a whole message atomic.
  bool store(const labs::LabReport& r, const std::string& source, std::int64_t now);

  /// A patient's reports with their results, newest first; only specimens dated `from` or later
  /// when given (the consent scope).
  /// What a patient's reports from `from` on are: their number and newest id. Reports are only ever
  /// added (a message id once), never changed: equal versions mean equal reports.
  struct Version {
    int count = 0;
    std::int64_t newest = 0;
  };
  Version version(const std::string& patientId, std::optional<Date> from);
  std::vector<StoredLabReport> reports(const std::string& patientId, std::optional<Date> from, int limit, int offset,
                                       int& total);
  /// The patient's results grouped by test code, only numeric ones, from `from` on; one code or all.
  std::vector<LabSeries> series(const std::string& patientId, std::optional<Date> from, const std::string& code);
  /// Reports imported after `since` with specimens from `from` on (the "new" markers).
  int countImportedSince(const std::string& patientId, std::optional<Date> from, std::int64_t since);

 private:
  Database& db_;
};

}  // namespace renkei::server
