// SPDX-License-Identifier: MIT
// The error catalogue (core/errors/Error.h): one stable code per refusal, a text in both languages.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "core/errors/Error.h"

using namespace renkei;

TEST_CASE("error catalogue: every entry has a unique snake_case code that reads back to it") {
  std::set<std::string> seen;
  for (int k = 0; k < kErrorCount; ++k) {
    const auto e = static_cast<Error>(k);
    const std::string code(errorCode(e));
    INFO(code);
    CHECK(!code.empty());
    CHECK(code.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string::npos);
    CHECK(seen.insert(code).second);
    CHECK(errorFromCode(code) == e);
  }
  CHECK_FALSE(errorFromCode("").has_value());
  CHECK_FALSE(errorFromCode("Unknown_Patient").has_value());
}

TEST_CASE("error catalogue: the codes documented in docs/api.md keep their spelling") {
  // Clients (the app, scripts, a later FHIR facade) compare these strings: they never change.
  CHECK(errorCode(Error::UnknownPatient) == "unknown_patient");
  CHECK(errorCode(Error::OutsideConsentPeriod) == "outside_consent_period");
  CHECK(errorCode(Error::Failed) == "error");
  CHECK(errorCode(Error::TotpEnrolmentRequired) == "totp_enrolment_required");
  CHECK(errorCode(Error::DownloadLimit) == "download_limit");
}

TEST_CASE("error catalogue: Japanese and English texts for every entry, format only where documented") {
  for (int k = 0; k < kErrorCount; ++k) {
    const auto e = static_cast<Error>(k);
    INFO(errorCode(e));
    const std::string ja = errorText(e, Language::Japanese), en = errorText(e, Language::English);
    CHECK(!ja.empty());
    CHECK(!en.empty());
    CHECK(ja != en);
    const bool formatted = e == Error::Locked || e == Error::BadRequest;
    CHECK((ja.find('%') != std::string::npos) == formatted);
    CHECK((en.find('%') != std::string::npos) == formatted);
  }
}

TEST_CASE("a refusal carries its entry, the precise message and the audit detail") {
  const Refusal plain(Error::UnknownStudy, "No such study.");
  CHECK(plain.error() == Error::UnknownStudy);
  CHECK(plain.code() == "unknown_study");
  CHECK(std::string(plain.what()) == "No such study.");
  CHECK(plain.auditDetail() == "unknown_study");
  const Refusal detailed(Error::UnknownPatient, "No patient with the id 'P9'.", "no consent for dr-x");
  CHECK(detailed.auditDetail() == "no consent for dr-x");
}
