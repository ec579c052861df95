// SPDX-License-Identifier: MIT
// Bookings — the hospital's scanners, their schedules and the clinics' exam requests (R-BOOK-1..3;
// schema 008-booking). Free slots are core::BookingSlots' over the schedule read from the
// database; a request is checked again and written in one transaction that also inserts a row per
// 5-minute step it occupies into booking_hold, whose primary key makes a second booking of an
// overlapping time fail in the database (R-BOOK-3), not only in this process.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/booking/BookingSlots.h"
#include "server/store/Database.h"

namespace renkei::server {

struct ExamTypeInfo {
  std::string code, kind, nameJa, nameEn;
  int minutes = 0;
  bool contrast = false;
  std::string preparationJa, preparationEn;
};

struct EquipmentInfo {
  std::string id, kind, nameJa, nameEn;
  double weightLimitKg = 150;
  int bookAheadDays = 60, leadMinutes = 1440;
  bool active = true;
};

struct BookingRecord {
  std::int64_t id = 0;
  std::string equipmentId, examCode;
  Date date;
  int start = 0, end = 0;
  std::string patientId, facilityId, requestedBy, state, urgency, orderJson, verdict, reason;
  std::int64_t createdAt = 0, updatedAt = 0;
};

struct NewBooking {
  std::string equipmentId, examCode;
  Date date;
  int start = 0;
  std::string patientId, facilityId, requestedBy, urgency, orderJson, verdict;
};

class Bookings {
 public:
  explicit Bookings(Database& db) : db_(db) {}

  std::vector<EquipmentInfo> equipment();
  std::optional<EquipmentInfo> equipment(const std::string& id);
  std::vector<ExamTypeInfo> examTypes(const std::string& kind);
  std::optional<ExamTypeInfo> examType(const std::string& code);
  /// Weekly hours for clinics (reserved hours left out) or for the hospital (all), its exam types,
  /// closures (its own and the hospital's) and Japan's holidays.
  EquipmentSchedule schedule(const EquipmentInfo& e, bool forClinics);
  /// The times held by requested and confirmed bookings in [from, to].
  std::vector<Slot> held(const std::string& equipmentId, Date from, Date to);

  /// Writes a request that holds its time at once. Throws Refusal slot_taken when the time is not
  /// free (checked with core::BookingSlots, then by booking_hold's key), unknown_exam / bad_request
  /// for an exam of another scanner or a time off the schedule.
  std::int64_t request(const NewBooking& b, std::int64_t now, bool forClinics);

  /// Bookings of one facility (or every one for ""), newest first.
  std::vector<BookingRecord> list(const std::string& facilityId, int limit);
  std::optional<BookingRecord> find(std::int64_t id);

  /// The demo hospital's scanners (CT 1, CT 2, MRI 1.5T, MRI 3T, DXA), exam types and hours.
  void createDemoEquipment();

 private:
  Database& db_;
};

}  // namespace renkei::server
