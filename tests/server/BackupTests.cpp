// SPDX-License-Identifier: MIT
// Issue 15 §3 (R-OPS-2): `renkei-admin backup` while the real server is under load — reports
// written, frames read, a CT imported by another process — and `restore` into a fresh data
// directory: the counts of the snapshot, every file's checksum, index and files agreeing both ways,
// the audit chain verifying, and the restored server answering. Damaged or unfinished backups are
// refused before anything is written.
#include <signal.h>

#include <atomic>
#include <fstream>
#include <set>
#include <thread>

#include "DemoServer.h"
#include "TestFiles.h"
#include "server/crypto/Digest.h"

using namespace renkei::test;
namespace fs = std::filesystem;

namespace {

long count(const fs::path& database, const std::string& sql) {
  SQLite::Database db(database.string(), SQLite::OPEN_READONLY);
  return db.execAndGet(sql).getInt64();
}

/// Every file under `dir/folder`, relative to `dir/folder`.
std::set<std::string> filesUnder(const fs::path& dir, const std::string& folder) {
  std::set<std::string> out;
  if (!fs::exists(dir / folder)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir / folder))
    if (e.is_regular_file()) out.insert(fs::relative(e.path(), dir / folder).string());
  return out;
}

std::set<std::string> column(const fs::path& database, const std::string& sql) {
  SQLite::Database db(database.string(), SQLite::OPEN_READONLY);
  SQLite::Statement q(db, sql);
  std::set<std::string> out;
  while (q.executeStep()) out.insert(q.getColumn(0).getString());
  return out;
}

}  // namespace

