// SPDX-License-Identifier: MIT
// The app's request scheduling (platform/RequestQueue): bounded in flight, best priority first,
// first come first served among equals, cancellation while queued or in flight.
#include <catch2/catch.hpp>

#include "wasm-app/platform/RequestQueue.h"

using namespace renkei::app;

namespace {
HttpRequest get(const std::string& path, int priority = 0) {
  HttpRequest r;
  r.path = path;
  r.priority = priority;
  return r;
}
std::vector<std::string> paths(const std::vector<std::pair<RequestId, HttpRequest>>& ready) {
  std::vector<std::string> out;
  for (const auto& [id, r] : ready) out.push_back(r.path);
  return out;
}
}  // namespace

TEST_CASE("request queue: at most N in flight, the rest wait in arrival order") {
  RequestQueue q(2);
  const RequestId a = q.add(get("/a")), b = q.add(get("/b"));
  q.add(get("/c"));
  CHECK(paths(q.takeReady()) == std::vector<std::string>{"/a", "/b"});
  CHECK(q.takeReady().empty());  // both places taken
  CHECK(q.inFlight() == 2);
  CHECK(q.queued() == 1);
  CHECK(q.finish(b));
  CHECK(paths(q.takeReady()) == std::vector<std::string>{"/c"});
  CHECK(q.finish(a));
  CHECK_FALSE(q.finish(a));  // answered once only
}

TEST_CASE("request queue: the best priority first, ties by arrival (the frame under the cursor first)") {
  RequestQueue q(1);
  q.add(get("/frames/1", 1));
  const RequestId f2 = q.add(get("/frames/2", 1));
  q.add(get("/frames/3", 5));
  q.add(get("/frames/4", 5));
  CHECK(paths(q.takeReady()) == std::vector<std::string>{"/frames/3"});
  q.finish(3);
  CHECK(q.setPriority(f2, 9));
  CHECK(paths(q.takeReady()) == std::vector<std::string>{"/frames/2"});
  CHECK_FALSE(q.setPriority(f2, 0));  // in flight: too late to move
  q.finish(f2);
  CHECK(paths(q.takeReady()) == std::vector<std::string>{"/frames/4"});
  q.finish(4);
  CHECK(paths(q.takeReady()) == std::vector<std::string>{"/frames/1"});
}

TEST_CASE("request queue: a cancelled request is never sent, or its answer is dropped") {
  RequestQueue q(1);
  const RequestId a = q.add(get("/a")), b = q.add(get("/b"));
  CHECK(paths(q.takeReady()) == std::vector<std::string>{"/a"});
  CHECK(q.cancel(b));  // queued: gone
  CHECK(q.queued() == 0);
  CHECK(q.cancel(a));  // in flight: its answer will be dropped
  CHECK_FALSE(q.cancel(a));
  CHECK_FALSE(q.finish(a));  // not wanted
  CHECK(q.inFlight() == 0);
  CHECK_FALSE(q.cancel(12345));
  CHECK(q.takeReady().empty());
}
