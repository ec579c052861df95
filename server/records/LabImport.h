// SPDX-License-Identifier: MIT
// LabImport — laboratory results into the store, from HL7 v2 (OUL^R22, ORU^R01) or CSV, for the
// `renkei-admin import-labs` command and the staff API alike (R-DATA-2, R-DATA-4).
//
// A file may hold several HL7 messages (each starts with MSH). Each message is decoded (MSH-18:
// ISO-2022-JP, Shift_JIS or UTF-8, through core text::decode), parsed and stored in its own
// transaction: a bad message is refused whole with its line and reason, the others are stored. A
// message already stored (same MSH-10) is skipped. Patients unknown to the network are registered
// from PID (the hospital's systems are the source of patients); known ones are not changed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "server/records/Labs.h"
#include "server/records/Patients.h"

namespace renkei::server {

struct LabImportResult {
  int messages = 0;        ///< messages (or CSV files) read
  int reportsStored = 0;
  int reportsSkipped = 0;  ///< already stored
  int results = 0;         ///< observations stored
  std::vector<std::string> patientsCreated;
  std::vector<std::string> patientsTouched;  ///< every patient a stored report belongs to
  struct Problem {
    int message = 0;  ///< 1-based message number in the file
    int line = 0;     ///< segment (HL7) or line (CSV) number inside that message; 0 = the whole message
    std::string reason;
  };
  std::vector<Problem> problems;
};

class LabImport {
 public:
  LabImport(Database& db, Patients& patients, Labs& labs) : db_(db), patients_(patients), labs_(labs) {}

  /// `charset`: overrides MSH-18 when not empty ("Shift_JIS" for a system that sends it undeclared).
  LabImportResult importFile(std::string_view content, const std::string& source, std::int64_t now,
                             const std::string& charset = "");

  static constexpr std::size_t kMaxFileBytes = 64u << 20;

 private:
  void importMessage(std::string_view raw, int number, const std::string& source, std::int64_t now,
                     const std::string& charset, LabImportResult& out);
  void importCsv(std::string_view content, const std::string& source, std::int64_t now, LabImportResult& out);
  void storeAll(const std::vector<labs::LabReport>& reports, int number, const std::string& source, std::int64_t now,
                LabImportResult& out);

  Database& db_;
  Patients& patients_;
  Labs& labs_;
};

/// Splits a file into HL7 messages at each segment that starts with "MSH" (MLLP frames removed).
std::vector<std::string_view> splitHl7Messages(std::string_view content);

}  // namespace renkei::server
