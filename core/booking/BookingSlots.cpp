// SPDX-License-Identifier: MIT
#include "core/booking/BookingSlots.h"

#include <algorithm>

namespace renkei {
namespace {

bool overlaps(int aStart, int aEnd, int bStart, int bEnd) { return aStart < bEnd && bStart < aEnd; }

int alignUp(int minute, int grid) { return grid <= 1 ? minute : (minute + grid - 1) / grid * grid; }

// Everything that blocks time on `d`: bookings, closures and the past.
std::vector<TimeRange> blocked(const EquipmentSchedule& s, Date d, std::span<const Slot> bookings,
                               std::optional<Moment> now, int leadMinutes) {
  std::vector<TimeRange> out;
  for (const Slot& b : bookings)
    if (b.date == d && b.end > b.start) out.push_back({b.start, b.end});
  for (const Closure& c : s.closures)
    if (c.date == d && c.hours) out.push_back(*c.hours);
  if (now) {
    // Minutes of "now + lead" relative to d's midnight; may lie on a later day.
    const long long earliest = daysBetween(d, now->date) * 1440LL + now->minute + leadMinutes;
    if (earliest > 0) out.push_back({0, earliest > 1440 * 2 ? 1440 * 2 : static_cast<int>(earliest)});
  }
  std::sort(out.begin(), out.end(), [](const TimeRange& a, const TimeRange& b) { return a.start < b.start; });
  return out;
}

}  // namespace

const char* code(Equipment e) {
  switch (e) {
    case Equipment::CT: return "CT";
    case Equipment::MRI: return "MRI";
    case Equipment::DXA: return "DXA";
  }
  return "CT";
}

std::optional<Equipment> equipmentFromCode(std::string_view c) {
  if (c == "CT") return Equipment::CT;
  if (c == "MRI") return Equipment::MRI;
  if (c == "DXA") return Equipment::DXA;
  return std::nullopt;
}

const char* toString(SlotCheck c) {
  switch (c) {
    case SlotCheck::Fits: return "fits";
    case SlotCheck::UnknownExam: return "unknown-exam";
    case SlotCheck::WrongDuration: return "wrong-duration";
    case SlotCheck::Closed: return "closed";
    case SlotCheck::OutsideHours: return "outside-hours";
    case SlotCheck::Overlaps: return "overlaps";
    case SlotCheck::TooSoon: return "too-soon";
  }
  return "closed";
}

const ExamType* EquipmentSchedule::exam(std::string_view c) const {
  for (const ExamType& e : exams)
    if (e.code == c) return &e;
  return nullptr;
}

bool BookingSlots::closedAllDay(const EquipmentSchedule& s, Date d) {
  if (s.holidays && s.holidays->contains(d)) return true;
  for (const Closure& c : s.closures)
    if (c.date == d && !c.hours) return true;
  return s.openingHours(d.weekday()).empty();
}

std::optional<std::vector<Slot>> BookingSlots::freeSlots(const EquipmentSchedule& s, const SlotQuery& q,
                                                         std::span<const Slot> bookings) {
  const ExamType* exam = s.exam(q.examCode);
  if (!exam || exam->minutes <= 0) return std::nullopt;
  std::vector<Slot> out;
  const Date last = std::min(q.to, q.from.plusDays(365));
  for (Date d = q.from; d <= last; d = d.plusDays(1)) {
    if (closedAllDay(s, d)) continue;
    const std::vector<TimeRange> busy = blocked(s, d, bookings, q.now, q.leadMinutes);
    for (const TimeRange& open : s.openingHours(d.weekday())) {
      int t = alignUp(open.start, s.gridMinutes);
      while (t + exam->minutes <= open.end) {
        // The first blocking interval that overlaps [t, t + duration) pushes t past its end.
        int pushedTo = -1;
        for (const TimeRange& b : busy)
          if (overlaps(t, t + exam->minutes, b.start, b.end)) pushedTo = std::max(pushedTo, b.end);
        if (pushedTo >= 0) {
          t = alignUp(pushedTo, s.gridMinutes);
          continue;
        }
        out.push_back(Slot{d, t, t + exam->minutes});
        t = alignUp(t + exam->minutes, s.gridMinutes);
      }
    }
  }
  return out;
}

SlotCheck BookingSlots::checkSlot(const EquipmentSchedule& s, std::string_view examCode, const Slot& slot,
                                  std::span<const Slot> bookings, std::optional<Moment> now, int leadMinutes) {
  const ExamType* exam = s.exam(examCode);
  if (!exam) return SlotCheck::UnknownExam;
  if (slot.end - slot.start != exam->minutes) return SlotCheck::WrongDuration;
  if (closedAllDay(s, slot.date)) return SlotCheck::Closed;
  const auto& hours = s.openingHours(slot.date.weekday());
  if (!std::any_of(hours.begin(), hours.end(), [&](const TimeRange& r) { return r.start <= slot.start && slot.end <= r.end; }))
    return SlotCheck::OutsideHours;
  for (const Closure& c : s.closures)
    if (c.date == slot.date && c.hours && overlaps(slot.start, slot.end, c.hours->start, c.hours->end))
      return SlotCheck::Closed;
  if (now) {
    const long long earliest = daysBetween(slot.date, now->date) * 1440LL + now->minute + leadMinutes;
    if (slot.start < earliest) return SlotCheck::TooSoon;
  }
  for (const Slot& b : bookings)
    if (b.date == slot.date && overlaps(slot.start, slot.end, b.start, b.end)) return SlotCheck::Overlaps;
  return SlotCheck::Fits;
}

}  // namespace renkei
