// SPDX-License-Identifier: MIT
// BookingSlots — the free slots of the hospital's CT, MRI and bone-density (DXA) scanners
// (R-BOOK-3).
//
// An EquipmentSchedule is data: weekly opening hours, the exam types with their durations,
// closures (maintenance days or hours) and holidays. freeSlots() turns it plus the existing bookings
// into offerable slots; checkSlot() re-checks one requested slot at booking time (the server also
// serialises concurrent bookings in its database, so a slot is never booked twice).
//
// Times are minutes from local (JST) midnight; every interval is half-open [start, end), so an exam
// may start exactly when the previous one ends. Slots are laid out from the start of each free
// stretch, one exam duration after another, each start rounded up to the schedule's grid (default
// 5 minutes) so that times read naturally (09:00, 09:15, …).
//
// Guarantees: a produced slot lies inside one opening interval of an open day, has exactly the
// exam's duration, and overlaps no booking, closure or other produced slot.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/booking/Holidays.h"
#include "core/time/Date.h"

namespace renkei {

enum class Equipment { CT, MRI, DXA };

/// "CT", "MRI", "DXA".
const char* code(Equipment e);
std::optional<Equipment> equipmentFromCode(std::string_view code);

/// [start, end) in minutes from local midnight.
struct TimeRange {
  int start = 0;
  int end = 0;
  friend bool operator==(const TimeRange&, const TimeRange&) = default;
};

struct ExamType {
  std::string code;  ///< e.g. "CT-PLAIN"
  std::string nameJa;
  std::string nameEn;
  int minutes = 0;
};

struct Closure {
  Date date;
  std::optional<TimeRange> hours;  ///< nullopt: the whole day
  std::string reason;
};

struct EquipmentSchedule {
  Equipment equipment = Equipment::CT;
  std::array<std::vector<TimeRange>, 7> weekly;  ///< index 0 = Monday … 6 = Sunday
  std::vector<ExamType> exams;
  std::vector<Closure> closures;
  const Holidays* holidays = nullptr;  ///< closed on these days (national holidays, usually)
  int gridMinutes = 5;

  const ExamType* exam(std::string_view code) const;
  const std::vector<TimeRange>& openingHours(Weekday w) const { return weekly[static_cast<int>(w) - 1]; }
};

/// An existing booking or a produced slot.
struct Slot {
  Date date;
  int start = 0;
  int end = 0;
  friend bool operator==(const Slot&, const Slot&) = default;
};

/// "Now", so that slots in the past (and within the lead time) are not offered.
struct Moment {
  Date date;
  int minute = 0;
};

struct SlotQuery {
  std::string examCode;
  Date from;  ///< first day, inclusive
  Date to;    ///< last day, inclusive
  std::optional<Moment> now;
  int leadMinutes = 0;  ///< earliest start is now + lead
};

enum class SlotCheck { Fits, UnknownExam, WrongDuration, Closed, OutsideHours, Overlaps, TooSoon };

const char* toString(SlotCheck c);

class BookingSlots {
 public:
  /// Free slots for the query; nullopt when the exam type is unknown. At most 366 days are laid out.
  static std::optional<std::vector<Slot>> freeSlots(const EquipmentSchedule& schedule, const SlotQuery& query,
                                                    std::span<const Slot> bookings);

  /// Would `slot` for `examCode` be bookable now?
  static SlotCheck checkSlot(const EquipmentSchedule& schedule, std::string_view examCode, const Slot& slot,
                             std::span<const Slot> bookings, std::optional<Moment> now = std::nullopt,
                             int leadMinutes = 0);

  /// Is the equipment closed all day on `d` (holiday, whole-day closure, no opening hours)?
  static bool closedAllDay(const EquipmentSchedule& schedule, Date d);
};

}  // namespace renkei
