// SPDX-License-Identifier: MIT
// FrameReads — frame reads audited by the window (issue 13 §1, R-AUD-1): a viewer scrolling a CT
// asks for hundreds of frames a minute, each an access to the same series by the same person. The
// first allowed frame read of a user in a series in a minute (JST clock minute, the request's time)
// writes the window's opening record — a normal audit record of that request — and is answered only
// once it is committed; every later one in the same window waits for that same commit and is
// counted. When the minute is over, one closing record says how many frame requests and bytes the
// window had (action "dicomweb.wado.frames.window"). Windows are closed by the next request after
// their minute, by a sweep every few seconds, and at shutdown; a crash loses at most the counts of
// the open windows, never the opening records. Denied frame reads are each audited on their own.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server/audit/AuditLog.h"

namespace renkei::server {

class FrameReads {
 public:
  explicit FrameReads(AuditLog& log);
  ~FrameReads();  ///< closes every window
  FrameReads(const FrameReads&) = delete;
  FrameReads& operator=(const FrameReads&) = delete;

  /// Audits one allowed frame request of `series` (`entry` is its record, `bytes` the answer's size):
  /// appends `entry` when it opens a window, else counts it. Returns once the window's opening
  /// record is committed; throws when it could not be (the request must then not be answered).
  void record(const AuditEntry& entry, const std::string& series, std::uint64_t bytes);
  /// Appends the closing records of every window whose minute ended before `now` (all when
  /// `now` is 0).
  void close(std::int64_t now);

 private:
  struct Window {
    std::int64_t minute = 0;
    std::int64_t requests = 0, lastAt = 0;
    std::uint64_t bytes = 0;
    AuditEntry first;        ///< the opening record (for the closing one's fields)
    int state = 0;           ///< 0 opening, 1 open (committed), -1 failed
  };
  static AuditEntry closing(const Window& w, const std::string& series);
  void sweep();

  AuditLog& log_;
  std::mutex mutex_;
  std::condition_variable opened_;
  std::map<std::pair<std::string, std::string>, std::shared_ptr<Window>> windows_;  ///< (account, series)
  std::int64_t latest_ = 0;  ///< the latest request time seen (the sweep's clock: test mode sets request times)
  bool stopping_ = false;
  std::condition_variable wake_;
  std::thread sweeper_;
};

}  // namespace renkei::server
