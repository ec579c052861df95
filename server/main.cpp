// SPDX-License-Identifier: MIT
// renkei-server — the hospital side of Renkei: HTTPS, the JSON API and the app's files.
#include <sys/stat.h>

#include <malloc.h>
#include <pthread.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "server/BuildInfo.h"
#include "server/Config.h"
#include "server/http/WebServer.h"
#include "server/imaging/StoreScp.h"
#include "server/store/Database.h"
#include "server/store/IndexedFiles.h"
#include "server/tls/Certificate.h"

namespace {

/// SIGINT/SIGTERM are blocked in every thread and taken by one thread with sigwait(), which stops
/// the server — and keeps stopping it until run() has returned, so a signal that arrives between
/// "listening" and the accept loop's start is not lost. (httplib's stop() is not
/// async-signal-safe, so it is never called from a signal handler.)
sigset_t stopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace renkei::server;
  // Frames (a CT's are 512 KB) are allocated and freed at every request: kept in the heap instead
  // of mapped and unmapped each time (page faults were a sixth of the server's CPU under load).
  // Few arenas: 64 worker threads must not each keep their own free memory.
  ::mallopt(M_MMAP_THRESHOLD, 4 << 20);
  ::mallopt(M_TRIM_THRESHOLD, 4 << 20);
  ::mallopt(M_ARENA_MAX, 4);
  std::vector<std::string> args(argv + 1, argv + argc);
  for (const auto& a : args) {
    if (a == "--help" || a == "-h") {
      std::fputs(usage().c_str(), stdout);
      return 0;
    }
    if (a == "--version") {
      std::printf("renkei-server %s (%s)\n", renkei::build::kVersion, renkei::build::kCommit);
      return 0;
    }
  }
  const sigset_t signals = stopSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread exists: all inherit it
  // Everything the server creates (database, WAL, keys, images) holds patient data or secrets:
  // readable by the service account only.
  ::umask(077);
  try {
    const Config config = configFromCommandLine(args);
    std::filesystem::create_directories(config.dataDir);
    std::filesystem::permissions(config.dataDir, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace);
    if (ensureSelfSignedCertificate(config.certPath(), config.keyPath()))
      std::fprintf(stderr, "[renkei] generated a self-signed TLS certificate: %s\n", config.certPath().c_str());
    Database db(config.databasePath());
    // After a crash or a kill: what a store was still writing goes, before anything is answered.
    RunMarker running(config.dataDir);
    if (running.previousRunCrashed()) {
      const LeftoverSweep s = sweepLeftovers(db, config.dataDir);
      std::fprintf(stderr, "[renkei] the last run did not stop cleanly: %d unfinished file(s) removed, %d file(s) no row names moved "
                           "to %s (%d recent file(s) looked at)\n", s.unfinished, s.unnamed, (config.dataDir / "lost+found").c_str(), s.looked);
    }
    running.begin();
    db.checkpointInBackground();
    WebServer server(config, db);
    // The DICOM receiver: every C-STORE is audited like an HTTP request (who sent what, the outcome).
    StoreScp scp(server.images(), config.imagesDir() / ".incoming", [&server](const StoreScpEvent& e) {
      AuditEntry a;
      a.at = static_cast<std::int64_t>(std::time(nullptr));
      a.accountId = "dimse:" + e.callingAe;
      a.action = "dicom.store";
      a.resource = "sop " + e.sopUid.substr(0, 64);
      a.patientId = e.patientId.substr(0, 64);
      a.outcome = e.outcome == "stored" || e.outcome == "duplicate" || e.outcome == "held" ? "allowed" : "denied";
      a.detail = e.outcome + (e.detail.empty() ? "" : ": " + e.detail.substr(0, 300));
      try {
        server.audit(a);
      } catch (const std::exception& ex) {
        std::fprintf(stderr, "[renkei] AUDIT FAILED for a DICOM store: %s\n", ex.what());
      }
    });
    if (!server.bind()) {
      std::fprintf(stderr, "[renkei] error: cannot listen on %s:%d (in use, or not permitted)\n", config.bind.c_str(),
                   config.port);
      return 3;
    }
    // Before the stopper thread: a DICOM port in use ends start-up with its message, not an abort.
    if (config.dicomPort > 0) {
      scp.start(config.dicomPort, config.dicomAeTitle, config.dicomAssociations, config.dicomCallingAeTitles);
      std::fprintf(stderr, "[renkei] DICOM C-STORE receiver listening on port %d as %s\n", config.dicomPort,
                   config.dicomAeTitle.c_str());
    }
    std::signal(SIGPIPE, SIG_IGN);
    std::atomic<bool> finished{false};
    std::thread stopper([&] {
      int sig = 0;
      sigwait(&signals, &sig);
      while (!finished) {
        server.stop();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    });
    if (config.testMode) std::fprintf(stderr, "[renkei] TEST MODE — never use this in production\n");
    std::fprintf(stderr, "[renkei] Renkei %s listening on https://%s:%d (database %s, schema %d)\n",
                 renkei::build::kVersion, config.bind.c_str(), config.port, config.databasePath().c_str(),
                 db.schemaVersion());
    std::fprintf(stderr, "[renkei] TLS certificate SHA-256 %s\n", certificateFingerprint(config.certPath()).c_str());
    std::fflush(stderr);
    server.run();
    scp.stop();
    finished = true;
    pthread_kill(stopper.native_handle(), SIGTERM);  // wakes sigwait when run() ended by itself
    stopper.join();
    running.end();
    std::fprintf(stderr, "[renkei] stopped\n");
    return 0;
  } catch (const ConfigError& e) {
    std::fprintf(stderr, "[renkei] configuration error: %s\n", e.what());
    return 2;
  } catch (const MigrationError& e) {
    std::fprintf(stderr, "[renkei] database error: %s\n", e.what());
    return 4;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "[renkei] error: %s\n", e.what());
    return 1;
  }
}
