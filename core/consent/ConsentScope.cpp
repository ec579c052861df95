// SPDX-License-Identifier: MIT
#include "core/consent/ConsentScope.h"

namespace renkei {
namespace {

// When several consents disagree, report the most useful reason: Visible wins, then "in scope but
// too old" (the patient is visible), then the states of a consent that names the viewer, and
// NotGranted only when no consent names them at all.
int rank(ConsentDecision d) {
  switch (d) {
    case ConsentDecision::Visible: return 0;
    case ConsentDecision::BeforeLookBack: return 1;
    case ConsentDecision::Withdrawn: return 2;
    case ConsentDecision::NotYetValid: return 3;
    case ConsentDecision::NotGranted: return 4;
  }
  return 4;
}

ConsentDecision inForce(const Consent& c, Date today) {
  if (today < c.signedOn) return ConsentDecision::NotYetValid;
  if (c.withdrawnOn && *c.withdrawnOn <= today) return ConsentDecision::Withdrawn;
  return ConsentDecision::Visible;
}

}  // namespace

const char* toString(ConsentDecision d) {
  switch (d) {
    case ConsentDecision::Visible: return "visible";
    case ConsentDecision::BeforeLookBack: return "before-look-back";
    case ConsentDecision::NotYetValid: return "not-yet-valid";
    case ConsentDecision::Withdrawn: return "withdrawn";
    case ConsentDecision::NotGranted: return "not-granted";
  }
  return "not-granted";
}

bool ConsentScope::names(const Consent& c, const Viewer& v) {
  if (c.granteeId.empty()) return false;
  return c.grantee == ConsentGrantee::Clinic ? c.granteeId == v.facilityId : c.granteeId == v.userId;
}

ConsentDecision ConsentScope::judge(const Consent& c, const Viewer& v, Date itemDate, Date today) {
  if (!names(c, v)) return ConsentDecision::NotGranted;
  if (const auto state = inForce(c, today); state != ConsentDecision::Visible) return state;
  return itemDate < lookBackStart(c.signedOn) ? ConsentDecision::BeforeLookBack : ConsentDecision::Visible;
}

ConsentDecision ConsentScope::item(std::span<const Consent> consents, const Viewer& v, Date itemDate, Date today) {
  ConsentDecision best = ConsentDecision::NotGranted;
  for (const Consent& c : consents) {
    const ConsentDecision d = judge(c, v, itemDate, today);
    if (rank(d) < rank(best)) best = d;
  }
  return best;
}

ConsentDecision ConsentScope::patient(std::span<const Consent> consents, const Viewer& v, Date today) {
  ConsentDecision best = ConsentDecision::NotGranted;
  for (const Consent& c : consents) {
    const ConsentDecision d = names(c, v) ? inForce(c, today) : ConsentDecision::NotGranted;
    if (rank(d) < rank(best)) best = d;
  }
  return best;
}

std::optional<Date> ConsentScope::visibleFrom(std::span<const Consent> consents, const Viewer& v, Date today) {
  std::optional<Date> from;
  for (const Consent& c : consents) {
    if (!names(c, v) || inForce(c, today) != ConsentDecision::Visible) continue;
    const Date start = lookBackStart(c.signedOn);
    if (!from || start < *from) from = start;
  }
  return from;
}

}  // namespace renkei
