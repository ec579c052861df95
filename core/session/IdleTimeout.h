// SPDX-License-Identifier: MIT
// IdleTimeout — what the app shows as a session nears its idle limit (R-SES-1: "idle timeout logs
// out automatically; the app warns shortly before").
//
// The server ends a session `idleSeconds` after its last request; the app knows when it last sent
// one, so it can tell the user in time. The warning starts warningLead() before the end: one
// minute, or a quarter of the limit when that is shorter (a 1-minute test limit warns 15 s
// before). At the limit the app returns to the log-in screen on its own.
#pragma once

namespace renkei {

struct IdleState {
  enum class Phase { Active, Warning, Expired } phase = Phase::Active;
  int secondsLeft = 0;  ///< whole seconds until the server ends the session (rounded up); 0 when Expired
};

/// Seconds before the end at which the warning starts, for an idle limit of `idleSeconds`.
int warningLead(int idleSeconds);

/// The state after `idleFor` seconds without a request, for an idle limit of `idleSeconds`.
/// A negative idleFor (a clock set back) counts as 0; an idleSeconds ≤ 0 means "no limit".
IdleState idleState(double idleFor, int idleSeconds);

}  // namespace renkei
