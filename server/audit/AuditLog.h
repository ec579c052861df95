// SPDX-License-Identifier: MIT
// AuditLog — every access, allowed or denied, reads included (R-AUD-1), in an append-only,
// tamper-evident log (R-AUD-2).
//
// Each record's hash is SHA-256 over the previous record's hash and the record's canonical form
// (a JSON array of its fields in a fixed order), so changing, inserting or removing a record in
// the middle breaks every later link; verify() names the first broken record. SQL triggers refuse
// UPDATE and DELETE on the table, so only an edit of the file itself can change the log — which is
// what the chain exposes. Removing records at the end cannot be seen from the chain alone: with an
// AuditAnchor (audit/AuditAnchor.h) every record's head is also written outside the database, with
// signed daily checkpoints, and verify() compares the two.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <vector>
#include <optional>
#include <string>

#include "server/audit/AuditAnchor.h"
#include "server/store/Database.h"

namespace renkei::server {

struct AuditEntry {
  std::int64_t at = 0;     ///< Unix seconds
  std::string accountId;   ///< "" for anonymous requests (failed log-ins record the attempted id in detail)
  std::string facilityId;
  std::string sourceIp;
  std::string action;      ///< e.g. "login", "logout", "password.change", "GET"
  std::string resource;    ///< e.g. "/api/v1/session"
  std::string patientId;   ///< "" when no patient is involved
  std::string outcome;     ///< "allowed" or "denied"
  std::string detail;      ///< a reason code; never secrets
};

class AuditLog {
 public:
  static constexpr const char* kGenesis = "0000000000000000000000000000000000000000000000000000000000000000";

  explicit AuditLog(Database& db) : db_(db) {}
  /// From now on every record is anchored in `anchor` too, and verify() checks against it.
  void anchorIn(AuditAnchor& anchor) { anchor_ = &anchor; }

  /// Appends one record and returns its sequence number once it is committed (durable). Threads
  /// appending at the same time share one transaction (group commit): the first to find no commit
  /// under way writes every record waiting, in arrival order, and wakes the others. The chain stays
  /// one sequence with no gaps, whoever writes. Throws when the record could not be committed.
  std::int64_t append(const AuditEntry& e);

  struct Verification {
    bool ok = true;
    std::int64_t records = 0;
    std::optional<std::int64_t> firstBroken;  ///< seq of the first record whose hash or link is wrong
    std::optional<std::int64_t> firstMissing; ///< seq of the first record the anchor knows and the log lacks
    std::string reason;
    std::string headHash;
  };
  /// Re-computes the whole chain.
  Verification verify();

  /// The hash of a record with sequence number `seq` following `prevHash`.
  static std::string recordHash(const std::string& prevHash, std::int64_t seq, const AuditEntry& e);

 private:
  void checkAnchor(Verification& v);
  /// Writes `batch` in one transaction; the first record's sequence number.
  std::int64_t commit(const std::vector<AuditEntry>& batch);

  Database& db_;
  AuditAnchor* anchor_ = nullptr;

  // Group commit. Tickets number the appends in arrival order; a batch is a run of tickets.
  struct Batch {
    std::int64_t firstSeq = 0;   ///< 0: the batch failed
    std::string error;
    std::size_t size = 0;        ///< tickets in it
    std::size_t waiting = 0;     ///< appenders that have not read their result yet
  };
  std::mutex queue_;
  std::condition_variable committed_;
  std::vector<AuditEntry> pending_;
  std::uint64_t nextTicket_ = 0;   ///< the ticket of pending_.front()
  bool writing_ = false;
  std::map<std::uint64_t, Batch> batches_;  ///< by first ticket
};

}  // namespace renkei::server
