// SPDX-License-Identifier: MIT
// DemoRecords — the demo hospital's patients, consents, lab histories and documents, made
// relative to today so that every consent rule is visible in the app (issue 5 §7):
//
//   P000101 山田 太郎   consent for たなか内科クリニック 60 days ago; labs for three years, so the
//                       older ones lie before the look-back; reports old and new; a discharge summary
//   P000102 鈴木 花子   consent naming Dr 田中 himself 300 days ago; monthly lipids, high LDL
//   P000103 高橋 次郎   consent withdrawn 14 days ago: no longer visible to the clinic
//   P000104 伊藤 美咲   no consent: only hospital staff see her
//   P000105 渡辺 正     consent for another clinic
//
// Lab results go in as HL7 OUL^R22 messages through the same LabImport as real feeds.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "server/store/Database.h"

namespace renkei::tools {

struct DemoCounts {
  int patients = 0, consents = 0, labReports = 0, documents = 0;
};

/// Creates the demo records (the demo accounts and clinics clinic-tanaka, clinic-moji must exist). `dataDir` receives the
/// consent scans. Returns what was created.
DemoCounts createDemoRecords(server::Database& db, const std::filesystem::path& dataDir, std::int64_t now);

/// A small, valid one-page PDF with `line` as its text (the demo's "scanned" consent forms).
std::string demoPdf(const std::string& line);

}  // namespace renkei::tools
