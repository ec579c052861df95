// SPDX-License-Identifier: MIT
// DownloadLimit — purpose limitation for clinic users (R-VIEW-4 目的外利用の禁止): instances and
// rendered pictures taken out of the system are counted per person over a sliding hour; past the
// limit the next one is refused (429, audited) until the oldest falls out of the hour. Viewing —
// metadata and frames for the viewer — is not a download and is not counted.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace renkei::server {

class DownloadLimit {
 public:
  explicit DownloadLimit(int perHour) : perHour_(perHour) {}

  /// Counts one download for `account` at `now`; 0 when allowed, else the seconds until one is.
  std::int64_t take(const std::string& account, std::int64_t now) {
    std::lock_guard lock(mutex_);
    std::deque<std::int64_t>& times = taken_[account];
    while (!times.empty() && times.front() <= now - 3600) times.pop_front();
    if (static_cast<int>(times.size()) >= perHour_) return times.front() + 3600 - now;
    times.push_back(now);
    return 0;
  }

 private:
  int perHour_;
  std::mutex mutex_;
  std::map<std::string, std::deque<std::int64_t>> taken_;
};

}  // namespace renkei::server
