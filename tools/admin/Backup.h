// SPDX-License-Identifier: MIT
// Backup — the data directory copied while the server runs, and put back into a fresh one (R-OPS-2).
//
// A backup is one moment of the index and exactly the files that moment refers to:
//   renkei.sqlite   SQLite's online backup of the live database in one step (one read transaction:
//                   a consistent snapshot; writers go on meanwhile, WAL readers never block them)
//   images/ documents/ consents/ messages/
//                   every file a row of the snapshot names (instances, held instances, document
//                   attachments, consent scans, sealed message attachments), copied and synced.
//                   Files are never rewritten in place, so a file named by the snapshot is the one
//                   the snapshot means; files written after it are not in the backup, as their rows
//                   are not. A file removed after the snapshot (a discarded held instance) makes the
//                   backup start again from a new snapshot.
//   audit/          head.log and the signed checkpoints up to the snapshot's last record, and the
//                   public key, so that `renkei-admin audit verify` holds for the restored copy
//   manifest.json   written last: counts, the audit head, each file's size and SHA-256. A directory
//                   without it is an unfinished backup and is refused by restore.
//
// The keys are not in it. keys/ (the messages' master key, the two-factor secrets' key, the audit
// signing key) and tls/ go by `backup-keys DEST` to a separate place — other media, other custody —
// so that a stolen data backup reveals no message, and restore needs both.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "server/store/Database.h"

namespace renkei::tools {

struct BackupSummary {
  std::map<std::string, std::int64_t> counts;  ///< rows per kind ("instances", "audit_records", …)
  std::int64_t files = 0, bytes = 0;           ///< files copied besides the database, and all bytes
  std::int64_t auditRecords = 0;
  std::string auditHead;
  int attempts = 1;  ///< snapshots taken (more than one when a file went away meanwhile)
};

/// Writes a backup of the data directory `dataDir` (whose database is `db`) into `dest`, which must
/// not exist or be empty. Throws std::runtime_error naming what failed; `dest` is then unfinished
/// (no manifest.json).
BackupSummary writeBackup(server::Database& db, const std::filesystem::path& dataDir, const std::filesystem::path& dest,
                          std::int64_t now);

/// Copies keys/ and tls/ of `dataDir` into `dest` (new or empty; mode 0700, files 0600) with a
/// keys-manifest.json of their SHA-256. Returns the number of files.
int writeKeyBackup(const std::filesystem::path& dataDir, const std::filesystem::path& dest, std::int64_t now);

struct RestoreSummary {
  std::map<std::string, std::int64_t> counts;
  std::int64_t files = 0, bytes = 0;
};

/// Checks the backup `src` (every size and checksum in its manifest, the database's integrity) and
/// the key backup `keys`, then writes them into `dataDir`, which must not exist or be empty.
/// Throws std::runtime_error naming the first problem; nothing is written into `dataDir` before
/// every check has passed. The caller verifies the audit chain of the result.
RestoreSummary restoreBackup(const std::filesystem::path& src, const std::filesystem::path& keys,
                             const std::filesystem::path& dataDir);

/// The counts a backup's manifest records, read from a database (compared after a restore).
std::map<std::string, std::int64_t> recordCounts(SQLite::Database& db);

}  // namespace renkei::tools
