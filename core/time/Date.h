// SPDX-License-Identifier: MIT
// Date — a calendar date in the hospital's local time.
//
// The hospital is in Japan: local time is Japan Standard Time, UTC+9, with no daylight saving time,
// so an instant maps to exactly one local date by adding nine hours. core/ never reads a clock:
// "today" is always a parameter, produced by the server (or a test) from an instant.
//
// Dates are proleptic Gregorian and stored as a day number (days since 1970-01-01), which makes
// comparison and day arithmetic exact; year and month arithmetic follow the Japanese Civil Code
// (art. 143): a period counted in years or months ends on the corresponding day, and where that
// day does not exist (29 February in a common year, 31 April) on the last day of that month.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace renkei {

/// ISO 8601 weekday numbers: Monday = 1 … Sunday = 7.
enum class Weekday : int { Monday = 1, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday };

/// Offset of Japan Standard Time from UTC.
inline constexpr std::int64_t kJstOffsetSeconds = 9 * 3600;

class Date {
 public:
  /// 1970-01-01.
  constexpr Date() = default;

  /// A validated date; nullopt for 2023-02-29, month 13, day 0, years outside 1..9999.
  static std::optional<Date> fromYmd(int year, int month, int day);

  /// Parses "YYYY-MM-DD" (ISO 8601, JSON) or "YYYYMMDD" (DICOM DA, HL7 DT); nothing else.
  static std::optional<Date> parse(std::string_view text);

  /// The date with the given day number (days since 1970-01-01, negative before).
  static constexpr Date fromDayNumber(std::int64_t days) { return Date(days); }

  /// The hospital-local (JST) date at an instant given as seconds since the Unix epoch (UTC).
  static Date fromUnixSecondsJst(std::int64_t unixSeconds);

  int year() const;
  int month() const;  ///< 1..12
  int day() const;    ///< 1..31
  constexpr std::int64_t dayNumber() const { return days_; }
  Weekday weekday() const;

  constexpr Date plusDays(std::int64_t n) const { return Date(days_ + n); }
  /// Calendar months; the day is clamped to the end of the target month (31 Mar − 1 month = 28/29 Feb).
  Date plusMonths(int n) const;
  /// Calendar years; 29 Feb ± years lands on 28 Feb in a common year.
  Date plusYears(int n) const { return plusMonths(12 * n); }

  /// "YYYY-MM-DD".
  std::string iso() const;

  /// Seconds since the Unix epoch of this date's local (JST) midnight.
  constexpr std::int64_t startUnixSecondsJst() const { return days_ * 86400 - kJstOffsetSeconds; }

  friend constexpr auto operator<=>(Date, Date) = default;
  friend constexpr bool operator==(Date, Date) = default;

 private:
  constexpr explicit Date(std::int64_t days) : days_(days) {}
  std::int64_t days_ = 0;
};

/// b − a in days (positive when b is later).
constexpr std::int64_t daysBetween(Date a, Date b) { return b.dayNumber() - a.dayNumber(); }

/// Days in a month of the proleptic Gregorian calendar (month 1..12).
int daysInMonth(int year, int month);
bool isLeapYear(int year);

}  // namespace renkei
