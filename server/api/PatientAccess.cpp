// SPDX-License-Identifier: MIT
#include "server/api/PatientAccess.h"

#include "server/api/ErrorResponse.h"
#include "server/records/Consents.h"
#include "server/records/Patients.h"

namespace renkei::server {
namespace {

std::vector<Consent> consentsOf(Consents& store, const std::string& patientId) {
  std::vector<Consent> out;
  for (const StoredConsent& c : store.forPatient(patientId)) out.push_back(c.consent);
  return out;
}

}  // namespace

Viewer PatientAccess::viewer(const RequestContext& ctx) const { return Viewer{ctx.account->id, ctx.account->facilityId}; }

std::optional<std::vector<PatientScope>> PatientAccess::visiblePatients(RequestContext& ctx) {
  if (ctx.account->role != "clinic") return std::nullopt;
  const Viewer v = viewer(ctx);
  const Date today = Date::fromUnixSecondsJst(ctx.now);
  std::vector<PatientScope> out;
  for (const std::string& id : sv_.consents.patientsNaming(v)) {
    const auto consents = consentsOf(sv_.consents, id);
    if (ConsentScope::patient(consents, v, today) == ConsentDecision::Visible)
      out.push_back(PatientScope{id, true, ConsentScope::visibleFrom(consents, v, today), ConsentDecision::Visible});
  }
  return out;
}

PatientScope PatientAccess::open(RequestContext& ctx, const std::string& patientId, Purpose purpose) {
  // The audit record names the patient asked for, whatever the answer.
  ctx.patientId = patientId.size() <= 64 ? patientId : patientId.substr(0, 64);
  PatientScope scope{patientId, false, std::nullopt, ConsentDecision::Visible};  // unlimited: staff, office
  const std::string& role = ctx.account->role;
  if (purpose == Purpose::Clinical && role == "admin")
    throw Refusal(Error::Forbidden, "The liaison office does not see clinical data.", "clinical data: role admin");
  const bool exists = Patients::validId(patientId) && sv_.patients.find(patientId).has_value();
  if (role != "clinic") {
    if (!exists) throw Refusal(Error::UnknownPatient, "No patient with the id '" + patientId + "'.");
    return scope;
  }
  // Clinic users get the same 404 for "no such patient" and "not yours": existence must not leak.
  const Viewer v = viewer(ctx);
  const Date today = Date::fromUnixSecondsJst(ctx.now);
  const auto consents = exists ? consentsOf(sv_.consents, patientId) : std::vector<Consent>{};
  scope.limited = true;
  scope.decision = ConsentScope::patient(consents, v, today);
  if (scope.decision != ConsentDecision::Visible)
    throw Refusal(Error::UnknownPatient, "No patient with the id '" + patientId + "'.",
                   std::string("consent: ") + (exists ? toString(scope.decision) : "no such patient"));
  scope.visibleFrom = ConsentScope::visibleFrom(consents, v, today);
  if (!scope.visibleFrom) throw std::logic_error("a visible patient without a look-back start");  // never: fail closed
  return scope;
}

void PatientAccess::requireItem(RequestContext& ctx, const PatientScope& scope, Date itemDate) {
  if (!scope.limited) return;
  const Viewer v = viewer(ctx);
  const auto consents = consentsOf(sv_.consents, scope.patientId);
  const ConsentDecision d = ConsentScope::item(consents, v, itemDate, Date::fromUnixSecondsJst(ctx.now));
  if (d == ConsentDecision::Visible) return;
  if (d == ConsentDecision::BeforeLookBack)
    // The message names no date: a walk over item ids must not reveal what exists before the period.
    throw Refusal(Error::OutsideConsentPeriod, "This item is dated before the period the patient's consent covers.",
                   std::string("consent: before-look-back ") + itemDate.iso());
  // Only when the consent ended between open() and here (a withdrawal in between): the patient is
  // outside the consents now, and answered as open() answers that.
  throw Refusal(Error::UnknownPatient, "No patient with the id '" + scope.patientId + "'.",
                 std::string("consent: ") + toString(d));
}

}  // namespace renkei::server
