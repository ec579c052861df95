// SPDX-License-Identifier: MIT
// renkei-admin — the liaison office's command-line tool (R-OPS-3). Works on the data directory
// directly (the server may be running: SQLite WAL allows it). Every change it makes is audited.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ctime>
#include <string>
#include <vector>

#include "core/password/PasswordPolicy.h"
#include "server/Config.h"
#include "server/audit/AuditLog.h"
#include "server/auth/Accounts.h"
#include "server/auth/PasswordHash.h"
#include "server/auth/Sessions.h"
#include "server/auth/TwoFactor.h"
#include "server/crypto/SecretBox.h"
#include "server/crypto/Digest.h"
#include "server/imaging/ImageStore.h"
#include "server/records/LabImport.h"
#include "server/records/Labs.h"
#include "server/records/Patients.h"
#include "server/records/StoredFile.h"
#include "server/store/Database.h"
#include "server/records/Bookings.h"
#include "server/crypto/MessageKeys.h"
#include "server/records/Messages.h"
#include "tools/admin/Backup.h"
#include "tools/admin/DemoRecords.h"
#include "tools/admin/SyntheticDicom.h"

using namespace renkei;
using namespace renkei::server;

namespace {

constexpr const char* kUsage =
    "usage: renkei-admin [--data-dir DIR] [--password-iterations N] COMMAND\n"
    "  create-admin ID NAME       create the first administrator (prints a temporary password)\n"
    "  reissue-password ID        issue a temporary password and end the account's sessions\n"
    "  reset-totp ID              remove the account's two-factor log-in (a lost phone)\n"
    "  audit verify               check the audit log's hash chain and where it should end (head.log,\n"
    "                             signed daily checkpoints); names the first broken or missing record\n"
    "  audit checkpoint           sign the log's head now and print the checkpoint (JSON) to keep off\n"
    "                             the machine with <data-dir>/audit/signing-public.pem\n"
    "  import-labs [--charset CS] PATH...\n"
    "                             import laboratory results: HL7 v2 OUL^R22/ORU^R01 or CSV files,\n"
    "                             or directories of them (recursive); CS overrides MSH-18\n"
    "  import-dicom PATH...       store DICOM files, or folders of them (recursive; a DICOMDIR's folder\n"
    "                             works: the files it lists are found), as the C-STORE receiver does\n"
    "  demo [--with-images]       create the demo hospital, clinics, accounts, patients, consents,\n"
    "                             lab histories and reports (once); with the demo studies (CT, MR, CR, DXA)\n"
    "  synthesize-dicom --out DIR --patient ID --kind ct|mr|cr|dxa [--date YYYYMMDD] [--slices N] [--size N]\n"
    "         [--syntax explicit|implicit|jpeg-lossless|jpeg-ls|rle|deflate] [--name A^B] [--name-kanji 山田^太郎]\n"
    "         [--name-kana やまだ^たろう] [--accession A] [--sex M|F|O] [--birth-date YYYYMMDD] [--description TEXT]\n"
    "                             write a synthetic DICOM study (test/demo data; no database needed)\n"
    "  rotate-message-key         a new master key for the messages (R-MSG-1): every data key is re-wrapped\n"
    "                             in one transaction (bodies and files are not re-encrypted), then the new\n"
    "                             key replaces the old key file, which is gone; the server must be stopped\n"
    "  backup DEST                a backup of the data directory while the server runs (R-OPS-2): one\n"
    "                             snapshot of the database and the files it names, the audit anchor, a\n"
    "                             manifest of checksums; DEST must be new or empty. The keys are not in it\n"
    "  backup-keys DEST           keys/ and tls/ (message, two-factor and audit signing keys, the TLS key)\n"
    "                             into DEST, to be kept apart from the backups (other media, other custody)\n"
    "  restore SRC --keys KEYS    a backup and a key backup into --data-dir, which must be new or empty;\n"
    "                             every checksum is checked first, the audit chain after\n"
    "  help                       this text\n";

std::string readText(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// The files given, and those found under the folders given (recursive), sorted; false (after
/// naming it) when a path does not exist. Files named `skip` are left out.
bool filesUnder(const std::vector<std::string>& paths, const std::string& skip, std::vector<std::filesystem::path>& files) {
  for (const std::string& p : paths) {
    if (std::filesystem::is_directory(p)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(p))
        if (e.is_regular_file() && e.path().filename() != skip) files.push_back(e.path());
    } else if (std::filesystem::is_regular_file(p)) {
      files.push_back(p);
    } else {
      std::fprintf(stderr, "renkei-admin: no such file or directory: %s\n", p.c_str());
      return false;
    }
  }
  std::sort(files.begin(), files.end());
  return true;
}

struct Tool {
  Database& db;
  AuditLog audit{db};
  Accounts accounts{db};
  int iterations;
  std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));

  Date today() const { return Date::fromUnixSecondsJst(now); }

  void record(const std::string& action, const std::string& resource, const std::string& detail) {
    const char* user = std::getenv("SUDO_USER") ? std::getenv("SUDO_USER") : std::getenv("USER");
    audit.append(AuditEntry{now, std::string("cli:") + (user ? user : "unknown"), "", "local", action, resource, "",
                            "allowed", detail});
  }

  void ensureHospital() {
    if (!accounts.facility("hospital"))
      accounts.createFacility(Facility{"hospital", "連携病院 (Renkei Hospital)", "hospital", "", "", true}, now);
  }

  int createAdmin(const std::string& id, const std::string& name) {
    ensureHospital();
    // The person who runs this tool is the hospital's IT office: enrolment and training are
    // recorded today; later admins are registered through the app with their own dates.
    accounts.createAccount(Account{id, name, "admin", "hospital", "", today(), today(), "active"}, now);
    const std::string password = randomPassword();
    accounts.setPassword(id, PasswordHash::hash(password, iterations), today(), true, now);
    record("account.create", "account/" + id, "first admin");
    std::printf("Created administrator %s.\nTemporary password (change it at first log-in, valid 7 days): %s\n",
                id.c_str(), password.c_str());
    return 0;
  }

  int reissue(const std::string& id) {
    if (!accounts.account(id)) {
      std::fprintf(stderr, "renkei-admin: no account '%s'\n", id.c_str());
      return 1;
    }
    const std::string password = randomPassword();
    accounts.setPassword(id, PasswordHash::hash(password, iterations), today(), true, now);
    const int ended = Sessions(db, 1, 1).removeAll(id);
    record("password.reissue", "account/" + id, "sessions ended: " + std::to_string(ended));
    std::printf("Temporary password for %s (change it at next log-in, valid 7 days): %s\n", id.c_str(), password.c_str());
    return 0;
  }

  /// Break-glass for a lost phone, also the last admin's: removes the second factor.
  int resetTotp(const std::string& id, const std::filesystem::path& dataDir) {
    if (!accounts.account(id)) {
      std::fprintf(stderr, "renkei-admin: no account '%s'\n", id.c_str());
      return 1;
    }
    const SecretBox box(dataDir / "keys" / "secrets.key");
    const bool had = TwoFactor(db, box, "Renkei").reset(id);
    const int ended = Sessions(db, 1, 1).removeAll(id);
    record("totp.reset", "account/" + id, std::string(had ? "" : "nothing to reset, ") + "sessions ended: " + std::to_string(ended));
    std::printf(had ? "Two-factor log-in of %s removed; it is set up again at the next log-in.\n"
                    : "%s had no two-factor log-in.\n",
                id.c_str());
    return 0;
  }

  /// Rotation (MessageKeys): refused while a server holds the keys; the old key is deleted only
  /// after the re-wrap is committed and the new key file is in place.
  int rotateMessageKey(const std::filesystem::path& dataDir) {
    const Config config = configOf(dataDir);
    MessageKeys keys(config.messageKeyPath(), MessageKeys::Lock::Exclusive);
    const std::string before = keys.currentId();
    const std::string after = keys.prepareRotation();
    const int n = Messages(db, keys, config.messagesDir()).rewrapKeys();
    keys.finishRotation();
    record("message.key.rotate", "keys/messages", before + " -> " + after + ", " + std::to_string(n) + " data keys re-wrapped");
    std::printf("message master key rotated: %s -> %s, %d data keys re-wrapped; the old key file is removed\n", before.c_str(),
                after.c_str(), n);
    return 0;
  }

  /// The server's settings for this data directory (its renkei.conf: message_key_file).
  static Config configOf(const std::filesystem::path& dataDir) { return configFromCommandLine({"--data-dir", dataDir.string()}); }

  int verify() {
    const auto v = audit.verify();
    if (!v.ok) {
      if (v.firstMissing)
        std::printf("AUDIT LOG CUT OFF: first missing record %lld: %s\n", static_cast<long long>(*v.firstMissing), v.reason.c_str());
      else if (v.firstBroken)
        std::printf("AUDIT CHAIN BROKEN at record %lld: %s\n", static_cast<long long>(*v.firstBroken), v.reason.c_str());
      else
        std::printf("AUDIT ANCHOR WRONG: %s\n", v.reason.c_str());
      return 1;
    }
    std::printf("audit chain intact: %lld records, head %s\n", static_cast<long long>(v.records), v.headHash.c_str());
    return 0;
  }

  /// A backup into `dest` while the server may be running (tools/admin/Backup.h).
  int backup(const std::string& dataDir, const std::string& dest) {
    const auto t0 = std::chrono::steady_clock::now();
    const tools::BackupSummary s = tools::writeBackup(db, dataDir, dest, now);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::string counts;
    for (const auto& [k, v] : s.counts) counts += (counts.empty() ? "" : ", ") + k + " " + std::to_string(v);
    record("backup.write", dest, std::to_string(s.files) + " files, " + std::to_string(s.bytes) + " bytes, audit record " +
                                     std::to_string(s.auditRecords));
    std::printf("backup written to %s in %.2f s: %lld files besides the database, %.1f MB; audit chain up to record %lld\n"
                "  %s\n  the keys are not in it: renkei-admin backup-keys DEST, kept apart\n",
                dest.c_str(), seconds, static_cast<long long>(s.files), static_cast<double>(s.bytes) / 1e6,
                static_cast<long long>(s.auditRecords), counts.c_str());
    return 0;
  }

  int backupKeys(const std::string& dataDir, const std::string& dest) {
    const int n = tools::writeKeyBackup(dataDir, dest, now);
    record("backup.keys", dest, std::to_string(n) + " files");
    std::printf("%d key files written to %s: keep them apart from the data backups\n", n, dest.c_str());
    return 0;
  }

  /// Signs the head now (R-AUD-2) and prints the checkpoint for safekeeping elsewhere.
  int checkpoint(AuditAnchor& anchor) {
    const auto v = audit.verify();
    if (!v.ok) {
      std::printf("the audit log does not verify (%s): no checkpoint signed\n", v.reason.c_str());
      return 1;
    }
    const auto c = anchor.checkpoint(v.records, v.headHash, now);
    record("audit.checkpoint", "audit", "seq " + std::to_string(c.seq));
    std::printf("%s\n", readText(anchor.dir() / "checkpoints" / (c.day + ".json")).c_str());
    return 0;
  }

  /// Imports every file given, or found under a directory given (R-DATA-2). A refused message is
  /// reported with its file, message number, line and reason; the others are stored.
  int importLabs(const std::vector<std::string>& paths, const std::string& charset) {
    std::vector<std::filesystem::path> files;
    if (!filesUnder(paths, "", files)) return 1;
    Patients patients(db);
    Labs labs(db);
    LabImport import(db, patients, labs);
    int stored = 0, skipped = 0, refused = 0;
    for (const auto& f : files) {
      if (std::filesystem::file_size(f) > LabImport::kMaxFileBytes) {
        std::printf("%s: refused: larger than 64 MB\n", f.c_str());
        ++refused;
        continue;
      }
      const auto content = readStoredFile(f);
      const LabImportResult r = import.importFile(content.value_or(""), "file:" + f.filename().string(), now, charset);
      std::printf("%s: %d messages, %d reports stored, %d already stored, %d results\n", f.c_str(), r.messages,
                  r.reportsStored, r.reportsSkipped, r.results);
      for (const auto& id : r.patientsCreated) std::printf("  new patient %s\n", id.c_str());
      for (const auto& p : r.problems)
        std::printf("  REFUSED message %d, line %d: %s\n", p.message, p.line, p.reason.c_str());
      stored += r.reportsStored;
      skipped += r.reportsSkipped;
      refused += static_cast<int>(r.problems.size());
      record("labs.import", "file/" + f.filename().string(),
             std::to_string(r.reportsStored) + " stored, " + std::to_string(r.reportsSkipped) + " already stored, " +
                 std::to_string(r.problems.size()) + " refused");
    }
    std::printf("%zu files: %d reports stored, %d already stored, %d messages refused\n", files.size(), stored, skipped,
                refused);
    return refused == 0 ? 0 : 1;
  }

  /// Stores every DICOM file given or found under a folder given (R-OPS-3), through the same
  /// ImageStore::store as the C-STORE receiver and STOW-RS. A file that is not DICOM or is refused
  /// is named with the reason; the others are stored. A progress bar runs on a terminal.
  int importDicom(const std::vector<std::string>& paths, const std::filesystem::path& dataDir) {
    std::vector<std::filesystem::path> files;
    if (!filesUnder(paths, "DICOMDIR", files)) return 1;  // a file-set's index, not an instance
    Patients patients(db);
    ImageStore store(db, patients, dataDir / "images");
    int stored = 0, already = 0, held = 0, refused = 0;
    const bool tty = ::isatty(STDERR_FILENO) != 0;
    for (std::size_t k = 0; k < files.size(); ++k) {
      const auto& f = files[k];
      if (tty) {
        const int filled = static_cast<int>(40 * (k + 1) / files.size());
        std::fprintf(stderr, "\r[%-40s] %zu/%zu", std::string(static_cast<std::size_t>(filled), '#').c_str(), k + 1, files.size());
      }
      try {
        if (std::filesystem::file_size(f) > ImageStore::kMaxInstanceBytes)
          throw DicomError(DicomError::Kind::TooLarge, "larger than the instance limit");
        const auto r = store.store(readStoredFile(f).value_or(""), "import:" + f.filename().string(), now);
        if (!r.heldReason.empty()) {
          ++held;
          if (tty) std::fputs("\n", stderr);
          std::printf("%s: held for the liaison office: %s\n", f.c_str(), r.heldReason.c_str());
        } else {
          (r.outcome == ImageStore::Outcome::Stored ? stored : already) += 1;
        }
        if (r.patientCreated) std::printf("%s: new patient %s\n", f.c_str(), r.info.patientId.c_str());
      } catch (const DicomError& e) {
        ++refused;
        if (tty) std::fputs("\n", stderr);
        std::printf("%s: REFUSED: %s\n", f.c_str(), e.what());
      }
    }
    if (tty && !files.empty()) std::fputs("\n", stderr);
    std::printf("%zu files: %d instances stored, %d already stored, %d held for the liaison office, %d refused\n",
                files.size(), stored, already, held, refused);
    record("dicom.import", "import-dicom", std::to_string(stored) + " stored, " + std::to_string(already) +
                                                " already stored, " + std::to_string(held) + " held, " +
                                                std::to_string(refused) + " refused");
    return refused == 0 ? 0 : 1;
  }

  /// The demo patients' studies, drawn by SyntheticDicom and stored like any import; the uids of
  /// the studies the demo reports describe are theirs, so a study shows its report.
  int demoImages(const std::filesystem::path& dataDir) {
    struct Study {
      const char* patient;
      tools::SyntheticKind kind;
      int daysAgo, slices;
      double noduleMm;  // CT: the lung nodule, growing over the years (the reports say so)
      const char* studyUid;
      const char *name, *kanji, *kana, *sex, *birth;
    };
    const Study studies[] = {
        {"P000101", tools::SyntheticKind::CtChestPhantom, 20, 120, 14, "1.2.826.0.1.3680043.10.1.101.2", "Yamada^Taro", "山田^太郎", "ヤマダ^タロウ", "M", "19480512"},
        {"P000101", tools::SyntheticKind::CtChestPhantom, 380, 60, 10, "1.2.826.0.1.3680043.10.1.101.4", "Yamada^Taro", "山田^太郎", "ヤマダ^タロウ", "M", "19480512"},
        {"P000101", tools::SyntheticKind::CtChestPhantom, 800, 60, 8, "1.2.826.0.1.3680043.10.1.101.1", "Yamada^Taro", "山田^太郎", "ヤマダ^タロウ", "M", "19480512"},
        {"P000101", tools::SyntheticKind::DxaReport, 100, 0, 0, "1.2.826.0.1.3680043.10.1.101.3", "Yamada^Taro", "山田^太郎", "ヤマダ^タロウ", "M", "19480512"},
        {"P000101", tools::SyntheticKind::CrChest, 54, 0, 0, "", "Yamada^Taro", "山田^太郎", "ヤマダ^タロウ", "M", "19480512"},
        {"P000102", tools::SyntheticKind::MrBrain, 30, 20, 0, "1.2.826.0.1.3680043.10.1.102.1", "Suzuki^Hanako", "鈴木^花子", "スズキ^ハナコ", "F", "19560903"},
    };
    Patients patients(db);
    ImageStore store(db, patients, dataDir / "images");
    const std::filesystem::path tmp = dataDir / "images" / ".demo";
    int instances = 0;
    for (const Study& st : studies) {
      tools::SyntheticStudySpec spec;
      spec.patient = {st.patient, st.name, st.kanji, st.kana, st.sex, st.birth};
      spec.kind = st.kind;
      const std::string d = Date::fromUnixSecondsJst(now).plusDays(-st.daysAgo).iso();
      spec.studyDate = d.substr(0, 4) + d.substr(5, 2) + d.substr(8, 2);
      spec.slices = st.slices;
      spec.noduleMm = st.noduleMm;
      spec.studyUid = st.studyUid;
      for (const auto& f : tools::writeSyntheticStudy(spec, tmp)) {
        store.store(readStoredFile(f).value_or(""), "demo", now);
        std::filesystem::remove(f);
        ++instances;
      }
    }
    std::filesystem::remove_all(tmp);
    record("demo.images", "demo", std::to_string(std::size(studies)) + " studies, " + std::to_string(instances) + " instances");
    std::printf("demo images created: %zu studies, %d instances\n", std::size(studies), instances);
    return 0;
  }

  /// One answered question of dr-tanaka to radiology about P000101 (the inbox is not empty).
  void demoMessages(const std::filesystem::path& dataDir) {
    const Config config = configOf(dataDir);
    MessageKeys keys(config.messageKeyPath());
    Messages(db, keys, config.messagesDir()).createDemo(now);
    record("demo.messages", "demo", "dr-tanaka asks radiology about P000101, rad-sato answers");
  }

  int demo(const std::filesystem::path& dataDir, bool withImages) {
    if (accounts.account("dr-tanaka")) {
      // A data directory from before the demo had messages (or images) gets them once.
      if (db.sql().execAndGet("SELECT count(*) FROM message_thread").getInt() == 0) {
        try {
          demoMessages(dataDir);
        } catch (const std::exception& e) {  // a directory whose demo was changed since: the rest still starts
          std::fprintf(stderr, "renkei-admin: demo messages not created: %s\n", e.what());
        }
      }
      if (withImages && db.sql().execAndGet("SELECT count(*) FROM study").getInt() == 0) return demoImages(dataDir);
      std::printf("demo data already present\n");
      return 0;
    }
    ensureHospital();
    accounts.createFacility(Facility{"clinic-tanaka", "たなか内科クリニック", "clinic", "北九州市小倉北区", "4012345678", true}, now);
    accounts.createFacility(Facility{"clinic-moji", "もじ港クリニック", "clinic", "北九州市門司区", "4011112222", true}, now);
    struct Demo {
      const char* id;
      const char* name;
      const char* role;
      const char* facility;
      const char* licence;
      const char* password;
    };
    const Demo people[] = {
        {"office-yamada", "山田 花子", "admin", "hospital", "", "Renkei-office-2026"},
        {"rad-sato", "佐藤 健", "staff", "hospital", "MD-200101", "Renkei-staff-2026"},
        {"dr-tanaka", "田中 一郎", "clinic", "clinic-tanaka", "MD-300301", "Renkei-clinic-2026"},
        {"dr-suzuki", "鈴木 二郎", "clinic", "clinic-tanaka", "MD-300303", "Renkei-clinic-2026"},
        {"dr-kobayashi", "小林 誠", "clinic", "clinic-moji", "MD-300401", "Renkei-clinic-2026"},
    };
    for (const Demo& p : people) {
      accounts.createAccount(Account{p.id, p.name, p.role, p.facility, p.licence, today(), today(), "active"}, now);
      accounts.setPassword(p.id, PasswordHash::hash(p.password, iterations), today(), false, now);
      record("account.create", std::string("account/") + p.id, "demo");
    }
    // One account without recorded training, to show that rule at work (R-ACC-2).
    accounts.createAccount(Account{"dr-new", "新人 医師", "clinic", "clinic-tanaka", "MD-300302", today(), std::nullopt, "active"}, now);
    accounts.setPassword("dr-new", PasswordHash::hash("Renkei-clinic-2026", iterations), today(), false, now);
    record("account.create", "account/dr-new", "demo (no training)");
    const tools::DemoCounts n = tools::createDemoRecords(db, dataDir, now);
    record("demo.records", "demo", std::to_string(n.patients) + " patients, " + std::to_string(n.consents) + " consents, " +
                                       std::to_string(n.labReports) + " lab reports, " + std::to_string(n.documents) +
                                       " documents");
    std::printf("demo data created: %d patients, %d consents, %d lab reports, %d documents\n", n.patients, n.consents,
                n.labReports, n.documents);
    Bookings(db).createDemoEquipment();
    record("demo.equipment", "demo", "CT1, CT2, MRI15, MRI3T, DXA with their exam types and hours");
    Bookings(db).createDemoBookings(now);
    record("demo.bookings", "demo", "dr-tanaka: an MRI request waiting for the hospital, a confirmed DXA");
    demoMessages(dataDir);
    return withImages ? demoImages(dataDir) : 0;
  }
};

}  // namespace

