// SPDX-License-Identifier: MIT
#include "tools/admin/Backup.h"

#include "server/records/StoredFile.h"
#include "server/store/IndexedFiles.h"

#include <SQLiteCpp/Backup.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <optional>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

namespace renkei::tools {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kFormat = "renkei-backup 1";
constexpr const char* kKeyFormat = "renkei-key-backup 1";

/// What the manifest counts (and a restore compares).
constexpr std::pair<const char*, const char*> kCounts[] = {
    {"accounts", "account"},        {"facilities", "facility"},     {"patients", "patient"},
    {"consents", "consent"},        {"lab_reports", "lab_report"},  {"lab_results", "lab_result"},
    {"documents", "document"},      {"studies", "study"},           {"series", "series"},
    {"instances", "sop_instance"},  {"held_instances", "held_instance"}, {"bookings", "booking"},
    {"message_threads", "message_thread"}, {"messages", "message"}, {"message_attachments", "message_attachment"},
    {"audit_records", "audit"},
};

struct Sha256 {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx{EVP_MD_CTX_new(), EVP_MD_CTX_free};
  Sha256() {
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) throw std::runtime_error("SHA-256 is not available");
  }
  void update(const char* p, std::size_t n) { EVP_DigestUpdate(ctx.get(), p, n); }
  std::string hex() {
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_DigestFinal_ex(ctx.get(), d, &n);
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < n; ++i) {
      out += digits[d[i] >> 4];
      out += digits[d[i] & 15];
    }
    return out;
  }
};

struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
};

void syncPath(const fs::path& p) {
  Fd f(::open(p.c_str(), O_RDONLY | O_CLOEXEC));
  if (f.fd < 0 || ::fsync(f.fd) != 0) throw std::runtime_error("cannot sync " + p.string());
}

struct Copied {
  std::int64_t bytes = 0;
  std::string sha256;
};

/// Reads `from`, hashing it, and writes it to the new file `to` (0600, synced) unless `to` is empty
/// (a check only). nullopt when `from` does not exist.
std::optional<Copied> copyFile(const fs::path& from, const fs::path& to) {
  Fd in(::open(from.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.fd < 0) {
    if (errno == ENOENT) return std::nullopt;
    throw std::runtime_error("cannot read " + from.string());
  }
  Fd out(-1);
  if (!to.empty()) {
    fs::create_directories(to.parent_path());
    out.fd = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out.fd < 0) throw std::runtime_error("cannot create " + to.string());
  }
  Sha256 sha;
  Copied c;
  std::vector<char> buffer(1 << 20);
  for (;;) {
    const ssize_t n = ::read(in.fd, buffer.data(), buffer.size());
    if (n < 0) throw std::runtime_error("cannot read " + from.string());
    if (n == 0) break;
    sha.update(buffer.data(), static_cast<std::size_t>(n));
    for (ssize_t done = 0; out.fd >= 0 && done < n;) {
      const ssize_t w = ::write(out.fd, buffer.data() + done, static_cast<std::size_t>(n - done));
      if (w <= 0) throw std::runtime_error("cannot write " + to.string() + " (disk full?)");
      done += w;
    }
    c.bytes += n;
  }
  if (out.fd >= 0 && ::fsync(out.fd) != 0) throw std::runtime_error("cannot sync " + to.string());
  c.sha256 = sha.hex();
  return c;
}

Copied hashFile(const fs::path& p) {
  const auto c = copyFile(p, {});
  if (!c) throw std::runtime_error("missing from the backup: " + p.string());
  return *c;
}

void writeSynced(const fs::path& p, const std::string& text) {
  const fs::path tmp = p.string() + ".tmp";
  {
    Fd out(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (out.fd < 0 || ::write(out.fd, text.data(), text.size()) != static_cast<ssize_t>(text.size()) || ::fsync(out.fd) != 0)
      throw std::runtime_error("cannot write " + p.string());
  }
  fs::rename(tmp, p);
  syncPath(p.parent_path());
}

/// `dir` new, or empty: a backup or restore never mixes with what is there.
void freshDirectory(const fs::path& dir, const char* what) {
  if (fs::exists(dir) && (!fs::is_directory(dir) || !fs::is_empty(dir)))
    throw std::runtime_error(std::string(what) + " " + dir.string() + " must be a new or empty directory");
  fs::create_directories(dir);
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace);
}

