// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include "core/booking/Holidays.h"

using namespace renkei;

namespace {
Date ymd(int y, int m, int d) { return *Date::fromYmd(y, m, d); }
}

TEST_CASE("the embedded table holds Japan's holidays of 2026 and 2027", "[holidays][R-BOOK-3]") {
  const Holidays& h = japaneseHolidays();
  CHECK(h.all().size() == 18 + 17);
  CHECK(h.firstDate() == ymd(2026, 1, 1));
  CHECK(h.lastDate() == ymd(2027, 11, 23));
  REQUIRE(h.find(ymd(2026, 5, 6)));
  CHECK(h.find(ymd(2026, 5, 6))->nameJa == "振替休日");           // Constitution Day fell on a Sunday
  CHECK(h.find(ymd(2026, 9, 22))->nameJa == "国民の休日");         // between 敬老の日 and 秋分の日
  CHECK(h.find(ymd(2026, 1, 12))->nameEn == "Coming of Age Day");  // second Monday of January
  CHECK(h.contains(ymd(2026, 3, 20)));
  CHECK(h.contains(ymd(2027, 3, 22)));                             // substitute for the equinox on a Sunday
  CHECK(h.contains(ymd(2027, 7, 19)));
  CHECK_FALSE(h.contains(ymd(2026, 11, 25)));
  CHECK_FALSE(h.contains(ymd(2026, 12, 29)));  // 年末年始 is a hospital closure, not a national holiday
}

TEST_CASE("Happy Monday holidays fall on Mondays, substitute holidays follow a Sunday holiday", "[holidays]") {
  const Holidays& h = japaneseHolidays();
  for (const Holiday& d : h.all()) {
    INFO(d.date.iso() << " " << d.nameEn);
    if (d.nameJa == "成人の日" || d.nameJa == "海の日" || d.nameJa == "敬老の日" || d.nameJa == "スポーツの日")
      CHECK(d.date.weekday() == Weekday::Monday);
    if (d.nameJa == "振替休日") {
      Date prev = d.date.plusDays(-1);
      while (h.contains(prev) && prev.weekday() != Weekday::Sunday) prev = prev.plusDays(-1);
      CHECK(prev.weekday() == Weekday::Sunday);
      CHECK(h.contains(prev));
    }
  }
}

TEST_CASE("a malformed table is refused with its line", "[holidays][bad-input]") {
  auto ok = Holidays::parse("# comment\n\n2026-01-01\t元日\tNew Year's Day\r\n");
  REQUIRE(ok.holidays);
  CHECK(ok.holidays->all().size() == 1);
  auto r = Holidays::parse("2026-01-01\t元日\tNew Year's Day\n2026-02-30\tx\ty\n");
  CHECK_FALSE(r.holidays);
  CHECK(r.errorLine == 2);
  r = Holidays::parse("2026-01-01 元日 New Year's Day\n");
  CHECK(r.errorLine == 1);
  CHECK(r.error.find("tab-separated") != std::string::npos);
  r = Holidays::parse("2026-01-01\t元日\tNew Year\n# x\n2026-01-01\t元日\tagain\n");
  CHECK(r.errorLine == 3);
  CHECK(r.error.find("twice") != std::string::npos);
  CHECK(Holidays::parse("20260101\t元日\tNew Year\n").errorLine == 1);
  CHECK(Holidays::parse("2026-01-01\t\tNew Year\n").errorLine == 1);
  CHECK(Holidays::parse("2026-01-01\ta\tb\tc\n").errorLine == 1);
}

TEST_CASE("hospital closures can be added to a holiday set", "[holidays]") {
  Holidays h = japaneseHolidays();
  for (Date d = ymd(2026, 12, 29); d <= ymd(2027, 1, 3); d = d.plusDays(1)) h.add({d, "年末年始", "Year-end closure"});
  CHECK(h.contains(ymd(2026, 12, 31)));
  CHECK(h.find(ymd(2027, 1, 1))->nameJa == "元日");  // the national holiday stays
  CHECK(h.all().size() == 35 + 5);
}
