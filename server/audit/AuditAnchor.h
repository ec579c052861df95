// SPDX-License-Identifier: MIT
// AuditAnchor — the audit chain's head kept outside the database it protects (R-AUD-2). The hash
// chain shows any change inside the log, but not records cut off its end or an older database file
// put back: for that, where the chain should end is written elsewhere.
//   <data-dir>/audit/head.log              one line "seq hash at" per committed record, append-only
//   <data-dir>/audit/checkpoints/DAY.json  the head at the first record of each day (JST), signed
//                                          with Ed25519; copy them off the machine (renkei-admin
//                                          audit checkpoint prints one) with signing-public.pem
//   <data-dir>/keys/audit-signing.pem      the signing key (0600)
// head.log is written, not synced, with each record: after a crash it may end a little before the
// database, which is not an error; a database that ends before head.log is.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "server/crypto/Signature.h"

namespace renkei::server {

class AuditAnchor {
 public:
  AuditAnchor(std::filesystem::path dir, const std::filesystem::path& keyFile);
  ~AuditAnchor();
  AuditAnchor(const AuditAnchor&) = delete;
  AuditAnchor& operator=(const AuditAnchor&) = delete;

  struct Head {
    std::int64_t seq = 0;
    std::string hash;
  };
  struct Checkpoint {
    std::string day;  ///< YYYY-MM-DD (JST)
    std::int64_t seq = 0;
    std::string hash;
    std::int64_t at = 0;
    std::string signature;  ///< Ed25519 over message(), base64
    std::string message() const;
  };

  struct Record {
    std::int64_t seq = 0;
    std::string hash;
    std::int64_t at = 0;
  };
  /// After records are committed: appends them to head.log (one write); the first record of a day
  /// also gets the day's checkpoint. Throws when head.log cannot be written. Not thread-safe: the
  /// audit log calls it from one writer at a time.
  void record(const std::vector<Record>& committed);
  /// Writes (replaces) the checkpoint of `at`'s day for this head and returns it.
  Checkpoint checkpoint(std::int64_t seq, const std::string& hash, std::int64_t at);

  /// The last head written to head.log; nullopt when none.
  std::optional<Head> lastHead() const;
  /// Every checkpoint on disk, oldest first; `bad` lists the files that cannot be read.
  std::vector<Checkpoint> checkpoints(std::vector<std::string>* bad = nullptr) const;
  /// True when the checkpoint's signature is this machine's key's.
  bool signedHere(const Checkpoint& c) const;

  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  SigningKey key_;
  std::string publicKey_;
  std::string checkpointedDay_;  ///< the last day whose checkpoint is known to exist
  int headFd_ = -1;              ///< head.log, open for appending
};

}  // namespace renkei::server
