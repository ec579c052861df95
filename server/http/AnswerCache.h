// SPDX-License-Identifier: MIT
// AnswerCache — answers (or parts of them) already built, kept in memory by a key that names
// everything they follow from, so that a key never stands for two different answers: nothing is
// ever invalidated, old keys just stop being asked for. Least recently used entries go first past
// the byte budget. Users: WADO-RS metadata by stored file (a stored file never changes), a patient's
// lab table by its reports (they are never changed, only added). Who may read what is checked
// before (PatientAccess), never by the cache.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace renkei::server {

class AnswerCache {
 public:
  explicit AnswerCache(std::size_t budgetBytes) : budget_(budgetBytes) {}

  /// The answer kept for `key`, or null.
  std::shared_ptr<const std::string> find(const std::string& key);
  /// Keeps `answer` for `key` (nothing when it alone exceeds the budget).
  void keep(const std::string& key, std::shared_ptr<const std::string> answer);

  std::size_t bytes() const;

 private:
  using Order = std::list<std::string>;  ///< most recently used first
  struct Entry {
    std::shared_ptr<const std::string> json;
    Order::iterator position;
  };
  const std::size_t budget_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  Order order_;
  std::size_t bytes_ = 0;
};

}  // namespace renkei::server
