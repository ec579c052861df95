// SPDX-License-Identifier: MIT
// R-CON-2 (one-year look-back), R-CON-3 (withdrawal ends access at once), R-CON-4 (one rule).
#include <catch2/catch.hpp>

#include <vector>

#include "core/consent/ConsentScope.h"

using namespace renkei;

namespace {
Date ymd(int y, int m, int d) { return *Date::fromYmd(y, m, d); }

const Viewer kDoctorA{"u-tanaka", "f-clinic-a"};
const Viewer kColleagueA{"u-sato", "f-clinic-a"};
const Viewer kDoctorB{"u-suzuki", "f-clinic-b"};

Consent clinicConsent(Date signedOn, std::optional<Date> withdrawn = std::nullopt) {
  return Consent{signedOn, withdrawn, ConsentGrantee::Clinic, "f-clinic-a"};
}
}  // namespace

TEST_CASE("look-back is one calendar year before the consent date, boundary included", "[consent][R-CON-2]") {
  const std::vector<Consent> cs{clinicConsent(ymd(2026, 6, 15))};
  const Date today = ymd(2026, 11, 25);
  CHECK(ConsentScope::item(cs, kDoctorA, ymd(2025, 6, 15), today) == ConsentDecision::Visible);
  CHECK(ConsentScope::item(cs, kDoctorA, ymd(2025, 6, 14), today) == ConsentDecision::BeforeLookBack);
  CHECK(ConsentScope::item(cs, kDoctorA, ymd(2026, 6, 15), today) == ConsentDecision::Visible);
  CHECK(ConsentScope::item(cs, kDoctorA, ymd(2026, 11, 24), today) == ConsentDecision::Visible);
  CHECK(ConsentScope::item(cs, kDoctorA, ymd(2010, 1, 1), today) == ConsentDecision::BeforeLookBack);
  CHECK(ConsentScope::visibleFrom(cs, kDoctorA, today) == ymd(2025, 6, 15));
}

TEST_CASE("a consent signed on 29 February looks back to 28 February", "[consent][R-CON-2]") {
  const std::vector<Consent> cs{clinicConsent(ymd(2024, 2, 29))};
  const Date today = ymd(2024, 3, 1);
  CHECK(ConsentScope::lookBackStart(ymd(2024, 2, 29)) == ymd(2023, 2, 28));
  CHECK(ConsentScope::item(cs, kDoctorA, ymd(2023, 2, 28), today) == ConsentDecision::Visible);
  CHECK(ConsentScope::item(cs, kDoctorA, ymd(2023, 2, 27), today) == ConsentDecision::BeforeLookBack);
  // And a consent on 1 March 2025 looks back to 1 March 2024, so 29 Feb 2024 is outside.
  const std::vector<Consent> march{clinicConsent(ymd(2025, 3, 1))};
  CHECK(ConsentScope::item(march, kDoctorA, ymd(2024, 2, 29), ymd(2025, 3, 1)) == ConsentDecision::BeforeLookBack);
  CHECK(ConsentScope::item(march, kDoctorA, ymd(2024, 3, 1), ymd(2025, 3, 1)) == ConsentDecision::Visible);
}

TEST_CASE("a clinic consent covers every doctor of that clinic, a doctor consent only the doctor", "[consent][R-CON-2]") {
  const Date today = ymd(2026, 11, 25), item = ymd(2026, 10, 1);
  const std::vector<Consent> clinic{clinicConsent(ymd(2026, 1, 10))};
  CHECK(ConsentScope::item(clinic, kDoctorA, item, today) == ConsentDecision::Visible);
  CHECK(ConsentScope::item(clinic, kColleagueA, item, today) == ConsentDecision::Visible);
  CHECK(ConsentScope::item(clinic, kDoctorB, item, today) == ConsentDecision::NotGranted);

  const std::vector<Consent> doctor{Consent{ymd(2026, 1, 10), std::nullopt, ConsentGrantee::Doctor, "u-tanaka"}};
  CHECK(ConsentScope::item(doctor, kDoctorA, item, today) == ConsentDecision::Visible);
  CHECK(ConsentScope::item(doctor, kColleagueA, item, today) == ConsentDecision::NotGranted);
  CHECK(ConsentScope::patient(doctor, kColleagueA, today) == ConsentDecision::NotGranted);

  // A consent without a named grantee names nobody (defensive: never "everyone").
  const std::vector<Consent> nobody{Consent{ymd(2026, 1, 10), std::nullopt, ConsentGrantee::Clinic, ""}};
  CHECK(ConsentScope::patient(nobody, Viewer{"", ""}, today) == ConsentDecision::NotGranted);
}

TEST_CASE("no consent, no access", "[consent][R-CON-2]") {
  const std::vector<Consent> none;
  CHECK(ConsentScope::patient(none, kDoctorA, ymd(2026, 11, 25)) == ConsentDecision::NotGranted);
  CHECK(ConsentScope::item(none, kDoctorA, ymd(2026, 11, 1), ymd(2026, 11, 25)) == ConsentDecision::NotGranted);
  CHECK_FALSE(ConsentScope::visibleFrom(none, kDoctorA, ymd(2026, 11, 25)));
}

