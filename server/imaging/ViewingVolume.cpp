// SPDX-License-Identifier: MIT
#include "server/imaging/ViewingVolume.h"

#include <algorithm>

namespace renkei::server {

ViewingVolume::Verdict ViewingVolume::take(const std::string& account, const std::string& seriesKey, std::uint64_t bytes,
                                           std::int64_t now) {
  std::lock_guard lock(mutex_);
  Person& p = people_[account];
  const std::int64_t hourAgo = now - 3600;
  while (!p.sent.empty() && p.sent.front().first <= hourAgo) {
    p.bytes -= p.sent.front().second;
    p.sent.pop_front();
  }
  std::int64_t oldest = now;
  for (auto it = p.opened.begin(); it != p.opened.end();) {
    if (it->second <= hourAgo) {
      it = p.opened.erase(it);
    } else {
      oldest = std::min(oldest, it->second);
      ++it;
    }
  }
  Verdict v;
  const bool known = p.opened.count(seriesKey) > 0;
  if (!known && (static_cast<int>(p.opened.size()) >= seriesPerHour_ || p.bytes >= bytesPerHour_)) {
    v.allowed = false;
    v.series = static_cast<int>(p.opened.size());
    v.bytes = p.bytes;
    const std::int64_t bytesFree = p.sent.empty() ? now : p.sent.front().first;
    v.retryAfter = std::max<std::int64_t>(1, std::min(oldest, bytesFree) + 3600 - now);
    return v;
  }
  if (!known) p.opened[seriesKey] = now;
  p.sent.emplace_back(now, bytes);
  p.bytes += bytes;
  v.series = static_cast<int>(p.opened.size());
  v.bytes = p.bytes;
  return v;
}

}  // namespace renkei::server
