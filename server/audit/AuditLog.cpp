// SPDX-License-Identifier: MIT
#include "server/audit/AuditLog.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/VariadicBind.h>
#include <SQLiteCpp/Transaction.h>

#include <nlohmann/json.hpp>

#include "server/crypto/Digest.h"

namespace renkei::server {

std::string AuditLog::recordHash(const std::string& prevHash, std::int64_t seq, const AuditEntry& e) {
  const nlohmann::json canonical = nlohmann::json::array(
      {seq, e.at, e.accountId, e.facilityId, e.sourceIp, e.action, e.resource, e.patientId, e.outcome, e.detail});
  // replace: a request path with invalid UTF-8 is still recorded (those bytes as U+FFFD).
  return sha256Hex(prevHash + "|" + canonical.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::int64_t AuditLog::append(const AuditEntry& e) {
  std::unique_lock lock(queue_);
  const std::uint64_t ticket = nextTicket_ + pending_.size();
  pending_.push_back(e);
  for (;;) {
    // Has a batch with this ticket been written?
    if (auto it = batches_.upper_bound(ticket); it != batches_.begin()) {
      --it;
      Batch& done = it->second;
      if (ticket < it->first + done.size) {
        const std::int64_t seq = done.firstSeq ? done.firstSeq + static_cast<std::int64_t>(ticket - it->first) : 0;
        const std::string error = done.error;
        if (--done.waiting == 0) batches_.erase(it);
        if (!seq) throw std::runtime_error(error);
        return seq;
      }
    }
    if (!writing_) {
      // Nobody is writing: this thread writes everything waiting, its own record included.
      writing_ = true;
      std::vector<AuditEntry> batch;
      batch.swap(pending_);
      const std::uint64_t first = nextTicket_;
      nextTicket_ += batch.size();
      lock.unlock();
      Batch result;
      result.size = result.waiting = batch.size();
      try {
        result.firstSeq = commit(batch);
      } catch (const std::exception& ex) {
        result.firstSeq = 0;
        result.error = ex.what();
      }
      lock.lock();
      batches_.emplace(first, std::move(result));
      writing_ = false;
      committed_.notify_all();
      continue;
    }
    committed_.wait(lock);
  }
}

std::int64_t AuditLog::commit(const std::vector<AuditEntry>& batch) {
  auto tx = db_.write();
  std::int64_t seq = 0;
  std::string prev = kGenesis;
  auto lastQuery = db_.query("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
  SQLite::Statement& last = *lastQuery;
  if (last.executeStep()) {
    seq = last.getColumn(0).getInt64();
    prev = last.getColumn(1).getString();
  }
  const std::int64_t firstSeq = seq + 1;
  auto insQuery = db_.query(
                        "INSERT INTO audit (seq, at, account_id, facility_id, source_ip, action, resource, patient_id,"
                        " outcome, detail, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
  SQLite::Statement& ins = *insQuery;
  std::vector<AuditAnchor::Record> heads;
  heads.reserve(batch.size());
  for (const AuditEntry& e : batch) {
    ++seq;
    const std::string hash = recordHash(prev, seq, e);
    ins.reset();
    SQLite::bind(ins, seq, e.at, e.accountId, e.facilityId, e.sourceIp, e.action, e.resource, e.patientId, e.outcome,
                 e.detail, prev, hash);
    ins.exec();
    heads.push_back({seq, hash, e.at});
    prev = hash;
  }
  tx.commit();
  // Only one batch is written at a time (writing_), so head.log keeps the order.
  if (anchor_) anchor_->record(heads);
  return firstSeq;
}

AuditLog::Verification AuditLog::verify() {
  Verification v;
  std::string prev = kGenesis;
  std::int64_t expectedSeq = 1;
  auto qQuery = db_.query("SELECT seq, at, account_id, facility_id, source_ip, action, resource, patient_id, outcome,"
                      " detail, prev_hash, hash FROM audit ORDER BY seq");
  SQLite::Statement& q = *qQuery;
  while (q.executeStep()) {
    const std::int64_t seq = q.getColumn(0).getInt64();
    AuditEntry e{q.getColumn(1).getInt64(),  q.getColumn(2).getString(), q.getColumn(3).getString(),
                 q.getColumn(4).getString(), q.getColumn(5).getString(), q.getColumn(6).getString(),
                 q.getColumn(7).getString(), q.getColumn(8).getString(), q.getColumn(9).getString()};
    const std::string storedPrev = q.getColumn(10).getString(), stored = q.getColumn(11).getString();
    std::string reason;
    if (seq != expectedSeq) reason = "sequence gap: expected " + std::to_string(expectedSeq);
    else if (storedPrev != prev) reason = "link to the previous record does not match";
    else if (recordHash(prev, seq, e) != stored) reason = "record content does not match its hash";
    if (!reason.empty()) {
      v.ok = false;
      v.firstBroken = seq;
      v.reason = reason;
      return v;
    }
    prev = stored;
    ++expectedSeq;
    ++v.records;
  }
  v.headHash = prev;
  if (anchor_) checkAnchor(v);
  return v;
}

void AuditLog::checkAnchor(Verification& v) {
  // Where the chain should end, as written outside the database: the last head and the checkpoints.
  std::vector<std::pair<std::string, AuditAnchor::Head>> expected;  // what says so, the head
  if (const auto head = anchor_->lastHead()) expected.emplace_back("head.log", *head);
  std::vector<std::string> unreadable;
  for (const auto& c : anchor_->checkpoints(&unreadable)) {
    if (!anchor_->signedHere(c)) {
      v.ok = false;
      v.reason = "checkpoint " + c.day + ": the signature is not this server's";
      return;
    }
    expected.emplace_back("checkpoint " + c.day, AuditAnchor::Head{c.seq, c.hash});
  }
  if (!unreadable.empty()) {
    v.ok = false;
    v.reason = "checkpoint file " + unreadable.front() + " cannot be read";
    return;
  }
  for (const auto& [source, head] : expected) {
    if (head.seq > v.records) {
      v.ok = false;
      v.firstMissing = v.records + 1;
      v.reason = source + " records seq " + std::to_string(head.seq) + " but the log ends at " + std::to_string(v.records) +
                 ": records from " + std::to_string(v.records + 1) + " are missing (cut off, or an older database)";
      return;
    }
    auto qQuery = db_.query("SELECT hash FROM audit WHERE seq = ?");
    SQLite::Statement& q = *qQuery;
    q.bind(1, head.seq);
    if (!q.executeStep() || q.getColumn(0).getString() != head.hash) {
      v.ok = false;
      v.firstBroken = head.seq;
      v.reason = "record " + std::to_string(head.seq) + " differs from what " + source + " recorded (the log was rewritten)";
      return;
    }
  }
}

}  // namespace renkei::server
