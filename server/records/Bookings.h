// SPDX-License-Identifier: MIT
// Bookings — the hospital's scanners, their schedules and the clinics' exam requests (R-BOOK-1..3;
// schema 008-booking, 009-booking-flow). Free slots are core::BookingSlots' over the schedule read
// from the database; a request is checked again and written in one transaction that also inserts a
// row per 5-minute step it occupies into booking_hold, whose primary key makes a second booking of
// an overlapping time fail in the database (R-BOOK-3), not only in this process.
//
// After the request (R-BOOK-2): requested → confirmed | rejected | cancelled; confirmed → done |
// noshow | cancelled; a reschedule moves a requested or confirmed booking. Each step is checked
// against the state inside the transaction that writes it (two people confirming at once: the
// second is refused) and leaves a booking_event row. A closure or an hours change never drops a
// booking: it flags it for the office.
#pragma once

#include <cstdint>
#include <functional>
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
  std::optional<int> arrival;  ///< minutes from midnight, set on confirmation
  std::string preparation, cancelledBy, flagged;
  std::optional<std::int64_t> referralDocumentId;
  std::int64_t clinicSeenAt = 0;
  // Read with it, for showing it:
  std::string equipmentKind, equipmentNameJa, equipmentNameEn, examNameJa, examNameEn, examPreparationJa;
  bool examContrast = false;
  std::string patientName, facilityName, requestedByName;
  std::string lastStepFacility;  ///< the facility of whoever took the latest step
};

struct BookingEvent {
  std::int64_t at = 0;
  std::string by, byName, from, to, reason;
};

struct NewBooking {
  std::string equipmentId, examCode;
  Date date;
  int start = 0;
  std::string patientId, facilityId, requestedBy, urgency, orderJson, verdict;
};

/// One step of a booking's life (R-BOOK-2) that changes its state.
struct BookingStep {
  std::string by;                 ///< the account taking it
  std::vector<std::string> from;  ///< the states it may be taken from
  std::string to;
  std::string reason;
  bool freesSlot = false;          ///< rejected, cancelled: the time is offered again
  std::optional<int> arrival;      ///< confirm
  std::string preparation;         ///< confirm
  std::string cancelledBy;         ///< cancel: "clinic" or "hospital"
};

struct Reschedule {
  std::string by;
  Date date;
  int start = 0;
  std::string reason;
  bool forClinics = true;       ///< a clinic's: the clinics' hours, lead time and horizon
  bool backToRequested = true;  ///< a clinic's reschedule of a confirmed booking needs confirming again
};

/// An ad-hoc closure of one scanner (or of every one) for a day or some hours of it.
struct ClosureRecord {
  std::int64_t id = 0;
  std::string equipmentId;  ///< "" for every scanner
  Date date;
  std::optional<TimeRange> hours;  ///< nullopt: the whole day
  std::string reason;
};

struct HoursRow {
  int weekday = 1;  ///< 1 = Monday
  TimeRange range;
  bool reserved = false;  ///< kept for inpatients and emergencies
};

struct EquipmentChange {
  std::optional<int> bookAheadDays, leadMinutes;
  std::optional<bool> active;
  std::optional<double> weightLimitKg;
};

/// What has arrived for a booking (issue 12 §7): its study and whether a report names it.
struct ResultsLink {
  std::string studyUid;  ///< "" when no study matches
  bool reportAvailable = false;
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
  /// The times held by requested and confirmed bookings in [from, to], but booking `except`'s.
  std::vector<Slot> held(const std::string& equipmentId, Date from, Date to, std::int64_t except = 0);

  /// Writes a request that holds its time at once, with its first booking_event. Throws Refusal
  /// slot_taken when the time is not free (checked with core::BookingSlots, then by booking_hold's
  /// key), unknown_exam / bad_request for an exam of another scanner or a time off the schedule.
  /// `letter`, when given, runs inside the same transaction with the new booking's id and returns
  /// the referral letter's document id (so a booking never exists without its letter).
  std::int64_t request(const NewBooking& b, std::int64_t now, bool forClinics,
                       const std::function<std::int64_t(std::int64_t bookingId)>& letter = {});

  /// Bookings of one facility (or every one for ""), in one state (or all for ""), newest first;
  /// `queue`: the hospital's confirmation queue order instead — urgent, soon, routine, then oldest first.
  std::vector<BookingRecord> list(const std::string& facilityId, const std::string& state, int limit, bool queue = false);
  std::optional<BookingRecord> find(std::int64_t id);
  /// Oldest first.
  std::vector<BookingEvent> events(std::int64_t id);
  /// Is this the patient's first booking at the hospital (none done before)?
  bool firstVisit(const BookingRecord& b);
  ResultsLink results(const BookingRecord& b);

  /// Takes `step` (Refusal unknown_booking, booking_state); returns the booking as it was before.
  BookingRecord step(std::int64_t id, const BookingStep& step, std::int64_t now);
  /// Moves a booking to another time in one transaction: its old holds go, the new time is checked
  /// and held (Refusal slot_taken, bad_request — and then the old time stays held). Returns the
  /// booking as it was before.
  BookingRecord reschedule(std::int64_t id, const Reschedule& r, std::int64_t now);
  /// The clinic opened it: what happened until now is no longer new to the clinic.
  void markSeenByClinic(std::int64_t id, std::int64_t now);
  /// Clears the office's flag (Refusal booking_state when there is none).
  void unflag(std::int64_t id, const std::string& by, const std::string& reason, std::int64_t now);

  /// The office's closures: adds one and flags every requested or confirmed booking it overlaps
  /// (their ids are returned; they keep their time, the office decides).
  std::vector<std::int64_t> addClosure(ClosureRecord& c, const std::string& by, std::int64_t now);
  std::vector<ClosureRecord> closures(std::optional<Date> from, std::optional<Date> to);
  /// Changes a scanner's settings; taking it out of service flags its bookings from `today` on.
  std::vector<std::int64_t> updateEquipment(const std::string& id, const EquipmentChange& c, const std::string& by,
                                            std::int64_t now);
  std::vector<HoursRow> hours(const std::string& equipmentId);
  /// Replaces the weekly hours; bookings from today on that no longer lie inside the hours clinics
  /// may book are flagged (their ids are returned).
  std::vector<std::int64_t> replaceHours(const std::string& equipmentId, const std::vector<HoursRow>& rows,
                                         const std::string& by, std::int64_t now);

  /// The demo hospital's scanners (CT 1, CT 2, MRI 1.5T, MRI 3T, DXA), exam types and hours.
  void createDemoEquipment();
  /// Two requests of the demo clinic a few days after `now`: one waiting for the hospital, one
  /// confirmed (so that the hospital's queue and the clinic's list are not empty at first start).
  void createDemoBookings(std::int64_t now);

 private:
  /// Holds [start, end) of `date` for booking `id` (Refusal slot_taken on the key); inside a transaction.
  void hold(std::int64_t id, const std::string& equipmentId, Date date, int start, int end);
  void addEvent(std::int64_t id, std::int64_t at, const std::string& by, const std::string& from, const std::string& to,
                const std::string& reason);
  /// Sets (or adds to) the office's flag of booking `id`, with an event; inside a transaction.
  void flag(std::int64_t id, const std::string& why, const std::string& by, std::int64_t now);
  Database& db_;
};

}  // namespace renkei::server
