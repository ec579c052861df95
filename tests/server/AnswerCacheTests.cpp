// SPDX-License-Identifier: MIT
// AnswerCache: kept by key, least recently used first out past the byte budget.
#include <catch2/catch.hpp>

#include "server/http/AnswerCache.h"

using renkei::server::AnswerCache;

namespace {
std::shared_ptr<const std::string> text(std::size_t n, char c) { return std::make_shared<const std::string>(n, c); }
}  // namespace

TEST_CASE("issue 13: the answer cache keeps within its budget, the least recently used going first", "[server][cache]") {
  AnswerCache cache(1000);
  cache.keep("a", text(300, 'a'));
  cache.keep("b", text(300, 'b'));
  cache.keep("c", text(300, 'c'));
  REQUIRE(cache.find("a"));
  CHECK(*cache.find("a") == std::string(300, 'a'));  // "a" is now the most recently used
  cache.keep("d", text(300, 'd'));                    // over 1000 bytes: "b" goes
  CHECK(!cache.find("b"));
  CHECK(cache.find("a"));
  CHECK(cache.find("c"));
  CHECK(cache.find("d"));
  CHECK(cache.bytes() <= 1000);
  cache.keep("huge", text(2000, 'h'));  // larger than the budget: not kept, nothing pushed out
  CHECK(!cache.find("huge"));
  CHECK(cache.find("a"));
  cache.keep("a", text(10, 'x'));  // a key stands for one answer: the first stays
  CHECK(*cache.find("a") == std::string(300, 'a'));
}
