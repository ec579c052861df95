// SPDX-License-Identifier: MIT
// R-BOOK-3: slots come from the schedule (weekday hours, exam durations, holidays, closures) and
// never overlap a booking, a closure or each other.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>

#include "core/booking/BookingSlots.h"

using namespace renkei;

namespace {

Date ymd(int y, int m, int d) { return *Date::fromYmd(y, m, d); }
constexpr int hm(int h, int m) { return h * 60 + m; }

EquipmentSchedule ct() {
  EquipmentSchedule s;
  s.equipment = Equipment::CT;
  for (int d = 0; d < 5; ++d) s.weekly[d] = {{hm(9, 0), hm(12, 0)}, {hm(13, 0), hm(17, 0)}};
  s.weekly[5] = {{hm(9, 0), hm(12, 0)}};  // Saturday morning
  s.exams = {{"CT-PLAIN", "単純CT", "CT without contrast", 15}, {"CT-CONTRAST", "造影CT", "Contrast CT", 30}};
  s.holidays = &japaneseHolidays();
  return s;
}

std::vector<Slot> slots(const EquipmentSchedule& s, const char* exam, Date from, Date to,
                        std::vector<Slot> bookings = {}, std::optional<Moment> now = {}, int lead = 0) {
  auto r = BookingSlots::freeSlots(s, SlotQuery{exam, from, to, now, lead}, bookings);
  REQUIRE(r);
  return *r;
}

}  // namespace

TEST_CASE("an empty weekday is tiled by the exam duration within opening hours", "[booking][R-BOOK-3]") {
  const auto s = slots(ct(), "CT-CONTRAST", ymd(2026, 11, 25), ymd(2026, 11, 25));  // Wednesday
  REQUIRE(s.size() == 6 + 8);
  CHECK(s.front() == Slot{ymd(2026, 11, 25), hm(9, 0), hm(9, 30)});
  CHECK(s[5] == Slot{ymd(2026, 11, 25), hm(11, 30), hm(12, 0)});
  CHECK(s[6] == Slot{ymd(2026, 11, 25), hm(13, 0), hm(13, 30)});
  CHECK(s.back() == Slot{ymd(2026, 11, 25), hm(16, 30), hm(17, 0)});
}

TEST_CASE("Sundays, national holidays and closures offer nothing", "[booking][R-BOOK-3]") {
  auto s = ct();
  CHECK(slots(s, "CT-PLAIN", ymd(2026, 11, 29), ymd(2026, 11, 29)).empty());  // Sunday
  CHECK(slots(s, "CT-PLAIN", ymd(2026, 11, 23), ymd(2026, 11, 23)).empty());  // 勤労感謝の日 (Monday)
  CHECK(slots(s, "CT-PLAIN", ymd(2026, 5, 6), ymd(2026, 5, 6)).empty());      // 振替休日
  CHECK(slots(s, "CT-PLAIN", ymd(2026, 11, 28), ymd(2026, 11, 28)).size() == 12);  // Saturday morning
  s.closures.push_back({ymd(2026, 11, 26), std::nullopt, "annual maintenance"});
  s.closures.push_back({ymd(2026, 11, 27), TimeRange{hm(13, 0), hm(15, 0)}, "software update"});
  CHECK(slots(s, "CT-PLAIN", ymd(2026, 11, 26), ymd(2026, 11, 26)).empty());
  const auto fri = slots(s, "CT-PLAIN", ymd(2026, 11, 27), ymd(2026, 11, 27));
  CHECK(fri.size() == 12 + 8);
  CHECK(std::none_of(fri.begin(), fri.end(), [](const Slot& x) { return x.start < hm(15, 0) && x.end > hm(13, 0); }));
  // A whole week: Mon 23 holiday, Thu 26 closed, Sun 29 closed.
  CHECK(slots(s, "CT-PLAIN", ymd(2026, 11, 23), ymd(2026, 11, 29)).size() == 2 * 28 + 20 + 12);
}

TEST_CASE("bookings block their time, and back-to-back is allowed", "[booking][R-BOOK-3]") {
  const Date d = ymd(2026, 11, 25);
  const std::vector<Slot> booked{{d, hm(9, 0), hm(9, 30)}, {d, hm(10, 10), hm(10, 20)}};
  const auto s = slots(ct(), "CT-PLAIN", d, d, booked);
  REQUIRE(s.size() >= 3);
  CHECK(s[0] == Slot{d, hm(9, 30), hm(9, 45)});  // starts exactly when the booking ends
  CHECK(s[1] == Slot{d, hm(9, 45), hm(10, 0)});
  // 10:00–10:15 would overlap 10:10, so the next slot starts at 10:20.
  CHECK(s[2] == Slot{d, hm(10, 20), hm(10, 35)});
}

