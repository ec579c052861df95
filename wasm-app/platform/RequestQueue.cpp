// SPDX-License-Identifier: MIT
#include "wasm-app/platform/RequestQueue.h"

#include <algorithm>

namespace renkei::app {

RequestId RequestQueue::add(HttpRequest request) {
  const RequestId id = next_++;
  queue_.push_back(Queued{id, std::move(request)});
  return id;
}

bool RequestQueue::cancel(RequestId id) {
  const auto q = std::find_if(queue_.begin(), queue_.end(), [id](const Queued& x) { return x.id == id; });
  if (q != queue_.end()) {
    queue_.erase(q);
    return true;
  }
  const auto f = std::find_if(inFlight_.begin(), inFlight_.end(), [id](const auto& x) { return x.first == id; });
  if (f == inFlight_.end() || f->second) return false;
  f->second = true;
  return true;
}

bool RequestQueue::setPriority(RequestId id, int priority) {
  const auto q = std::find_if(queue_.begin(), queue_.end(), [id](const Queued& x) { return x.id == id; });
  if (q == queue_.end()) return false;
  q->request.priority = priority;
  return true;
}

std::vector<std::pair<RequestId, HttpRequest>> RequestQueue::takeReady() {
  std::vector<std::pair<RequestId, HttpRequest>> ready;
  while (!queue_.empty() && static_cast<int>(inFlight_.size()) < maxInFlight_) {
    // The best priority; the earliest among equals (the queue is in arrival order).
    const auto best = std::max_element(queue_.begin(), queue_.end(), [](const Queued& a, const Queued& b) {
      return a.request.priority < b.request.priority;
    });
    inFlight_.emplace_back(best->id, false);
    ready.emplace_back(best->id, std::move(best->request));
    queue_.erase(best);
  }
  return ready;
}

bool RequestQueue::finish(RequestId id) {
  const auto f = std::find_if(inFlight_.begin(), inFlight_.end(), [id](const auto& x) { return x.first == id; });
  if (f == inFlight_.end()) return false;
  const bool wanted = !f->second;
  inFlight_.erase(f);
  return wanted;
}

}  // namespace renkei::app