/// restore SRC --keys KEYS: the backup's files checked and written, then the result opened as the
/// server will open it and its audit chain verified.
int restore(const std::string& src, const std::string& keys, const std::string& dataDir) {
  try {
    const auto t0 = std::chrono::steady_clock::now();
    const tools::RestoreSummary r = tools::restoreBackup(src, keys, dataDir);
    Database db(std::filesystem::path(dataDir) / "renkei.sqlite");
    AuditAnchor anchor(std::filesystem::path(dataDir) / "audit", std::filesystem::path(dataDir) / "keys" / "audit-signing.pem");
    Tool tool{db, AuditLog(db), Accounts(db), PasswordHash::kDefaultIterations};
    tool.audit.anchorIn(anchor);
    if (tool.verify() != 0) {
      std::printf("restored into %s, but the audit chain does not verify: do not start the server on it\n", dataDir.c_str());
      return 1;
    }
    tool.record("backup.restore", src, std::to_string(r.files) + " files");
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::string counts;
    for (const auto& [k, v] : r.counts) counts += (counts.empty() ? "" : ", ") + k + " " + std::to_string(v);
    std::printf("restored %s into %s in %.2f s: %lld files, %.1f MB, every checksum matched\n  %s\n", src.c_str(), dataDir.c_str(),
                seconds, static_cast<long long>(r.files), static_cast<double>(r.bytes) / 1e6, counts.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "renkei-admin restore: %s\n", e.what());
    return 1;
  }
}

