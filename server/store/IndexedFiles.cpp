// SPDX-License-Identifier: MIT
#include "server/store/IndexedFiles.h"

#include "server/records/StoredFile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <string_view>

namespace renkei::server {
namespace {

namespace fs = std::filesystem;

/// How far before the database's last write a file left by a crash can have been linked: a write
/// transaction waits at most five seconds for the lock, and a request takes far less than this.
constexpr std::time_t kMargin = 600;

std::time_t changedAt(const fs::path& p, bool statusToo) {
  struct stat st {};
  if (::lstat(p.c_str(), &st) != 0) return 0;
  return statusToo ? std::max(st.st_mtim.tv_sec, st.st_ctim.tv_sec) : st.st_mtim.tv_sec;
}

bool exists(Database& db, const char* sql, const std::string& a, const std::string& b = "") {
  auto q = db.query(sql);
  SQLite::Statement& s = *q;
  s.bind(1, a);
  if (s.getBindParameterCount() > 1) s.bind(2, b);
  return s.executeStep();
}

/// Whether a row names `rel` (relative to `folder`).
bool named(Database& db, const std::string& folder, const std::string& rel) {
  if (folder == "images") {
    if (rel.rfind(".held/", 0) == 0) return exists(db, "SELECT 1 FROM held_instance WHERE stored_file = ?", rel);
    const auto slash = rel.find('/');
    if (slash == std::string::npos) return false;
    return exists(db, "SELECT 1 FROM sop_instance WHERE study_uid = ? AND stored_file = ?", rel.substr(0, slash), rel);
  }
  if (folder == "documents") return exists(db, "SELECT 1 FROM document_attachment WHERE stored_file = ?", rel);
  if (folder == "consents") return exists(db, "SELECT 1 FROM consent WHERE scan_file = ?", rel);
  if (folder == "messages") return exists(db, "SELECT 1 FROM message_attachment WHERE file = ?", rel);
  return true;  // not a folder the index keeps
}

struct Walk {
  Database& db;
  fs::path dataDir;
  std::string folder;
  std::time_t since;
  LeftoverSweep& out;

  void directory(const fs::path& dir, const std::string& rel) {
    const bool recent = changedAt(dir, false) >= since;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      const std::string name = e.path().filename().string();
      const std::string childRel = rel.empty() ? name : rel + "/" + name;
      std::error_code typeError;
      if (e.is_directory(typeError)) {
        // A directory gets a new mtime when an entry is linked into it: an older one holds only
        // files from before. The dot-folders (.held, .incoming) hold directories of their own.
        if (name.front() == '.' || changedAt(e.path(), false) >= since) directory(e.path(), childRel);
        continue;
      }
      if (!recent || !e.is_regular_file(typeError)) continue;
      ++out.looked;
      if (changedAt(e.path(), true) < since) continue;
      if (name.size() > 5 && std::string_view(name).substr(name.size() - 5) == ".part") {
        fs::remove(e.path(), ec);
        ++out.unfinished;
        continue;
      }
      if (named(db, folder, childRel)) continue;
      const fs::path to = dataDir / "lost+found" / folder / childRel;
      fs::create_directories(to.parent_path());
      fs::rename(e.path(), to);
      syncDirectory(to.parent_path());
      ++out.unnamed;
    }
    if (recent) syncDirectory(dir);
  }
};

}  // namespace

const std::vector<IndexedFileKind>& indexedFileKinds() {
  static const std::vector<IndexedFileKind> kinds{
      {"images", "SELECT stored_file FROM sop_instance"},
      {"images", "SELECT stored_file FROM held_instance WHERE stored_file <> ''"},
      {"documents", "SELECT stored_file FROM document_attachment"},
      {"consents", "SELECT scan_file FROM consent WHERE scan_file <> ''"},
      {"messages", "SELECT file FROM message_attachment"},
  };
  return kinds;
}

LeftoverSweep sweepLeftovers(Database& db, const fs::path& dataDir) {
  const fs::path database = dataDir / "renkei.sqlite";
  const std::time_t lastWrite = std::max(changedAt(database, false), changedAt(database.string() + "-wal", false));
  LeftoverSweep out;
  for (const char* folder : {"images", "documents", "consents", "messages"})
    if (fs::is_directory(dataDir / folder)) Walk{db, dataDir, folder, lastWrite - kMargin, out}.directory(dataDir / folder, "");
  return out;
}

void RunMarker::begin() {
  const std::string pid = std::to_string(::getpid()) + "\n";
  const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + path_.string());
  const bool ok = ::write(fd, pid.data(), pid.size()) == static_cast<ssize_t>(pid.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) throw std::runtime_error("cannot write " + path_.string());
  syncDirectory(path_.parent_path());
}

void RunMarker::end() {
  std::error_code ignored;
  fs::remove(path_, ignored);
  syncDirectory(path_.parent_path());
}

}  // namespace renkei::server
