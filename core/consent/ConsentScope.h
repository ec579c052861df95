// SPDX-License-Identifier: MIT
// ConsentScope — which of a patient's data a clinic user may see (R-CON-2, R-CON-3, R-CON-4).
//
// The rule from the original service: a clinic doctor sees a patient's hospital data only while a
// consent naming them (or their clinic) is in force, and only data dated from one year before the
// consent date onward ("同意書取得時から1年前までのデータが閲覧可能").
//
// Exactly this file decides; the server calls it on every read and the app calls it only to show
// what the server will decide. Dates are hospital-local (JST) calendar dates.
//
//  - The look-back start is the consent date minus one calendar year (Date::plusYears): a consent of
//    2024-02-29 looks back to 2023-02-28. An item dated exactly on the look-back start is visible.
//  - A consent is in force from its signing date (not before: a form dated tomorrow grants nothing
//    today) until its withdrawal date; on the withdrawal date itself access has ended.
//  - Several consents may exist for one patient (other clinics, re-consent after a withdrawal).
//    Each is judged alone; an item is visible when any consent in force for this viewer covers it.
//    A withdrawn consent's period is not revived by a later consent: the later one has its own
//    look-back from its own date.
//  - Items dated after the consent date stay visible while the consent is in force (results keep
//    arriving; R-DATA-4).
#pragma once

#include <optional>
#include <span>
#include <string>

#include "core/time/Date.h"

namespace renkei {

/// Whom a consent form names.
enum class ConsentGrantee { Clinic, Doctor };

struct Consent {
  Date signedOn;                    ///< date written on the signed form
  std::optional<Date> withdrawnOn;  ///< access ends at the start of this date
  ConsentGrantee grantee = ConsentGrantee::Clinic;
  std::string granteeId;            ///< facility id (Clinic) or user id (Doctor)
};

/// The person asking. Only clinic users are limited by consent; the server does not ask
/// ConsentScope for hospital staff or the liaison office.
struct Viewer {
  std::string userId;
  std::string facilityId;
};

/// Why something is or is not visible. The server maps these to HTTP: NotGranted, NotYetValid and
/// Withdrawn → 404 (the patient's existence must not leak), BeforeLookBack → 403 when the item was
/// asked for directly, filtered out of lists otherwise.
enum class ConsentDecision {
  Visible,
  BeforeLookBack,  ///< patient in scope, item older than one year before the consent date
  NotYetValid,     ///< the consent's date lies after today
  Withdrawn,       ///< the consent was withdrawn on or before today
  NotGranted,      ///< no consent names this viewer or their clinic
};

const char* toString(ConsentDecision d);

class ConsentScope {
 public:
  static constexpr int kLookBackYears = 1;

  /// The first visible clinical date under a consent signed on `signedOn`.
  static Date lookBackStart(Date signedOn) { return signedOn.plusYears(-kLookBackYears); }

  /// Does `consent` name `viewer` (directly or through their clinic)?
  static bool names(const Consent& consent, const Viewer& viewer);

  /// May `viewer` see the patient at all today (the patient list, the patient's header)?
  static ConsentDecision patient(std::span<const Consent> consents, const Viewer& viewer, Date today);

  /// May `viewer` see an item of clinical date `itemDate` today?
  static ConsentDecision item(std::span<const Consent> consents, const Viewer& viewer, Date itemDate,
                              Date today);

  /// The earliest clinical date visible today (for list queries: "WHERE date >= …"), or nullopt
  /// when the patient is not visible at all.
  static std::optional<Date> visibleFrom(std::span<const Consent> consents, const Viewer& viewer,
                                         Date today);

  /// One consent alone.
  static ConsentDecision judge(const Consent& consent, const Viewer& viewer, Date itemDate, Date today);
};

}  // namespace renkei