TEST_CASE("starts are rounded up to the grid after an odd-length booking", "[booking][R-BOOK-3]") {
  const Date d = ymd(2026, 11, 25);
  const auto s = slots(ct(), "CT-PLAIN", d, d, {{d, hm(9, 0), hm(9, 7)}});
  CHECK(s[0].start == hm(9, 10));
}

TEST_CASE("the past and the lead time are not offered", "[booking][R-BOOK-3]") {
  const Date d = ymd(2026, 11, 25);
  const auto s = slots(ct(), "CT-PLAIN", d, d.plusDays(1), {}, Moment{d, hm(10, 3)}, 60);
  CHECK(s.front() == Slot{d, hm(11, 5), hm(11, 20)});
  const auto yesterday = slots(ct(), "CT-PLAIN", d.plusDays(-1), d.plusDays(-1), {}, Moment{d, hm(8, 0)});
  CHECK(yesterday.empty());
}

TEST_CASE("unknown exam types and bad ranges", "[booking][bad-input]") {
  CHECK_FALSE(BookingSlots::freeSlots(ct(), SlotQuery{"MRI-HEAD", ymd(2026, 11, 25), ymd(2026, 11, 25), {}, 0}, {}));
  CHECK(slots(ct(), "CT-PLAIN", ymd(2026, 11, 26), ymd(2026, 11, 25)).empty());  // to before from
  CHECK(equipmentFromCode("MRI") == Equipment::MRI);
  CHECK_FALSE(equipmentFromCode("PET"));
  CHECK(std::string(code(Equipment::DXA)) == "DXA");
}

TEST_CASE("checkSlot re-checks a requested slot", "[booking][R-BOOK-3]") {
  const auto s = ct();
  const Date d = ymd(2026, 11, 25);
  const std::vector<Slot> booked{{d, hm(10, 0), hm(10, 30)}};
  CHECK(BookingSlots::checkSlot(s, "CT-PLAIN", {d, hm(9, 0), hm(9, 15)}, booked) == SlotCheck::Fits);
  CHECK(BookingSlots::checkSlot(s, "CT-PLAIN", {d, hm(9, 50), hm(10, 5)}, booked) == SlotCheck::Overlaps);
  CHECK(BookingSlots::checkSlot(s, "CT-PLAIN", {d, hm(10, 30), hm(10, 45)}, booked) == SlotCheck::Fits);
  CHECK(BookingSlots::checkSlot(s, "CT-PLAIN", {d, hm(9, 0), hm(9, 30)}, booked) == SlotCheck::WrongDuration);
  CHECK(BookingSlots::checkSlot(s, "CT-PLAIN", {d, hm(11, 50), hm(12, 5)}, booked) == SlotCheck::OutsideHours);
  CHECK(BookingSlots::checkSlot(s, "CT-PLAIN", {ymd(2026, 11, 23), hm(9, 0), hm(9, 15)}, booked) == SlotCheck::Closed);
  CHECK(BookingSlots::checkSlot(s, "XR", {d, hm(9, 0), hm(9, 15)}, booked) == SlotCheck::UnknownExam);
  CHECK(BookingSlots::checkSlot(s, "CT-PLAIN", {d, hm(9, 0), hm(9, 15)}, booked, Moment{d, hm(9, 1)}) == SlotCheck::TooSoon);
  CHECK(std::string(toString(SlotCheck::Overlaps)) == "overlaps");
}

