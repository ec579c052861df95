// SPDX-License-Identifier: MIT
#include "server/audit/FrameReads.h"

#include <chrono>
#include <cstdio>

namespace renkei::server {
namespace {

constexpr std::int64_t kJst = 9 * 3600;
std::int64_t minuteOf(std::int64_t at) { return (at + kJst) / 60; }

std::string hhmm(std::int64_t minute) {
  const std::int64_t m = minute % (24 * 60);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(m / 60), static_cast<int>(m % 60));
  return buf;
}

}  // namespace

FrameReads::FrameReads(AuditLog& log) : log_(log) {
  sweeper_ = std::thread([this] { sweep(); });
}

FrameReads::~FrameReads() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  sweeper_.join();
  close(0);
}

void FrameReads::sweep() {
  std::unique_lock lock(mutex_);
  auto seen = std::chrono::steady_clock::now();
  std::int64_t seenLatest = latest_;
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::seconds(5));
    if (stopping_) break;
    // The clock of the requests, moved on by the time that passed since the latest one.
    const auto now = std::chrono::steady_clock::now();
    if (latest_ != seenLatest) {
      seenLatest = latest_;
      seen = now;
    }
    const std::int64_t clock = seenLatest + std::chrono::duration_cast<std::chrono::seconds>(now - seen).count();
    lock.unlock();
    try {
      close(clock);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "[renkei] AUDIT FAILED closing frame-read windows: %s\n", e.what());
    }
    lock.lock();
  }
}

AuditEntry FrameReads::closing(const Window& w, const std::string& series) {
  AuditEntry e = w.first;
  e.at = w.lastAt;
  e.action = "dicomweb.wado.frames.window";
  e.resource = "series " + series;
  e.outcome = "allowed";
  e.detail = std::to_string(w.requests) + " frame request(s), " + std::to_string(w.bytes) + " bytes, " + hhmm(w.minute) +
             "–" + hhmm(w.minute + 1) + " JST; opened by the record of " + w.first.resource.substr(0, 200);
  return e;
}

void FrameReads::close(std::int64_t now) {
  std::vector<AuditEntry> closed;
  {
    std::lock_guard lock(mutex_);
    for (auto it = windows_.begin(); it != windows_.end();) {
      const Window& w = *it->second;
      if (w.state == -1) {
        it = windows_.erase(it);
      } else if (w.state == 1 && (now == 0 || w.minute < minuteOf(now))) {
        closed.push_back(closing(w, it->first.second));
        it = windows_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (const AuditEntry& e : closed) log_.append(e);
}

void FrameReads::record(const AuditEntry& entry, const std::string& series, std::uint64_t bytes) {
  const std::int64_t minute = minuteOf(entry.at);
  std::shared_ptr<Window> w;
  std::vector<AuditEntry> closed;
  bool opens = false;
  {
    std::unique_lock lock(mutex_);
    latest_ = std::max(latest_, entry.at);
    auto& slot = windows_[{entry.accountId, series}];
    if (slot && slot->state == 1 && slot->minute != minute) {
      closed.push_back(closing(*slot, series));  // its minute is over: closed before the next opens
      slot.reset();
    }
    if (!slot || slot->state == -1) {
      slot = std::make_shared<Window>();
      slot->minute = minute;
      slot->first = entry;
      slot->first.detail += "; opens the frame-read window of series " + series + " for " + hhmm(minute) + " JST";
      opens = true;
    }
    w = slot;
    if (!opens) {
      opened_.wait(lock, [&] { return w->state != 0; });
      if (w->state == 1) {
        ++w->requests;
        w->bytes += bytes;
        w->lastAt = std::max(w->lastAt, entry.at);
        return;
      }
      // The opening record failed: this request's own record instead.
      lock.unlock();
      log_.append(entry);
      return;
    }
  }
  int state = -1;
  try {
    for (const AuditEntry& e : closed) log_.append(e);
    log_.append(w->first);
    state = 1;
  } catch (...) {
    std::lock_guard lock(mutex_);
    w->state = -1;
    opened_.notify_all();
    throw;
  }
  std::lock_guard lock(mutex_);
  w->state = state;
  w->requests = 1;
  w->bytes = bytes;
  w->lastAt = entry.at;
  opened_.notify_all();
}

}  // namespace renkei::server
