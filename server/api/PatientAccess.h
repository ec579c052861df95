// SPDX-License-Identifier: MIT
// PatientAccess — the one place where the server decides whose patient data a request may see
// (R-CON-2..4). Every endpoint that returns patient data — lists and searches, the patient page,
// labs, documents, and later images, frames, messages, bookings — goes through it:
//
//   visiblePatients()  which patients a list may contain;
//   open()             one patient: 404 when the patient is outside every consent (existence must
//                      not leak), and the patient id goes into the request's audit record;
//   requireItem()      one dated item asked for directly: 403 when it lies before the look-back;
//   PatientScope       the first visible clinical date, for list queries ("WHERE date >= …").
//
// The decisions are core::ConsentScope's; this class only gathers the consents and maps the
// answers to HTTP. Clinic users are limited by consent; hospital staff see every patient; the
// liaison office sees every patient's identity and consents but no clinical data (it runs the
// network, it does not treat patients).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/consent/ConsentScope.h"
#include "server/api/Api.h"

namespace renkei::server {

enum class Purpose {
  Identity,  ///< who the patient is and their consents (lists, the page header, consent records)
  Clinical,  ///< results, reports, documents, images
};

struct PatientScope {
  std::string patientId;
  bool limited = true;              ///< clinic users: only data from `visibleFrom` on (fails closed)
  std::optional<Date> visibleFrom;  ///< set when `limited`
  ConsentDecision decision = ConsentDecision::Visible;
  /// Is an item of this clinical date inside the scope? (For filtering lists; a direct request
  /// goes through PatientAccess::requireItem, which also audits.)
  bool covers(Date d) const { return !limited || (visibleFrom && d >= *visibleFrom); }
};

class PatientAccess {
 public:
  explicit PatientAccess(Services& sv) : sv_(sv) {}

  /// The patients the request's account may list today with their scopes, or nullopt for "every
  /// patient, unlimited" (hospital staff and the office).
  std::optional<std::vector<PatientScope>> visiblePatients(RequestContext& ctx);

  /// Opens one patient for `purpose`; throws Refusal (unknown_patient, forbidden). Records the patient in the audit.
  PatientScope open(RequestContext& ctx, const std::string& patientId, Purpose purpose);

  /// A dated item of an opened patient, asked for directly; throws Refusal outside_consent_period when outside, unknown_patient
  /// `unknown_patient` when the consent ended since open() (callers map it as they map open()'s).
  void requireItem(RequestContext& ctx, const PatientScope& scope, Date itemDate);

 private:
  Viewer viewer(const RequestContext& ctx) const;
  Services& sv_;
};

}  // namespace renkei::server
