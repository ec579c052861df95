// SPDX-License-Identifier: MIT
// ViewingVolume — what a clinic user views is counted too (R-VIEW-4, issue 19): the series opened
// and the bytes of frames and metadata sent, per person over a sliding hour. A doctor looking at a
// patient's studies with their priors opens a few dozen series; a script pulling an archive opens
// hundreds. Past either threshold no further series is opened in that hour (429 viewing_limit,
// audited, listed for the office); the series already open stay readable.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace renkei::server {

class ViewingVolume {
 public:
  ViewingVolume(int seriesPerHour, std::uint64_t bytesPerHour) : seriesPerHour_(seriesPerHour), bytesPerHour_(bytesPerHour) {}

  struct Verdict {
    bool allowed = true;
    int series = 0;            ///< series opened in the hour, this one included when allowed
    std::uint64_t bytes = 0;   ///< bytes sent in the hour
    std::int64_t retryAfter = 0;
  };

  /// Counts `bytes` of series `seriesKey` for `account` at `now`. A series already opened in the
  /// hour is always allowed; a new one only while both counts are under their thresholds.
  Verdict take(const std::string& account, const std::string& seriesKey, std::uint64_t bytes, std::int64_t now);

 private:
  struct Person {
    std::map<std::string, std::int64_t> opened;           ///< series → when first opened in the hour
    std::deque<std::pair<std::int64_t, std::uint64_t>> sent;  ///< when, bytes
    std::uint64_t bytes = 0;
  };
  int seriesPerHour_;
  std::uint64_t bytesPerHour_;
  std::mutex mutex_;
  std::map<std::string, Person> people_;
};

}  // namespace renkei::server