TEST_CASE("issue 15: a backup taken under load restores into a fresh directory — counts, checksums, files and index both ways, audit chain",
          "[server][backup][R-OPS-2][R-AUD-2]") {
  ::signal(SIGPIPE, SIG_IGN);
  Demo d;
  const auto frames = importCt(d, 10);
  const auto staff = d.signedIn("rad-sato", "Renkei-staff-2026");
  const auto tanaka = d.signedIn("dr-tanaka", "Renkei-clinic-2026");
  // A second CT, imported by another process while the backup runs.
  std::string out;
  REQUIRE(run(std::string(RENKEI_ADMIN_BINARY) + " synthesize-dicom --out " + (d.dir.path() / "ct2").string() +
                  " --patient P000102 --kind ct --size 64 --slices 120",
              &out) == 0);

  std::atomic<bool> stop{false};
  std::atomic<int> written{0}, read{0}, wrong{0};
  std::vector<std::thread> load;
  for (int t = 0; t < 3; ++t)
    load.emplace_back([&, t] {
      auto client = d.server->client();
      for (int k = 0; !stop; ++k) {
        if (t == 0) {  // writes: a report each
          const json body{{"source_id", "bk-" + std::to_string(k)}, {"kind", "radiology-report"}, {"title", "胸部CT"},
                          {"author", "放射線科"}, {"clinical_date", "2026-11-30"}, {"status", "final"}, {"text", "所見なし。"}};
          const auto r = client->Post("/api/v1/patients/P000101/documents", d.at(kStart, staff.cookie, staff.body["csrf_token"]),
                                      body.dump(), "application/json");
          if (r && r->status == 201) ++written;
          else ++wrong;
        } else {  // reads: frames and the lab table
          auto h = d.at(kStart, tanaka.cookie);
          h.emplace("Accept", "multipart/related; type=\"application/octet-stream\"");
          const auto r = t == 1 ? client->Get(frames[static_cast<std::size_t>(k) % frames.size()], h)
                                : client->Get("/api/v1/patients/P000101/labs", d.at(kStart, tanaka.cookie));
          if (r && r->status == 200) ++read;
          else ++wrong;
        }
      }
    });
  std::thread importer([&] {
    std::string o;
    admin(d.data, "import-dicom " + (d.dir.path() / "ct2").string(), &o);
  });
  // The backup begins once the import is under way.
  for (int i = 0; i < 1000 && count(d.data / "renkei.sqlite", "SELECT count(*) FROM sop_instance") <= 12; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  const fs::path backup = d.dir.path() / "backup", keys = d.dir.path() / "keys";
  const int backupStatus = admin(d.data, "backup " + backup.string(), &out);
  INFO(out);
  REQUIRE(backupStatus == 0);
  CHECK(out.find("backup written to") != std::string::npos);
  importer.join();
  stop = true;
  const long liveInstances = count(d.data / "renkei.sqlite", "SELECT count(*) FROM sop_instance");
  for (auto& th : load) th.join();
  CHECK(wrong == 0);
  CHECK(written > 0);
  CHECK(read > 0);
  REQUIRE(admin(d.data, "backup-keys " + keys.string(), &out) == 0);

  // The snapshot: its index and its files agree both ways, and each file is the live one.
  const fs::path snap = backup / "renkei.sqlite";
  const auto named = column(snap, "SELECT stored_file FROM sop_instance");
  CHECK(named.size() > 12);  // some of the second CT
  CHECK(static_cast<long>(named.size()) <= liveInstances);
  WARN("the backup holds " << named.size() << " of " << liveInstances << " instances stored by the end");
  CHECK(filesUnder(backup, "images") == named);
  for (const auto& f : named) CHECK(readFile(backup / "images" / f) == readFile(d.data / "images" / f));
  CHECK(filesUnder(backup, "consents") == column(snap, "SELECT scan_file FROM consent WHERE scan_file <> ''"));
  const json manifest = json::parse(readFile(backup / "manifest.json"));
  CHECK(manifest["counts"]["instances"] == named.size());
  CHECK(manifest["counts"]["audit_records"] == count(snap, "SELECT count(*) FROM audit"));
  CHECK(manifest["files"].size() == named.size() + manifest["counts"]["consents"].get<std::size_t>());
  // The keys are not in the data backup; they are in the key backup.
  CHECK_FALSE(fs::exists(backup / "keys"));
  CHECK(fs::exists(keys / "keys" / "messages.key"));
  CHECK(fs::exists(keys / "tls" / "key.pem"));
  CHECK(readFile(keys / "keys" / "messages.key") == readFile(d.data / "keys" / "messages.key"));

  // Restored into a fresh directory: every count, the audit chain (plus the restore's own record).
  const fs::path restored = d.dir.path() / "restored";
  const int restoreStatus = admin(restored, "restore " + backup.string() + " --keys " + keys.string(), &out);
  INFO(out);
  REQUIRE(restoreStatus == 0);
  CHECK(out.find("every checksum matched") != std::string::npos);
  CHECK(out.find("audit chain intact: " + std::to_string(manifest["counts"]["audit_records"].get<long>()) + " records") !=
        std::string::npos);
  REQUIRE(admin(restored, "audit verify", &out) == 0);
  CHECK(count(restored / "renkei.sqlite", "SELECT count(*) FROM audit") == manifest["counts"]["audit_records"].get<long>() + 1);
  CHECK(count(restored / "renkei.sqlite", "SELECT count(*) FROM document") == manifest["counts"]["documents"].get<long>());
  CHECK(filesUnder(restored, "images") == named);

  // The restored server starts without repair and serves what the backup held.
  ServerProcess again(ServerProcess::Options{restored, {"--test-mode", "--totp-required-roles", "none", "--password-iterations", "1000"}});
  REQUIRE(again.start());
  auto client = again.client();
  auto login = client->Post("/api/v1/session", d.at(kStart), json{{"user", "rad-sato"}, {"password", "Renkei-staff-2026"}}.dump(),
                            "application/json");
  REQUIRE(login);
  REQUIRE(login->status == 200);
  const std::string setCookie = login->get_header_value("Set-Cookie");
  const std::string cookie = setCookie.substr(setCookie.find('=') + 1, setCookie.find(';') - setCookie.find('=') - 1);
  auto h = d.at(kStart, cookie);
  h.emplace("Accept", "multipart/related; type=\"application/octet-stream\"");
  const auto frame = client->Get(frames.front(), h);
  REQUIRE(frame);
  CHECK(frame->status == 200);
  const auto studies = client->Get("/dicomweb/studies?limit=100", d.at(kStart, cookie));
  REQUIRE(studies);
  std::size_t served = 0;
  for (const auto& st : json::parse(studies->body)) {
    const auto list = client->Get("/dicomweb/studies/" + st["0020000D"]["Value"][0].get<std::string>() + "/instances", d.at(kStart, cookie));
    REQUIRE(list);
    served += json::parse(list->body).size();
  }
  CHECK(served == named.size());
}

TEST_CASE("issue 15: a damaged, unfinished or misdirected backup or restore is refused, and nothing is written",
          "[server][backup][R-OPS-2]") {
  TempDir dir;
  const fs::path data = dir.path() / "data", backup = dir.path() / "backup", keys = dir.path() / "keys";
  REQUIRE(admin(data, "demo") == 0);
  std::string out;
  REQUIRE(admin(data, "backup " + backup.string(), &out) == 0);
  REQUIRE(admin(data, "backup-keys " + keys.string(), &out) == 0);

  // Into a directory that holds something: refused.
  CHECK(admin(data, "backup " + backup.string(), &out) != 0);
  CHECK(out.find("must be a new or empty directory") != std::string::npos);
  CHECK(admin(data, "restore " + backup.string() + " --keys " + keys.string(), &out) != 0);
  CHECK(out.find("must be a new or empty directory") != std::string::npos);
  // Without the keys: the usage.
  CHECK(admin(dir.path() / "r0", "restore " + backup.string(), &out) == 2);

  // A consent scan changed by one byte: named, and the target stays empty.
  const json manifest = json::parse(readFile(backup / "manifest.json"));
  REQUIRE(manifest["files"].size() >= 1);
  const fs::path victim = backup / manifest["files"][0]["path"].get<std::string>();
  std::string bytes = readFile(victim);
  bytes[bytes.size() / 2] ^= 1;
  std::ofstream(victim, std::ios::binary | std::ios::trunc) << bytes;
  CHECK(admin(dir.path() / "r1", "restore " + backup.string() + " --keys " + keys.string(), &out) != 0);
  CHECK(out.find("does not match its checksum") != std::string::npos);
  CHECK(out.find(manifest["files"][0]["path"].get<std::string>()) != std::string::npos);
  CHECK((!fs::exists(dir.path() / "r1") || fs::is_empty(dir.path() / "r1")));

  // No manifest (a backup cut off before its end): refused.
  fs::remove(backup / "manifest.json");
  CHECK(admin(dir.path() / "r2", "restore " + backup.string() + " --keys " + keys.string(), &out) != 0);
  CHECK(out.find("is not a finished backup") != std::string::npos);
  CHECK((!fs::exists(dir.path() / "r2") || fs::is_empty(dir.path() / "r2")));
}
