// SPDX-License-Identifier: MIT
// IndexedFiles — the files of the data directory that rows of the database name, and what is left
// of them after a crash (issue 15 §1, R-DATA-4).
//
// Every store writes its file first (synced, linked under a new name) and then the row that names
// it, in one transaction (records/StoredFile.h): the index decides. A process killed between the
// two leaves a file no row names, or a "*.part" file it was still writing. After an unclean stop
// the server moves the first into <data>/lost+found/ (kept, never deleted: the sender was not
// told it was stored and sends it again) and removes the second, before it answers anything, so
// that files and index agree both ways. Backups copy exactly the files the rows name.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "server/store/Database.h"

namespace renkei::server {

struct IndexedFileKind {
  const char* folder;  ///< under the data directory
  const char* names;   ///< SQL: every file name (relative to the folder) the rows hold
};

/// Instances and held instances (images/), document attachments (documents/), consent scans
/// (consents/), sealed message attachments (messages/).
const std::vector<IndexedFileKind>& indexedFileKinds();

struct LeftoverSweep {
  int unfinished = 0;  ///< "*.part" files removed
  int unnamed = 0;     ///< files no row names, moved into lost+found/
  int looked = 0;      ///< files looked at
};

/// Sweeps the data directory after an unclean stop. Only what changed in the last minutes before
/// the database's last write is looked at (a directory or file older than that was there before
/// any transaction still open at the crash): start-up after a crash does not read a whole archive.
LeftoverSweep sweepLeftovers(Database& db, const std::filesystem::path& dataDir);

/// `<data>/server.running` while a server runs: found at start, the last run did not stop cleanly.
/// Created (synced) by begin(), removed by the destructor when the server stops normally.
class RunMarker {
 public:
  explicit RunMarker(std::filesystem::path dataDir) : path_(std::move(dataDir) / "server.running") {}
  /// True when the marker was already there (the last run ended by a crash or a kill).
  bool previousRunCrashed() const { return std::filesystem::exists(path_); }
  void begin();
  void end();

 private:
  std::filesystem::path path_;
};

}  // namespace renkei::server
