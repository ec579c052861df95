// SPDX-License-Identifier: MIT
// Booking requests to the server (issue 12): the scanners, their free slots, sending a request or a
// new time, the bookings list and the hospital's steps (confirm, reject, cancel, done, no-show).
// Every answer is checked against what is on screen when it arrives, like the patient pages.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "core/text/Trim.h"
#include "wasm-app/App.h"
#include "wasm-app/JsonField.h"
#include "wasm-app/ServerAnswer.h"
#include "wasm-app/platform/Browser.h"
#include "wasm-app/platform/Http.h"

namespace renkei::app {

using nlohmann::json;

namespace {

/// The eGFR test of the hospital's lab (JLAC10), or a row named so by another lab.
constexpr const char* kEgfrCode = "8A065000002391901";

Date mondayOf(Date d) { return d.plusDays(1 - static_cast<int>(d.weekday())); }

/// Today in the hospital's time zone, from the browser's clock.
Date todayJst() { return Date::fromUnixSecondsJst(static_cast<std::int64_t>(std::time(nullptr))); }

}  // namespace

void App::openBooking(const std::string& patientId, const std::string& patientName) {
  booking = BookingPage{};
  booking.patientId = patientId;
  booking.patientName = patientName;
  booking.today = todayJst();
  booking.day = booking.today.plusDays(1);
  booking.weekStart = mondayOf(booking.day);
  // The latest eGFR from the labs on the patient's page (prefilled when recent enough for the exam).
  for (const LabRow& row : page.labs.rows) {
    if (row.code != kEgfrCode && row.name != "eGFR") continue;
    for (const std::string& time : page.labs.times)  // newest first
      if (const LabRow::Cell* c = row.at(time)) {
        char* end = nullptr;
        const double v = std::strtod(c->value.c_str(), &end);
        if (end == c->value.c_str()) continue;
        booking.latestEgfr = v;
        booking.latestEgfrDate = time.substr(0, 10);
        break;
      }
    break;
  }
  screen = Screen::Booking;
  loadEquipment();
}

void App::loadEquipment() {
  booking.loading = true;
  const std::string patient = booking.patientId;
  httpGet("/api/v1/booking/equipment", [this, patient](const HttpResponse& r) {
    if (screen != Screen::Booking || booking.patientId != patient) return;
    booking.loading = false;
    const auto j = serverAnswer(*this, r, booking.error);
    if (!j) return;
    booking.equipment = equipmentFrom(*j);
  });
}

void App::chooseScanner(int equipmentIndex, int examIndex) {
  booking.equipmentIndex = equipmentIndex;
  booking.examIndex = examIndex;
  booking.chosen.reset();
  booking.cellHour = -1;
  booking.serverFindings.clear();
  booking.sendError.clear();
  // The eGFR from the labs fills the field when the exam needs contrast and it is recent enough for
  // the days offered (the verdict checks it against the chosen day again).
  const ExamChoice* x = booking.exam();
  if (x && x->contrast && booking.latestEgfr && booking.order.egfr.empty()) {
    const auto measured = Date::parse(booking.latestEgfrDate);
    if (measured && daysBetween(*measured, booking.day) <= kEgfrValidDays) {
      char v[16];
      std::snprintf(v, sizeof v, "%g", *booking.latestEgfr);
      booking.order.egfr = v;
      booking.order.egfrDate = booking.latestEgfrDate;
      booking.order.egfrFromLabs = true;
    }
  }
  loadSlots();
}

void App::showWeek(Date monday) {
  booking.weekStart = monday;
  booking.cellHour = -1;
  loadSlots();
}

void App::loadSlots() {
  const EquipmentChoice* e = booking.scanner();
  const ExamChoice* x = booking.exam();
  if (!e || !x) return;
  booking.slotsLoading = true;
  booking.slotsError.clear();
  // Two weeks from the Monday shown: the desktop's week and the tablet's day list both read from it.
  const std::string query = "/api/v1/booking/slots?equipment=" + urlEncode(e->id) + "&exam=" + urlEncode(x->code) +
                            "&from=" + booking.weekStart.iso() + "&to=" + booking.weekStart.plusDays(13).iso();
  httpGet(query, [this, query, id = e->id, code = x->code, from = booking.weekStart](const HttpResponse& r) {
    const EquipmentChoice* now = booking.scanner();
    if (screen != Screen::Booking || !now || now->id != id || !booking.exam() || booking.exam()->code != code ||
        booking.weekStart != from)
      return;  // another scanner, exam or week since
    booking.slotsLoading = false;
    const auto j = serverAnswer(*this, r, booking.slotsError);
    if (!j) return;
    booking.slots = slotsFrom(*j);
    if (booking.chosen && std::find(booking.slots.begin(), booking.slots.end(), *booking.chosen) == booking.slots.end())
      booking.chosen.reset();  // taken by someone else since
  });
}

void App::sendBooking() {
  BookingPage& b = booking;
  const EquipmentChoice* e = b.scanner();
  const ExamChoice* x = b.exam();
  if (!e || !x || !b.chosen || b.busy) return;
  b.busy = true;
  b.sendError.clear();
  b.serverFindings.clear();
  const auto answered = [this](const HttpResponse& r) {
    if (screen != Screen::Booking) return;
    booking.busy = false;
    if (r.status == 422) {  // the checklist: the server's findings, shown like the app's
      const json j = json::parse(r.body, nullptr, false);
      if (!j.is_discarded()) booking.serverFindings = findingsFrom(jsonArray(jsonObject(j, "error"), "findings"));
    }
    if (r.status == 409) loadSlots();  // the slot went to someone else: show what is free now
    const auto j = serverAnswer(*this, r, booking.sendError);
    if (!j) return;
    booking.bookedId = jsonInteger(jsonObject(*j, "booking"), "id");
    booking.notice = t(booking.rescheduling ? T::BookingMoved : T::BookingRequested);
  };
  if (b.rescheduling) {
    const json body{{"date", b.chosen->date}, {"start", b.chosen->start}, {"reason", b.reason}};
    httpPostJson("/api/v1/bookings/" + std::to_string(b.rescheduling) + "/reschedule", body.dump(), answered);
    return;
  }
  const json body{{"patient_id", b.patientId},
                  {"equipment", e->id},
                  {"exam", x->code},
                  {"date", b.chosen->date},
                  {"start", b.chosen->start},
                  {"urgency", b.order.urgency},
                  {"order",
                   {{"body_part", b.order.bodyPart},
                    {"purpose", b.order.purpose},
                    {"question", b.order.question},
                    {"history", b.order.history},
                    {"medication", b.order.medication},
                    {"contrast", x->contrast}}},
                  {"checklist", checklistJson(b.order)}};
  httpPostJson("/api/v1/bookings", body.dump(), answered);
}

void App::rescheduleBooking(const BookingRow& row) {
  booking = BookingPage{};
  booking.patientId = row.patientId;
  booking.patientName = row.patientName;
  booking.rescheduling = row.id;
  booking.today = todayJst();
  booking.day = Date::parse(row.date).value_or(booking.today.plusDays(1));
  booking.weekStart = mondayOf(booking.day);
  screen = Screen::Booking;
  // The scanner and exam stay: find them among the scanners, then show their slots.
  booking.loading = true;
  httpGet("/api/v1/booking/equipment", [this, id = row.id, equipment = row.equipment, exam = row.exam](const HttpResponse& r) {
    if (screen != Screen::Booking || booking.rescheduling != id) return;
    booking.loading = false;
    const auto j = serverAnswer(*this, r, booking.error);
    if (!j) return;
    booking.equipment = equipmentFrom(*j);
    for (int i = 0; i < static_cast<int>(booking.equipment.size()); ++i)
      for (int k = 0; k < static_cast<int>(booking.equipment[i].exams.size()); ++k)
        if (booking.equipment[i].id == equipment && booking.equipment[i].exams[k].code == exam) chooseScanner(i, k);
  });
}

// ---- The list of bookings ----

void App::openBookings(bool queue) {
  bookings = BookingListPage{};
  bookings.queue = queue;
  screen = Screen::Bookings;
  loadBookings();
}

void App::loadBookings() {
  bookings.loading = true;
  bookings.error.clear();
  const bool queue = bookings.queue;
  httpGet(std::string("/api/v1/bookings?limit=200") + (queue ? "&state=requested" : ""), [this, queue](const HttpResponse& r) {
    if (screen != Screen::Bookings || bookings.queue != queue) return;
    bookings.loading = false;
    const auto j = serverAnswer(*this, r, bookings.error);
    if (!j) return;
    bookings.rows = bookingsFrom(*j);
  });
}

void App::selectBooking(std::int64_t id) {
  bookings.selected = id;
  bookings.detail.reset();
  bookings.detailLoading = true;
  bookings.pending = BookingAction::None;
  bookings.reason.clear();
  bookings.notice.clear();
  httpGet("/api/v1/bookings/" + std::to_string(id), [this, id](const HttpResponse& r) {
    if (screen != Screen::Bookings || bookings.selected != id) return;
    bookings.detailLoading = false;
    const auto j = serverAnswer(*this, r, bookings.error);
    if (!j) return;
    bookings.detail = bookingFrom(jsonObject(*j, "booking"));
    // Opening it is seeing it: the list's "new" mark goes (the server recorded it for the clinic).
    for (BookingRow& row : bookings.rows)
      if (row.id == id && user.role == "clinic") row.isNew = false;
    const BookingRow& d = *bookings.detail;
    bookings.arrival = d.arrival;
    bookings.preparation = d.preparation;
    if (bookings.arrival.empty() && d.start.size() == 5) {  // 15 minutes before the exam, as a default
      const int m = std::max(0, std::stoi(d.start.substr(0, 2)) * 60 + std::stoi(d.start.substr(3, 2)) - 15);
      char t[8];
      std::snprintf(t, sizeof t, "%02d:%02d", m / 60, m % 60);
      bookings.arrival = t;
    }
  });
}

void App::sendBookingAction() {
  BookingListPage& l = bookings;
  if (!l.detail || l.busy || l.pending == BookingAction::None) return;
  json body = json::object();
  const char* step = "";
  switch (l.pending) {
    case BookingAction::Confirm:
      step = "confirm";
      body = {{"arrival", l.arrival}, {"preparation", l.preparation}};
      break;
    case BookingAction::Reject: step = "reject"; break;
    case BookingAction::Cancel: step = "cancel"; break;
    case BookingAction::Done: step = "done"; break;
    case BookingAction::NoShow: step = "noshow"; break;
    case BookingAction::None: return;
  }
  if (l.pending == BookingAction::Reject || l.pending == BookingAction::Cancel) {
    if (text::isBlank(l.reason)) {
      l.error = t(T::BookingReasonNeeded);
      return;
    }
    body = {{"reason", l.reason}};
  }
  l.busy = true;
  l.error.clear();
  const std::int64_t id = l.detail->id;
  httpPostJson("/api/v1/bookings/" + std::to_string(id) + "/" + step, body.dump(), [this, id](const HttpResponse& r) {
    if (screen != Screen::Bookings) return;
    bookings.busy = false;
    const auto j = serverAnswer(*this, r, bookings.error);
    if (!j) return;
    if (bookings.selected != id) {  // another booking opened meanwhile: only the list changes
      loadBookings();
      return;
    }
    bookings.pending = BookingAction::None;
    bookings.reason.clear();
    bookings.detail = bookingFrom(jsonObject(*j, "booking"));
    bookings.notice = t(T::BookingUpdated);
    loadBookings();
  });
}

// ---- The office's scanners and closures ----

void App::openSchedule() {
  schedule = SchedulePage{};
  screen = Screen::Schedule;
  loadSchedule();
}

void App::loadSchedule() {
  schedule.loading = true;
  schedule.error.clear();
  httpGet("/api/v1/booking/equipment", [this](const HttpResponse& r) {
    if (screen != Screen::Schedule) return;
    schedule.loading = false;
    if (const auto j = serverAnswer(*this, r, schedule.error)) {
      schedule.equipment = equipmentFrom(*j);
      if (!schedule.selected.empty()) selectScanner(schedule.selected);
    }
  });
  const Date today = todayJst();
  httpGet("/api/v1/admin/closures?from=" + today.iso() + "&to=" + today.plusDays(365).iso(), [this](const HttpResponse& r) {
    if (screen != Screen::Schedule) return;
    if (const auto j = serverAnswer(*this, r, schedule.error)) schedule.closures = closuresFrom(*j);
  });
}

void App::selectScanner(const std::string& id) {
  schedule.selected = id;
  for (const EquipmentChoice& e : schedule.equipment)
    if (e.id == id) {
      schedule.bookAhead = std::to_string(e.bookAheadDays);
      schedule.lead = std::to_string(e.leadMinutes / 60);
      for (int d = 1; d <= 7; ++d) {
        schedule.open[static_cast<std::size_t>(d - 1)] = hoursText(e.hours, d, false);
        schedule.reserved[static_cast<std::size_t>(d - 1)] = hoursText(e.hours, d, true);
      }
    }
}

void App::saveScanner() {
  SchedulePage& p = schedule;
  char* end = nullptr;
  const long days = std::strtol(p.bookAhead.c_str(), &end, 10);
  const bool daysOk = end != p.bookAhead.c_str() && !*end && days >= 1 && days <= 365;
  const long hours = std::strtol(p.lead.c_str(), &end, 10);
  const bool leadOk = end != p.lead.c_str() && !*end && hours >= 0 && hours <= 24 * 14;
  if (!daysOk || !leadOk || p.busy) {
    p.error = t(T::FillRequired);
    return;
  }
  p.busy = true;
  p.error.clear();
  const json body{{"book_ahead_days", days}, {"lead_minutes", hours * 60}};
  httpPutJson("/api/v1/admin/equipment/" + urlEncode(p.selected), body.dump(), [this](const HttpResponse& r) {
    if (screen != Screen::Schedule) return;
    schedule.busy = false;
    if (!serverAnswer(*this, r, schedule.error)) return;
    schedule.notice = t(T::ScannerSaved);
    loadSchedule();
  });
}

void App::saveHours() {
  SchedulePage& p = schedule;
  if (p.busy || p.selected.empty()) return;
  json hours = json::array();
  for (int d = 1; d <= 7; ++d)
    for (const bool reserved : {false, true}) {
      const std::string& typed = (reserved ? p.reserved : p.open)[static_cast<std::size_t>(d - 1)];
      const auto ranges = parseHoursText(typed);
      if (!ranges) {
        p.error = textf(T::HoursInvalid, language, typed.c_str());
        return;
      }
      for (const auto& [start, end] : *ranges) hours.push_back({{"weekday", d}, {"start", start}, {"end", end}, {"reserved", reserved}});
    }
  p.busy = true;
  p.error.clear();
  httpPutJson("/api/v1/admin/equipment/" + urlEncode(p.selected) + "/hours", json{{"hours", hours}}.dump(), [this](const HttpResponse& r) {
    if (screen != Screen::Schedule) return;
    schedule.busy = false;
    const auto j = serverAnswer(*this, r, schedule.error);
    if (!j) return;
    schedule.notice = textf(T::HoursSaved, language, static_cast<int>(jsonArray(*j, "flagged").size()));
    loadSchedule();
  });
}

void App::addClosure() {
  SchedulePage& p = schedule;
  if (p.busy) return;
  if (!Date::parse(p.closureDate) || p.closureDate.size() != 10 || text::isBlank(p.closureReason) ||
      (p.closureStart.empty() != p.closureEnd.empty())) {
    p.error = t(T::ClosureFieldsMissing);
    return;
  }
  json body{{"equipment", p.closureEquipment.empty() ? json(nullptr) : json(p.closureEquipment)},
            {"date", p.closureDate},
            {"reason", p.closureReason}};
  if (!p.closureStart.empty()) {
    body["start"] = p.closureStart;
    body["end"] = p.closureEnd;
  }
  p.busy = true;
  p.error.clear();
  httpPostJson("/api/v1/admin/closures", body.dump(), [this](const HttpResponse& r) {
    if (screen != Screen::Schedule) return;
    schedule.busy = false;
    const auto j = serverAnswer(*this, r, schedule.error);
    if (!j) return;
    const std::size_t flagged = jsonArray(*j, "flagged").size();
    schedule.notice = textf(T::ClosureAdded, language, static_cast<int>(flagged));
    schedule.closureDate.clear();
    schedule.closureStart.clear();
    schedule.closureEnd.clear();
    schedule.closureReason.clear();
    loadSchedule();
  });
}

void App::openBookingPage(std::int64_t id, const char* which) {
  openPage("/api/v1/bookings/" + std::to_string(id) + "/" + which);
}

}  // namespace renkei::app
