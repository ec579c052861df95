// SPDX-License-Identifier: MIT
// core::idleState — when the app warns before the idle log-out, and when it gives up (R-SES-1).
#include <catch2/catch.hpp>

#include "core/session/IdleTimeout.h"

using renkei::IdleState;
using renkei::idleState;
using renkei::warningLead;

TEST_CASE("the warning starts one minute before a 15-minute idle limit", "[session][R-SES-1]") {
  CHECK(warningLead(900) == 60);
  CHECK(idleState(0, 900).phase == IdleState::Phase::Active);
  CHECK(idleState(0, 900).secondsLeft == 900);
  CHECK(idleState(839.5, 900).phase == IdleState::Phase::Active);
  CHECK(idleState(839.5, 900).secondsLeft == 61);  // rounded up: never claims less time than there is
  CHECK(idleState(840, 900).phase == IdleState::Phase::Warning);
  CHECK(idleState(840, 900).secondsLeft == 60);
  CHECK(idleState(899.9, 900).phase == IdleState::Phase::Warning);
  CHECK(idleState(899.9, 900).secondsLeft == 1);
  CHECK(idleState(900, 900).phase == IdleState::Phase::Expired);
  CHECK(idleState(900, 900).secondsLeft == 0);
  CHECK(idleState(5000, 900).phase == IdleState::Phase::Expired);
}

TEST_CASE("short limits warn for a quarter of the limit, odd inputs are safe", "[session][R-SES-1]") {
  CHECK(warningLead(60) == 15);
  CHECK(idleState(44, 60).phase == IdleState::Phase::Active);
  CHECK(idleState(45, 60).phase == IdleState::Phase::Warning);
  CHECK(warningLead(240) == 60);
  CHECK(warningLead(3) == 0);  // too short to warn: straight from Active to Expired
  CHECK(idleState(2.5, 3).phase == IdleState::Phase::Active);
  CHECK(idleState(-30, 900).secondsLeft == 900);  // a clock set back counts as no time passed
  CHECK(idleState(1e9, 0).phase == IdleState::Phase::Active);  // no limit
}
