// SPDX-License-Identifier: MIT
#include "core/session/IdleTimeout.h"

#include <algorithm>
#include <cmath>

namespace renkei {

int warningLead(int idleSeconds) { return idleSeconds <= 0 ? 0 : std::min(60, idleSeconds / 4); }

IdleState idleState(double idleFor, int idleSeconds) {
  if (idleSeconds <= 0) return {};
  const double left = static_cast<double>(idleSeconds) - std::max(0.0, idleFor);
  if (left <= 0.0) return {IdleState::Phase::Expired, 0};
  const int whole = static_cast<int>(std::ceil(left));
  return {whole <= warningLead(idleSeconds) ? IdleState::Phase::Warning : IdleState::Phase::Active, whole};
}

}  // namespace renkei
