// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include "core/time/Date.h"

using renkei::Date;
using renkei::Weekday;

static Date ymd(int y, int m, int d) { return *Date::fromYmd(y, m, d); }

TEST_CASE("Date validates calendar dates", "[date]") {
  CHECK(Date::fromYmd(2024, 2, 29));
  CHECK_FALSE(Date::fromYmd(2023, 2, 29));
  CHECK_FALSE(Date::fromYmd(1900, 2, 29));  // century, not leap
  CHECK(Date::fromYmd(2000, 2, 29));        // divisible by 400, leap
  CHECK_FALSE(Date::fromYmd(2026, 4, 31));
  CHECK_FALSE(Date::fromYmd(2026, 13, 1));
  CHECK_FALSE(Date::fromYmd(2026, 0, 1));
  CHECK_FALSE(Date::fromYmd(2026, 1, 0));
  CHECK_FALSE(Date::fromYmd(0, 1, 1));
  CHECK_FALSE(Date::fromYmd(10000, 1, 1));
}

TEST_CASE("Date parses ISO and DICOM/HL7 forms only", "[date]") {
  CHECK(Date::parse("2026-11-25") == ymd(2026, 11, 25));
  CHECK(Date::parse("20261125") == ymd(2026, 11, 25));
  CHECK_FALSE(Date::parse("2026-11-31"));
  CHECK_FALSE(Date::parse("2026/11/25"));
  CHECK_FALSE(Date::parse("2026-1-25"));
  CHECK_FALSE(Date::parse(" 2026-11-25"));
  CHECK_FALSE(Date::parse("2026-11-2x"));
  CHECK_FALSE(Date::parse("+0261125"));
  CHECK_FALSE(Date::parse(""));
}

TEST_CASE("Date round-trips through day numbers over four centuries", "[date]") {
  // Every day from 1900 to 2300 converts to y/m/d and back, and consecutive days are consecutive.
  Date d = ymd(1900, 1, 1);
  const Date end = ymd(2300, 12, 31);
  long n = 0;
  while (d <= end) {
    const auto again = Date::fromYmd(d.year(), d.month(), d.day());
    REQUIRE(again);
    REQUIRE(*again == d);
    const Date next = d.plusDays(1);
    REQUIRE(daysBetween(d, next) == 1);
    d = next;
    ++n;
  }
  CHECK(n == 146097 + 365);  // 1900..2299 is one 400-year era, plus 2300 (a common year)
  CHECK(ymd(1970, 1, 1).dayNumber() == 0);
  CHECK(ymd(2000, 3, 1).dayNumber() == 11017);
  CHECK(ymd(1969, 12, 31).dayNumber() == -1);
}

TEST_CASE("Date weekdays", "[date]") {
  CHECK(ymd(1970, 1, 1).weekday() == Weekday::Thursday);
  CHECK(ymd(2026, 11, 25).weekday() == Weekday::Wednesday);
  CHECK(ymd(2024, 2, 29).weekday() == Weekday::Thursday);
  CHECK(ymd(1969, 12, 28).weekday() == Weekday::Sunday);
  CHECK(ymd(2027, 1, 4).weekday() == Weekday::Monday);
}

TEST_CASE("Date month and year arithmetic is calendar-exact", "[date]") {
  CHECK(ymd(2024, 2, 29).plusYears(-1) == ymd(2023, 2, 28));
  CHECK(ymd(2024, 2, 29).plusYears(1) == ymd(2025, 2, 28));
  CHECK(ymd(2024, 2, 29).plusYears(4) == ymd(2028, 2, 29));
  CHECK(ymd(2025, 3, 1).plusYears(-1) == ymd(2024, 3, 1));
  CHECK(ymd(2026, 3, 31).plusMonths(-1) == ymd(2026, 2, 28));
  CHECK(ymd(2024, 3, 31).plusMonths(-1) == ymd(2024, 2, 29));
  CHECK(ymd(2026, 1, 31).plusMonths(3) == ymd(2026, 4, 30));
  CHECK(ymd(2026, 12, 15).plusMonths(1) == ymd(2027, 1, 15));
  CHECK(ymd(2026, 1, 15).plusMonths(-13) == ymd(2024, 12, 15));
}

TEST_CASE("Date of an instant is the JST date", "[date]") {
  // 2026-11-24T15:00:00Z is midnight 2026-11-25 in Tokyo; one second earlier is still the 24th.
  const std::int64_t midnightJst = 1795532400;
  CHECK(Date::fromUnixSecondsJst(midnightJst) == ymd(2026, 11, 25));
  CHECK(Date::fromUnixSecondsJst(midnightJst - 1) == ymd(2026, 11, 24));
  CHECK(ymd(2026, 11, 25).startUnixSecondsJst() == midnightJst);
  CHECK(Date::fromUnixSecondsJst(0) == ymd(1970, 1, 1));          // 09:00 JST
  CHECK(Date::fromUnixSecondsJst(-9 * 3600 - 1) == ymd(1969, 12, 31));
  // No daylight saving time: every JST day is 86400 s, also around the dates other zones switch.
  for (Date d = ymd(2026, 3, 1); d < ymd(2026, 11, 30); d = d.plusDays(1))
    REQUIRE(d.plusDays(1).startUnixSecondsJst() - d.startUnixSecondsJst() == 86400);
}

TEST_CASE("Date formats as ISO 8601", "[date]") {
  CHECK(ymd(2026, 1, 5).iso() == "2026-01-05");
  CHECK(ymd(987, 12, 31).iso() == "0987-12-31");
}