int main(int argc, char** argv) {
  ::umask(077);
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string dataDir = "data";
  int iterations = PasswordHash::kDefaultIterations;
  while (!args.empty() && args[0].rfind("--", 0) == 0) {
    if (args.size() < 2) {
      std::fputs(kUsage, stderr);
      return 2;
    }
    if (args[0] == "--data-dir") dataDir = args[1];
    else if (args[0] == "--password-iterations") iterations = std::atoi(args[1].c_str());
    else {
      std::fprintf(stderr, "renkei-admin: unknown option %s\n%s", args[0].c_str(), kUsage);
      return 2;
    }
    args.erase(args.begin(), args.begin() + 2);
  }
  if (args.size() == 1 && (args[0] == "help" || args[0] == "--help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (args.size() >= 2 && args[0] == "audit" && (args[1] == "verify" || args[1] == "checkpoint")) {  // "audit verify" = "audit-verify"
    args.erase(args.begin());
    args[0] = "audit-" + args[0];
  }
  if (!args.empty() && args[0] == "restore") {  // before the data directory is opened: it must be empty
    if (args.size() != 4 || args[2] != "--keys") {
      std::fputs(kUsage, stderr);
      return 2;
    }
    return restore(args[1], args[3], dataDir);
  }
  if (!args.empty() && args[0] == "synthesize-dicom")  // needs no data directory
    return tools::synthesizeDicomCommand(std::vector<std::string>(args.begin() + 1, args.end()));
  if (args.empty() || iterations < 1000) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  try {
    std::filesystem::create_directories(dataDir);
    Database db(std::filesystem::path(dataDir) / "renkei.sqlite");
    AuditAnchor anchor(std::filesystem::path(dataDir) / "audit", std::filesystem::path(dataDir) / "keys" / "audit-signing.pem");
    Tool tool{db, AuditLog(db), Accounts(db), iterations};
    tool.audit.anchorIn(anchor);
    const std::string& cmd = args[0];
    if (cmd == "create-admin" && args.size() == 3) return tool.createAdmin(args[1], args[2]);
    if (cmd == "reissue-password" && args.size() == 2) return tool.reissue(args[1]);
    if (cmd == "reset-totp" && args.size() == 2) return tool.resetTotp(args[1], dataDir);
    if (cmd == "audit-verify" && args.size() == 1) return tool.verify();
    if (cmd == "backup" && args.size() == 2) return tool.backup(dataDir, args[1]);
    if (cmd == "backup-keys" && args.size() == 2) return tool.backupKeys(dataDir, args[1]);
    if (cmd == "rotate-message-key" && args.size() == 1) return tool.rotateMessageKey(dataDir);
    if (cmd == "audit-checkpoint" && args.size() == 1) return tool.checkpoint(anchor);
    if (cmd == "demo" && args.size() == 1) return tool.demo(dataDir, false);
    if (cmd == "demo" && args.size() == 2 && args[1] == "--with-images") return tool.demo(dataDir, true);
    if (cmd == "import-dicom" && args.size() >= 2)
      return tool.importDicom(std::vector<std::string>(args.begin() + 1, args.end()), dataDir);
    if (cmd == "import-labs" && args.size() >= 2) {
      std::string charset;
      std::vector<std::string> paths(args.begin() + 1, args.end());
      if (paths[0] == "--charset") {
        if (paths.size() < 3) {
          std::fputs(kUsage, stderr);
          return 2;
        }
        charset = paths[1];
        paths.erase(paths.begin(), paths.begin() + 2);
      }
      return tool.importLabs(paths, charset);
    }
    std::fprintf(stderr, "renkei-admin: unknown command or wrong arguments: %s\n%s", cmd.c_str(), kUsage);
    return 2;
  } catch (const Refusal& e) {
    std::fprintf(stderr, "renkei-admin: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "renkei-admin: error: %s\n", e.what());
    return 1;
  }
}
