// SPDX-License-Identifier: MIT
#include "server/http/AnswerCache.h"

namespace renkei::server {

std::shared_ptr<const std::string> AnswerCache::find(const std::string& file) {
  std::lock_guard lock(mutex_);
  const auto it = entries_.find(file);
  if (it == entries_.end()) return nullptr;
  order_.splice(order_.begin(), order_, it->second.position);
  return it->second.json;
}

void AnswerCache::keep(const std::string& file, std::shared_ptr<const std::string> json) {
  const std::size_t size = json->size() + file.size();
  if (size > budget_) return;
  std::lock_guard lock(mutex_);
  if (const auto it = entries_.find(file); it != entries_.end()) {
    order_.splice(order_.begin(), order_, it->second.position);
    return;
  }
  order_.push_front(file);
  entries_.emplace(file, Entry{std::move(json), order_.begin()});
  bytes_ += size;
  while (bytes_ > budget_ && !order_.empty()) {
    const auto last = entries_.find(order_.back());
    bytes_ -= last->second.json->size() + last->first.size();
    entries_.erase(last);
    order_.pop_back();
  }
}

std::size_t AnswerCache::bytes() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

}  // namespace renkei::server