void emptyDirectory(const fs::path& dir) {
  for (const auto& e : fs::directory_iterator(dir)) fs::remove_all(e.path());
}

/// A path the index names, relative and inside its folder.
bool safeRelative(const std::string& p) {
  if (p.empty() || p[0] == '/') return false;
  for (const auto& part : fs::path(p))
    if (part == "..") return false;
  return true;
}

std::string readText(const fs::path& p) { return server::readStoredFile(p).value_or(""); }

/// The snapshot into `file`: SQLite's online backup in one step, then made a plain (rollback
/// journal) file that can be copied and opened read-only, and checked.
void snapshot(server::Database& db, const fs::path& file) {
  {
    SQLite::Database copy(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    SQLite::Backup backup(copy, db.sql());
    for (int tries = 0;; ++tries) {
      const int rc = backup.executeStep(-1);
      if (rc == SQLITE_DONE) break;
      if (tries > 500) throw std::runtime_error("the database stayed locked: no snapshot");
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  SQLite::Database copy(file.string(), SQLite::OPEN_READWRITE);
  copy.exec("PRAGMA journal_mode = DELETE");
  const std::string check = copy.execAndGet("PRAGMA integrity_check").getString();
  if (check != "ok") throw std::runtime_error("the snapshot does not pass SQLite's integrity check: " + check);
}

struct Attempt {
  json files = json::array();
  std::int64_t bytes = 0;
  std::optional<std::string> missing;  ///< a file the snapshot names that is gone
};

Attempt copyNamedFiles(SQLite::Database& snap, const fs::path& dataDir, const fs::path& dest) {
  Attempt a;
  std::set<std::string> done;
  for (const server::IndexedFileKind& kind : server::indexedFileKinds()) {
    SQLite::Statement q(snap, kind.names);
    while (q.executeStep()) {
      const std::string name = q.getColumn(0).getString();
      if (!safeRelative(name)) throw std::runtime_error(std::string("the index names a file outside ") + kind.folder + ": " + name);
      const std::string rel = std::string(kind.folder) + "/" + name;
      if (!done.insert(rel).second) continue;
      const auto c = copyFile(dataDir / rel, dest / rel);
      if (!c) {
        a.missing = rel;
        return a;
      }
      a.files.push_back({{"path", rel}, {"bytes", c->bytes}, {"sha256", c->sha256}});
      a.bytes += c->bytes;
    }
  }
  // Every directory written is synced, so that the files' names are durable too.
  std::set<fs::path> dirs;
  for (const auto& rel : done)
    for (fs::path d = (dest / rel).parent_path(); d != dest && d.string().size() > dest.string().size(); d = d.parent_path())
      dirs.insert(d);
  for (const auto& d : dirs) syncPath(d);
  return a;
}

/// head.log and the checkpoints as they were at the snapshot's last record `seq`.
void copyAuditAnchor(const fs::path& dataDir, const fs::path& dest, std::int64_t seq) {
  const fs::path from = dataDir / "audit", to = dest / "audit";
  fs::create_directories(to / "checkpoints");
  std::istringstream head(readText(from / "head.log"));
  std::string kept;
  for (std::string line; std::getline(head, line);) {
    std::int64_t s = 0;
    if (std::sscanf(line.c_str(), "%lld", reinterpret_cast<long long*>(&s)) == 1 && s <= seq) kept += line + "\n";
  }
  writeSynced(to / "head.log", kept);
  if (fs::is_directory(from / "checkpoints"))
    for (const auto& e : fs::directory_iterator(from / "checkpoints")) {
      const json c = json::parse(readText(e.path()), nullptr, false);
      if (c.is_object() && c.contains("seq") && c["seq"].is_number_integer() && c["seq"].get<std::int64_t>() <= seq)
        copyFile(e.path(), to / "checkpoints" / e.path().filename());
    }
  if (fs::exists(from / "signing-public.pem")) copyFile(from / "signing-public.pem", to / "signing-public.pem");
  syncPath(to / "checkpoints");
  syncPath(to);
}

json countsJson(const std::map<std::string, std::int64_t>& counts) {
  json j = json::object();
  for (const auto& [k, v] : counts) j[k] = v;
  return j;
}

std::string isoTime(std::int64_t t) {
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  ::gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

/// Checks every file a manifest lists against its size and checksum; the bytes in all.
std::int64_t checkFiles(const json& files, const fs::path& src) {
  std::int64_t bytes = 0;
  for (const auto& f : files) {
    const std::string rel = f.at("path").get<std::string>();
    if (!safeRelative(rel)) throw std::runtime_error("the manifest names a file outside the backup: " + rel);
    const Copied c = hashFile(src / rel);
    if (c.bytes != f.at("bytes").get<std::int64_t>() || c.sha256 != f.at("sha256").get<std::string>())
      throw std::runtime_error("damaged: " + (src / rel).string() + " does not match its checksum in the manifest");
    bytes += c.bytes;
  }
  return bytes;
}

/// Copies the files a manifest lists from `src` to `dest` (checked before: checkFiles).
void copyListed(const json& files, const fs::path& src, const fs::path& dest) {
  std::set<fs::path> dirs;
  for (const auto& f : files) {
    const std::string rel = f.at("path").get<std::string>();
    const auto c = copyFile(src / rel, dest / rel);
    if (!c || c->sha256 != f.at("sha256").get<std::string>()) throw std::runtime_error("changed while restoring: " + rel);
    for (fs::path d = (dest / rel).parent_path(); d.string().size() > dest.string().size(); d = d.parent_path()) dirs.insert(d);
  }
  for (const auto& d : dirs) syncPath(d);
}

json readManifest(const fs::path& p, const char* format, const char* what) {
  if (!fs::exists(p)) throw std::runtime_error(p.parent_path().string() + " is not a finished " + what + " (no " + p.filename().string() + ")");
  const json m = json::parse(readText(p), nullptr, false);
  if (!m.is_object() || m.value("format", "") != format) throw std::runtime_error(p.string() + " is not a " + what + " manifest");
  return m;
}

}  // namespace

std::map<std::string, std::int64_t> recordCounts(SQLite::Database& db) {
  std::map<std::string, std::int64_t> counts;
  for (const auto& [name, table] : kCounts)
    counts[name] = db.execAndGet(std::string("SELECT count(*) FROM ") + table).getInt64();
  return counts;
}

BackupSummary writeBackup(server::Database& db, const fs::path& dataDir, const fs::path& dest, std::int64_t now) {
  freshDirectory(dest, "the backup directory");
  BackupSummary s;
  for (s.attempts = 1;; ++s.attempts) {
    const fs::path dbFile = dest / "renkei.sqlite";
    snapshot(db, dbFile);
    SQLite::Database snap(dbFile.string(), SQLite::OPEN_READONLY);
    Attempt a = copyNamedFiles(snap, dataDir, dest);
    if (a.missing) {
      // Removed after the snapshot was taken (a held instance discarded): a newer snapshot no
      // longer names it. A file that stays missing is a store that lost it.
      if (s.attempts == 3) throw std::runtime_error("the index names " + *a.missing + ", which is not in the data directory");
      emptyDirectory(dest);
      continue;
    }
    s.counts = recordCounts(snap);
    s.auditRecords = s.counts["audit_records"];
    {
      SQLite::Statement head(snap, "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1");
      s.auditHead = head.executeStep() ? head.getColumn(0).getString() : "";
    }
    const int schema = snap.execAndGet("PRAGMA user_version").getInt();
    copyAuditAnchor(dataDir, dest, s.auditRecords);
    const Copied database = hashFile(dbFile);
    s.files = static_cast<std::int64_t>(a.files.size());
    s.bytes = a.bytes + database.bytes;
    const json manifest{{"format", kFormat},
                        {"created_at", isoTime(now)},
                        {"schema_version", schema},
                        {"database", {{"path", "renkei.sqlite"}, {"bytes", database.bytes}, {"sha256", database.sha256}}},
                        {"audit", {{"records", s.auditRecords}, {"head", s.auditHead}}},
                        {"counts", countsJson(s.counts)},
                        {"files", a.files},
                        {"keys", "not included: renkei-admin backup-keys DEST, kept apart"}};
    syncPath(dbFile);
    syncPath(dest);
    writeSynced(dest / "manifest.json", manifest.dump(1) + "\n");
    return s;
  }
}

int writeKeyBackup(const fs::path& dataDir, const fs::path& dest, std::int64_t now) {
  freshDirectory(dest, "the key backup directory");
  json files = json::array();
  for (const char* folder : {"keys", "tls"}) {
    if (!fs::is_directory(dataDir / folder)) continue;
    for (const auto& e : fs::directory_iterator(dataDir / folder)) {
      if (!e.is_regular_file() || e.path().extension() == ".tmp" || e.path().extension() == ".lock") continue;
      const std::string rel = std::string(folder) + "/" + e.path().filename().string();
      const auto c = copyFile(e.path(), dest / rel);
      if (c) files.push_back({{"path", rel}, {"bytes", c->bytes}, {"sha256", c->sha256}});
    }
    if (fs::is_directory(dest / folder)) {
      fs::permissions(dest / folder, fs::perms::owner_all, fs::perm_options::replace);
      syncPath(dest / folder);
    }
  }
  writeSynced(dest / "keys-manifest.json",
              json{{"format", kKeyFormat}, {"created_at", isoTime(now)}, {"files", files}}.dump(1) + "\n");
  return static_cast<int>(files.size());
}

RestoreSummary restoreBackup(const fs::path& src, const fs::path& keys, const fs::path& dataDir) {
  const json manifest = readManifest(src / "manifest.json", kFormat, "backup");
  const json keyManifest = readManifest(keys / "keys-manifest.json", kKeyFormat, "key backup");
  // Every check first: a damaged backup must not leave a half-restored data directory behind.
  RestoreSummary r;
  const json& database = manifest.at("database");
  const json dbList = json::array({database});
  r.bytes = checkFiles(dbList, src) + checkFiles(manifest.at("files"), src);
  checkFiles(keyManifest.at("files"), keys);
  r.files = static_cast<std::int64_t>(manifest.at("files").size());
  {
    SQLite::Database snap((src / "renkei.sqlite").string(), SQLite::OPEN_READONLY);
    const std::string check = snap.execAndGet("PRAGMA integrity_check").getString();
    if (check != "ok") throw std::runtime_error("the backup's database fails SQLite's integrity check: " + check);
    r.counts = recordCounts(snap);
    for (const auto& [k, v] : manifest.at("counts").items())
      if (r.counts[k] != v.get<std::int64_t>())
        throw std::runtime_error("the backup's database holds " + std::to_string(r.counts[k]) + " " + k + ", the manifest says " +
                                 std::to_string(v.get<std::int64_t>()));
  }
  freshDirectory(dataDir, "the data directory to restore into");
  copyListed(dbList, src, dataDir);
  copyListed(manifest.at("files"), src, dataDir);
  copyListed(keyManifest.at("files"), keys, dataDir);
  if (fs::is_directory(dataDir / "keys")) fs::permissions(dataDir / "keys", fs::perms::owner_all, fs::perm_options::replace);
  fs::create_directories(dataDir / "audit" / "checkpoints");
  for (const auto& e : fs::directory_iterator(src / "audit" / "checkpoints")) copyFile(e.path(), dataDir / "audit" / "checkpoints" / e.path().filename());
  for (const char* f : {"head.log", "signing-public.pem"})
    if (fs::exists(src / "audit" / f)) copyFile(src / "audit" / f, dataDir / "audit" / f);
  syncPath(dataDir / "audit" / "checkpoints");
  syncPath(dataDir / "audit");
  syncPath(dataDir);
  return r;
}

}  // namespace renkei::tools
