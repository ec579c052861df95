// SPDX-License-Identifier: MIT
// Booking in the app (issue 12, R-BOOK-1..4): a clinic doctor's exam request — scanner and exam,
// a free slot from the calendar, the structured order and its safety checklist — and the list of
// bookings: the clinic's own with every change marked new, the hospital's queue of requests to
// confirm or reject. Like all app state it is what the server last said plus what is being typed;
// the verdict shown while typing is core::checkOrderSafety's, the same function the server runs.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/booking/OrderSafety.h"
#include "core/time/Date.h"

namespace renkei::app {

struct App;

struct ExamChoice {
  std::string code, nameJa, nameEn, preparationJa, preparationEn;
  int minutes = 0;
  bool contrast = false;
};

struct OpeningHours {
  int weekday = 1;  ///< 1 = Monday
  std::string start, end;
  bool reserved = false;  ///< kept for inpatients and emergencies (the hospital sees these)
};

/// One weekday's hours as the office types them: "09:00-12:00, 13:00-17:00" ("" for none).
std::string hoursText(const std::vector<OpeningHours>& hours, int weekday, bool reserved);
/// The typed text back as (start, end) "HH:MM" pairs; nullopt when it is not such a list (the
/// server checks the grid and overlaps). "–", "〜" and "~" are read as "-", "、" as ",".
std::optional<std::vector<std::pair<std::string, std::string>>> parseHoursText(const std::string& text);

struct EquipmentChoice {
  std::string id, kind, nameJa, nameEn;
  double weightLimitKg = 150;
  int bookAheadDays = 60;
  std::vector<ExamChoice> exams;
  int leadMinutes = 1440;
  std::vector<OpeningHours> hours;  ///< as the server showed them to this role
};

struct FreeSlot {
  std::string date, start, end;  ///< YYYY-MM-DD, HH:MM
  bool operator==(const FreeSlot&) const = default;
};

/// The structured order as typed (R-BOOK-1): free text, the urgency and the checklist.
struct OrderForm {
  std::string bodyPart, purpose, question, history, medication;
  std::string urgency = "routine";  ///< routine | soon | urgent
  std::string egfr, egfrDate, height, weight;  ///< as typed (YYYY-MM-DD for the date)
  bool egfrFromLabs = false;  ///< prefilled from the patient's latest eGFR
  SafetyAnswers answers;      ///< the yes/no questions (numbers are parsed from the text above)
};

/// Reading the order's numbers: the answers core::checkOrderSafety judges.
SafetyAnswers answersOf(const OrderForm& form);
/// The checklist as the API takes it ({"egfr": 58, "pacemaker": "no", …}); unanswered ones left out.
nlohmann::json checklistJson(const OrderForm& form);

/// A new request, or a new time for an existing booking (`rescheduling`).
struct BookingPage {
  std::string patientId, patientName;
  std::int64_t rescheduling = 0;  ///< the booking moved; 0 for a new request
  bool loading = false;
  std::string error;
  std::vector<EquipmentChoice> equipment;
  int equipmentIndex = -1, examIndex = -1;
  Date today;      ///< in JST, from the browser's clock
  Date weekStart;  ///< the Monday of the week shown (desktop) — the day list starts here too
  Date day;        ///< the day shown on a tablet
  bool slotsLoading = false;
  std::string slotsError;
  std::vector<FreeSlot> slots;  ///< for [weekStart, weekStart + 13]
  std::string cellDate;         ///< the week view's chosen day and hour (-1: none)
  int cellHour = -1;
  std::optional<FreeSlot> chosen;
  OrderForm order;
  std::string reason;  ///< why the booking moves (rescheduling)
  std::optional<double> latestEgfr;  ///< from the patient's labs, with its date
  std::string latestEgfrDate;
  bool busy = false;
  std::string sendError, notice;
  std::vector<SafetyFinding> serverFindings;  ///< the server's, when it refused (422)
  std::int64_t bookedId = 0;

  const EquipmentChoice* scanner() const;
  const ExamChoice* exam() const;
};

struct BookingEvent {
  std::int64_t at = 0;
  std::string byName, from, to, reason;
};

/// A booking as GET /api/v1/bookings describes it.
struct BookingRow {
  std::int64_t id = 0;
  std::string equipment, equipmentNameJa, equipmentNameEn, exam, examNameJa, examNameEn;
  std::string date, start, end, arrival;
  std::string patientId, patientName, facilityName, requestedByName;
  std::string state, status, urgency, verdict, reason, preparation, flagged, cancelledBy, studyUid;
  bool isNew = false, imagesAvailable = false, reportAvailable = false;
  std::int64_t referralDocumentId = 0, createdAt = 0, updatedAt = 0;
  std::vector<std::pair<std::string, std::string>> order;      ///< field, value (body_part, purpose, …)
  std::vector<std::pair<std::string, std::string>> checklist;  ///< field, answer as sent
  std::vector<SafetyFinding> findings;
  std::vector<BookingEvent> events;
};

enum class BookingAction { None, Confirm, Reject, Cancel, Done, NoShow };

struct BookingListPage {
  bool queue = false;  ///< the hospital's queue of requests (oldest first) instead of every booking
  bool loading = false;
  std::string error, notice;
  std::vector<BookingRow> rows;
  std::int64_t selected = 0;
  bool detailLoading = false;
  std::optional<BookingRow> detail;  ///< the selected booking, read again (marks it seen)
  BookingAction pending = BookingAction::None;
  std::string arrival, preparation, reason;
  bool busy = false;
};

/// A closure of one scanner or of all (the hospital's own holidays).
struct ClosureRow {
  std::int64_t id = 0;
  std::string equipment;  ///< "" for every scanner
  std::string date, start, end, reason;  ///< start/end "" for the whole day
};

/// The liaison office's view of the scanners: how far ahead and how soon clinics may book, the
/// weekly hours, and closures (which flag the bookings they hit for the office, never drop them).
struct SchedulePage {
  bool loading = false;
  std::string error, notice;
  std::vector<EquipmentChoice> equipment;
  std::vector<ClosureRow> closures;
  std::string selected;  ///< the scanner being edited
  std::string bookAhead, lead;  ///< its fields as typed
  std::array<std::string, 7> open, reserved;  ///< its weekly hours as typed, Monday first
  // A new closure.
  std::string closureEquipment;  ///< "" for all
  std::string closureDate, closureStart, closureEnd, closureReason;
  bool busy = false;
};

// JSON to state (BookingJson.cpp; pure, tested natively in tests/app).
std::vector<EquipmentChoice> equipmentFrom(const nlohmann::json& j);
std::vector<FreeSlot> slotsFrom(const nlohmann::json& j);
BookingRow bookingFrom(const nlohmann::json& j);
std::vector<BookingRow> bookingsFrom(const nlohmann::json& j);
std::vector<SafetyFinding> findingsFrom(const nlohmann::json& findings);
std::vector<ClosureRow> closuresFrom(const nlohmann::json& j);

// The screens (BookingScreen.cpp, BookingListScreen.cpp, ScheduleScreen.cpp).
void drawBookingScreen(App& app);
void drawBookingListScreen(App& app);
void drawScheduleScreen(App& app);

}  // namespace renkei::app
