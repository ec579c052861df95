// SPDX-License-Identifier: MIT
#include "core/time/Date.h"


namespace renkei {
namespace {

// Conversions between civil dates and day numbers use the era-based algorithm described by
// Howard Hinnant ("chrono-Compatible Low-Level Date Algorithms"): 400-year eras of 146097 days,
// years starting on 1 March so the leap day is the last day of the year.
std::int64_t dayNumberFromCivil(int y, int m, int d) {
  const std::int64_t yy = static_cast<std::int64_t>(y) - (m <= 2 ? 1 : 0);
  const std::int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
  const std::int64_t yoe = yy - era * 400;                                  // [0, 399]
  const std::int64_t mp = (m + 9) % 12;                                      // March = 0
  const std::int64_t doy = (153 * mp + 2) / 5 + d - 1;                       // [0, 365]
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;            // [0, 146096]
  return era * 146097 + doe - 719468;
}

struct Civil {
  int year, month, day;
};

Civil civilFromDayNumber(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return {static_cast<int>(y), m, d};
}

std::int64_t floorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

bool digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

int number(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

bool isLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int daysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return (m == 2 && isLeapYear(y)) ? 29 : kDays[m - 1];
}

std::optional<Date> Date::fromYmd(int y, int m, int d) {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return std::nullopt;
  return Date(dayNumberFromCivil(y, m, d));
}

std::optional<Date> Date::parse(std::string_view s) {
  if (s.size() == 10 && s[4] == '-' && s[7] == '-') {
    const auto y = s.substr(0, 4), m = s.substr(5, 2), d = s.substr(8, 2);
    if (!digits(y) || !digits(m) || !digits(d)) return std::nullopt;
    return fromYmd(number(y), number(m), number(d));
  }
  if (s.size() == 8 && digits(s)) return fromYmd(number(s.substr(0, 4)), number(s.substr(4, 2)), number(s.substr(6, 2)));
  return std::nullopt;
}

Date Date::fromUnixSecondsJst(std::int64_t unixSeconds) {
  return Date(floorDiv(unixSeconds + kJstOffsetSeconds, 86400));
}

int Date::year() const { return civilFromDayNumber(days_).year; }
int Date::month() const { return civilFromDayNumber(days_).month; }
int Date::day() const { return civilFromDayNumber(days_).day; }

Weekday Date::weekday() const {
  // 1970-01-01 was a Thursday (ISO 4).
  const std::int64_t w = ((days_ % 7) + 7 + 3) % 7;  // Monday = 0
  return static_cast<Weekday>(w + 1);
}

Date Date::plusMonths(int n) const {
  const Civil c = civilFromDayNumber(days_);
  const std::int64_t total = static_cast<std::int64_t>(c.year) * 12 + (c.month - 1) + n;
  const int y = static_cast<int>(floorDiv(total, 12));
  const int m = static_cast<int>(total - static_cast<std::int64_t>(y) * 12) + 1;
  const int last = daysInMonth(y, m);
  return Date(dayNumberFromCivil(y, m, c.day < last ? c.day : last));
}

std::string Date::iso() const {
  const Civil c = civilFromDayNumber(days_);
  std::string out = "0000-00-00";
  auto put = [&out](std::size_t end, int v) {
    for (std::size_t i = end; v > 0; v /= 10) out[--i] = static_cast<char>('0' + v % 10);
  };
  put(4, c.year);
  put(7, c.month);
  put(10, c.day);
  return out;
}

}  // namespace renkei