TEST_CASE("a consent is in force from its date, not before", "[consent][R-CON-2]") {
  const std::vector<Consent> cs{clinicConsent(ymd(2026, 12, 1))};
  CHECK(ConsentScope::patient(cs, kDoctorA, ymd(2026, 11, 30)) == ConsentDecision::NotYetValid);
  CHECK(ConsentScope::patient(cs, kDoctorA, ymd(2026, 12, 1)) == ConsentDecision::Visible);
  CHECK(ConsentScope::item(cs, kDoctorA, ymd(2026, 6, 1), ymd(2026, 11, 30)) == ConsentDecision::NotYetValid);
}

TEST_CASE("withdrawal ends access on its date, whatever the item's date", "[consent][R-CON-3]") {
  const std::vector<Consent> cs{clinicConsent(ymd(2026, 1, 10), ymd(2026, 11, 25))};
  CHECK(ConsentScope::patient(cs, kDoctorA, ymd(2026, 11, 24)) == ConsentDecision::Visible);
  CHECK(ConsentScope::patient(cs, kDoctorA, ymd(2026, 11, 25)) == ConsentDecision::Withdrawn);
  CHECK(ConsentScope::item(cs, kDoctorA, ymd(2026, 5, 1), ymd(2026, 11, 25)) == ConsentDecision::Withdrawn);
  CHECK(ConsentScope::item(cs, kDoctorA, ymd(2026, 5, 1), ymd(2027, 1, 1)) == ConsentDecision::Withdrawn);
  CHECK_FALSE(ConsentScope::visibleFrom(cs, kDoctorA, ymd(2026, 11, 25)));
}

TEST_CASE("a new consent after a withdrawal has its own look-back", "[consent][R-CON-2][R-CON-3]") {
  const std::vector<Consent> cs{clinicConsent(ymd(2020, 4, 1), ymd(2022, 4, 1)), clinicConsent(ymd(2026, 6, 1))};
  const Date today = ymd(2026, 11, 25);
  CHECK(ConsentScope::patient(cs, kDoctorA, today) == ConsentDecision::Visible);
  CHECK(ConsentScope::item(cs, kDoctorA, ymd(2025, 6, 1), today) == ConsentDecision::Visible);
  // Covered by the withdrawn consent once, but not by the current one.
  CHECK(ConsentScope::item(cs, kDoctorA, ymd(2021, 1, 1), today) == ConsentDecision::BeforeLookBack);
  CHECK(ConsentScope::visibleFrom(cs, kDoctorA, today) == ymd(2025, 6, 1));
}

TEST_CASE("several consents: the widest in-force scope for this viewer wins", "[consent][R-CON-2]") {
  const std::vector<Consent> cs{
      Consent{ymd(2026, 9, 1), std::nullopt, ConsentGrantee::Doctor, "u-tanaka"},
      clinicConsent(ymd(2025, 3, 1)),
      Consent{ymd(2020, 1, 1), std::nullopt, ConsentGrantee::Clinic, "f-clinic-b"}};
  const Date today = ymd(2026, 11, 25);
  CHECK(ConsentScope::visibleFrom(cs, kDoctorA, today) == ymd(2024, 3, 1));
  CHECK(ConsentScope::visibleFrom(cs, kDoctorB, today) == ymd(2019, 1, 1));
  CHECK(ConsentScope::item(cs, kDoctorA, ymd(2024, 2, 29), today) == ConsentDecision::BeforeLookBack);
  CHECK(ConsentScope::item(cs, kDoctorB, ymd(2024, 2, 29), today) == ConsentDecision::Visible);
}

TEST_CASE("judge agrees with visibleFrom on every day around the boundaries", "[consent][R-CON-4]") {
  // The list query (visibleFrom) and the direct check (item) are two faces of one rule: they must
  // agree for every item date, or a list could show what a direct request refuses.
  const std::vector<Consent> cs{clinicConsent(ymd(2024, 2, 29), ymd(2026, 12, 31)), clinicConsent(ymd(2019, 5, 5), ymd(2020, 5, 5))};
  for (Date today = ymd(2024, 2, 20); today < ymd(2027, 1, 10); today = today.plusDays(7)) {
    const auto from = ConsentScope::visibleFrom(cs, kDoctorA, today);
    for (Date item = ymd(2018, 1, 1); item < ymd(2027, 1, 1); item = item.plusDays(3)) {
      const bool visible = ConsentScope::item(cs, kDoctorA, item, today) == ConsentDecision::Visible;
      REQUIRE(visible == (from.has_value() && item >= *from));
    }
  }
}

TEST_CASE("decisions have stable names", "[consent]") {
  CHECK(std::string(toString(ConsentDecision::Visible)) == "visible");
  CHECK(std::string(toString(ConsentDecision::BeforeLookBack)) == "before-look-back");
  CHECK(std::string(toString(ConsentDecision::Withdrawn)) == "withdrawn");
  CHECK(std::string(toString(ConsentDecision::NotYetValid)) == "not-yet-valid");
  CHECK(std::string(toString(ConsentDecision::NotGranted)) == "not-granted");
}