TEST_CASE("property: no produced slot ever overlaps a booking, a closure or another slot", "[booking][R-BOOK-3]") {
  std::uint32_t seed = 20261125;
  auto next = [&seed](int n) {
    seed = seed * 1664525u + 1013904223u;
    return static_cast<int>((seed >> 8) % static_cast<std::uint32_t>(n));
  };
  for (int round = 0; round < 300; ++round) {
    EquipmentSchedule s;
    s.gridMinutes = 1 + next(15);
    for (int w = 0; w < 7; ++w) {
      int t = next(600);
      for (int k = next(3); k > 0 && t < 1380; --k) {
        const int end = std::min(1440, t + 30 + next(300));
        s.weekly[w].push_back({t, end});
        t = end + next(120);
      }
    }
    s.exams = {{"E", "検査", "Exam", 5 + next(60)}};
    const Date from = ymd(2026, 11, 1).plusDays(next(60));
    const Date to = from.plusDays(next(10));
    std::vector<Slot> booked;
    for (int k = next(40); k > 0; --k) {
      const int start = next(1440);
      booked.push_back({from.plusDays(next(11)), start, start + 1 + next(120)});
    }
    for (int k = next(3); k > 0; --k) {
      const int start = next(1400);
      s.closures.push_back({from.plusDays(next(11)), TimeRange{start, start + next(200)}, "x"});
    }
    if (next(4) == 0) s.closures.push_back({from.plusDays(next(5)), std::nullopt, "day"});
    const auto out = BookingSlots::freeSlots(s, SlotQuery{"E", from, to, {}, 0}, booked);
    REQUIRE(out);
    const int minutes = s.exams[0].minutes;
    for (std::size_t i = 0; i < out->size(); ++i) {
      const Slot& x = (*out)[i];
      INFO("round " << round << " slot " << x.date.iso() << " " << x.start << "-" << x.end);
      REQUIRE(x.end - x.start == minutes);
      REQUIRE(x.start % s.gridMinutes == 0);
      REQUIRE((x.date >= from && x.date <= to));
      REQUIRE(BookingSlots::checkSlot(s, "E", x, booked) == SlotCheck::Fits);
      if (i > 0) {
        const Slot& p = (*out)[i - 1];
        REQUIRE((p.date < x.date || p.end <= x.start));  // sorted, no overlap between slots
      }
    }
  }
}

TEST_CASE("across a month end and the year end: each day laid out on its own, New Year's Day closed", "[booking][R-BOOK-3]") {
  // Mon 2026-11-30 → Tue 2026-12-01: both full weekdays, in date order.
  auto s = slots(ct(), "CT-CONTRAST", ymd(2026, 11, 30), ymd(2026, 12, 1));
  REQUIRE(s.size() == 2 * 14);
  CHECK(s[13].date == ymd(2026, 11, 30));
  CHECK(s[14] == Slot{ymd(2026, 12, 1), hm(9, 0), hm(9, 30)});
  // Thu 2026-12-31 (a weekday), Fri 2027-01-01 (元日), Sat 01-02 morning, Sun 01-03, Mon 01-04.
  s = slots(ct(), "CT-CONTRAST", ymd(2026, 12, 31), ymd(2027, 1, 4));
  const auto on = [&](Date d) { return std::count_if(s.begin(), s.end(), [&](const Slot& x) { return x.date == d; }); };
  CHECK(on(ymd(2026, 12, 31)) == 14);
  CHECK(on(ymd(2027, 1, 1)) == 0);
  CHECK(on(ymd(2027, 1, 2)) == 6);
  CHECK(on(ymd(2027, 1, 3)) == 0);
  CHECK(on(ymd(2027, 1, 4)) == 14);
  CHECK(std::is_sorted(s.begin(), s.end(), [](const Slot& a, const Slot& b) {
    return a.date < b.date || (a.date == b.date && a.start < b.start);
  }));
  CHECK(BookingSlots::closedAllDay(ct(), ymd(2027, 1, 1)));
}

TEST_CASE("an exam that does not fit before closing is not offered at its end", "[booking][R-BOOK-3]") {
  EquipmentSchedule s = ct();
  s.exams.push_back({"MRI-LONG", "長い検査", "Long exam", 50});
  // 9:00-12:00 holds 9:00, 9:50, 10:40 (ends 11:30); 11:30 + 50 min would end after 12:00.
  const auto v = slots(s, "MRI-LONG", ymd(2026, 11, 25), ymd(2026, 11, 25));
  std::vector<int> morning;
  for (const Slot& x : v)
    if (x.start < hm(12, 0)) morning.push_back(x.start);
  CHECK(morning == std::vector<int>{hm(9, 0), hm(9, 50), hm(10, 40)});
  for (const Slot& x : v) CHECK((x.end <= hm(12, 0) || (x.start >= hm(13, 0) && x.end <= hm(17, 0))));
  CHECK(BookingSlots::checkSlot(s, "MRI-LONG", Slot{ymd(2026, 11, 25), hm(11, 30), hm(12, 20)}, {}) == SlotCheck::OutsideHours);
}
