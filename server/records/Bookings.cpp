// SPDX-License-Identifier: MIT
#include "server/records/Bookings.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <SQLiteCpp/VariadicBind.h>

#include <algorithm>
#include <mutex>

#include "core/booking/Holidays.h"
#include "core/errors/Error.h"

namespace renkei::server {
namespace {

constexpr int kHoldStep = 5;  // minutes per booking_hold row (the schedules' grid)

EquipmentInfo equipmentFrom(SQLite::Statement& q) {
  return {q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getString(),
          q.getColumn(4).getDouble(), q.getColumn(5).getInt(),    q.getColumn(6).getInt(),    q.getColumn(7).getInt() != 0};
}
constexpr const char* kEquipmentColumns = "id, kind, name_ja, name_en, weight_limit_kg, book_ahead_days, lead_minutes, active";

ExamTypeInfo examFrom(SQLite::Statement& q) {
  return {q.getColumn(0).getString(), q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getString(),
          q.getColumn(4).getInt(),    q.getColumn(5).getInt() != 0, q.getColumn(6).getString(), q.getColumn(7).getString()};
}
constexpr const char* kExamColumns = "code, kind, name_ja, name_en, minutes, contrast, preparation_ja, preparation_en";

BookingRecord bookingFrom(SQLite::Statement& q) {
  BookingRecord b;
  b.id = q.getColumn(0).getInt64();
  b.equipmentId = q.getColumn(1).getString();
  b.examCode = q.getColumn(2).getString();
  b.date = Date::parse(q.getColumn(3).getString()).value_or(Date{});
  b.start = q.getColumn(4).getInt();
  b.end = q.getColumn(5).getInt();
  b.patientId = q.getColumn(6).getString();
  b.facilityId = q.getColumn(7).getString();
  b.requestedBy = q.getColumn(8).getString();
  b.state = q.getColumn(9).getString();
  b.urgency = q.getColumn(10).getString();
  b.orderJson = q.getColumn(11).getString();
  b.verdict = q.getColumn(12).getString();
  b.reason = q.getColumn(13).getString();
  b.createdAt = q.getColumn(14).getInt64();
  b.updatedAt = q.getColumn(15).getInt64();
  if (!q.getColumn(16).isNull()) b.arrival = q.getColumn(16).getInt();
  b.preparation = q.getColumn(17).getString();
  b.cancelledBy = q.getColumn(18).getString();
  b.flagged = q.getColumn(19).getString();
  if (!q.getColumn(20).isNull()) b.referralDocumentId = q.getColumn(20).getInt64();
  b.clinicSeenAt = q.getColumn(21).getInt64();
  b.equipmentKind = q.getColumn(22).getString();
  b.equipmentNameJa = q.getColumn(23).getString();
  b.equipmentNameEn = q.getColumn(24).getString();
  b.examNameJa = q.getColumn(25).getString();
  b.examNameEn = q.getColumn(26).getString();
  b.examPreparationJa = q.getColumn(27).getString();
  b.examContrast = q.getColumn(28).getInt() != 0;
  b.patientName = q.getColumn(29).getString();
  b.facilityName = q.getColumn(30).getString();
  b.requestedByName = q.getColumn(31).getString();
  b.lastStepFacility = q.getColumn(32).getString();
  return b;
}
// The booking with the names it is shown with, and whose facility took its latest step (the
// office's flags are not steps: Bookings::flag).
constexpr const char* kBookingSelect =
    "SELECT b.id, b.equipment_id, b.exam_code, b.date, b.start_minute, b.end_minute, b.patient_id, b.facility_id, "
    "b.requested_by, b.state, b.urgency, b.order_json, b.verdict, b.reason, b.created_at, b.updated_at, "
    "b.arrival_minute, b.preparation, b.cancelled_by, b.flagged, b.referral_document_id, b.clinic_seen_at, "
    "e.kind, e.name_ja, e.name_en, x.name_ja, x.name_en, x.preparation_ja, x.contrast, p.name, f.name, a.name, "
    "coalesce((SELECT ea.facility_id FROM booking_event ev JOIN account ea ON ea.id = ev.by_account "
    "WHERE ev.booking_id = b.id AND NOT (ev.from_state = ev.to_state AND (ev.reason LIKE 'flagged: %' OR "
    "ev.reason LIKE 'unflagged: %')) ORDER BY ev.id DESC LIMIT 1), '') "
    "FROM booking b JOIN equipment e ON e.id = b.equipment_id JOIN exam_type x ON x.code = b.exam_code "
    "JOIN patient p ON p.id = b.patient_id JOIN facility f ON f.id = b.facility_id JOIN account a ON a.id = b.requested_by ";

std::string hhmm(int minute) {
  const std::string h = std::to_string(minute / 60), m = std::to_string(minute % 60);
  return (h.size() < 2 ? "0" + h : h) + ":" + (m.size() < 2 ? "0" + m : m);
}

Moment momentOf(std::int64_t now) {
  const Date today = Date::fromUnixSecondsJst(now);
  return {today, static_cast<int>((now - today.startUnixSecondsJst()) / 60)};
}

bool isConstraint(const SQLite::Exception& x) { return (x.getErrorCode() & 0xff) == 19; /* SQLITE_CONSTRAINT */ }

std::string joined(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

/// The DICOM modalities a scanner's images arrive with (Modality of the series).
const char* modalitiesOf(const std::string& kind) {
  if (kind == "CT") return "('CT')";
  if (kind == "MRI") return "('MR')";
  // DXA: "BMD" is DICOM's term (the demo's); scanners also send DX, OT or their own "DXA".
  return "('BMD', 'DX', 'OT', 'DXA')";
}

}  // namespace

std::vector<EquipmentInfo> Bookings::equipment() {
  auto qQuery = db_.query(std::string("SELECT ") + kEquipmentColumns + " FROM equipment ORDER BY kind, id");
  SQLite::Statement& q = *qQuery;
  std::vector<EquipmentInfo> out;
  while (q.executeStep()) out.push_back(equipmentFrom(q));
  return out;
}

std::optional<EquipmentInfo> Bookings::equipment(const std::string& id) {
  auto qQuery = db_.query(std::string("SELECT ") + kEquipmentColumns + " FROM equipment WHERE id = ?");
  SQLite::Statement& q = *qQuery;
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return equipmentFrom(q);
}

std::vector<ExamTypeInfo> Bookings::examTypes(const std::string& kind) {
  auto qQuery = db_.query(std::string("SELECT ") + kExamColumns + " FROM exam_type WHERE kind = ? ORDER BY code");
  SQLite::Statement& q = *qQuery;
  q.bind(1, kind);
  std::vector<ExamTypeInfo> out;
  while (q.executeStep()) out.push_back(examFrom(q));
  return out;
}

std::optional<ExamTypeInfo> Bookings::examType(const std::string& code) {
  auto qQuery = db_.query(std::string("SELECT ") + kExamColumns + " FROM exam_type WHERE code = ?");
  SQLite::Statement& q = *qQuery;
  q.bind(1, code);
  if (!q.executeStep()) return std::nullopt;
  return examFrom(q);
}

EquipmentSchedule Bookings::schedule(const EquipmentInfo& e, bool forClinics) {
  EquipmentSchedule s;
  s.equipment = equipmentFromCode(e.kind).value_or(Equipment::CT);
  s.holidays = &japaneseHolidays();
  s.gridMinutes = kHoldStep;
  for (const ExamTypeInfo& x : examTypes(e.kind)) s.exams.push_back({x.code, x.nameJa, x.nameEn, x.minutes});
  auto hQuery = db_.query("SELECT weekday, start_minute, end_minute FROM equipment_hours WHERE equipment_id = ? AND (reserved = 0 OR ?) "
                      "ORDER BY weekday, start_minute");
  SQLite::Statement& h = *hQuery;
  h.bind(1, e.id);
  h.bind(2, forClinics ? 0 : 1);
  while (h.executeStep()) s.weekly[static_cast<std::size_t>(h.getColumn(0).getInt() - 1)].push_back({h.getColumn(1).getInt(), h.getColumn(2).getInt()});
  auto cQuery = db_.query("SELECT date, start_minute, end_minute, reason FROM equipment_closure WHERE equipment_id = ? OR equipment_id IS NULL");
  SQLite::Statement& c = *cQuery;
  c.bind(1, e.id);
  while (c.executeStep()) {
    const auto d = Date::parse(c.getColumn(0).getString());
    if (!d) continue;
    Closure closure{*d, std::nullopt, c.getColumn(3).getString()};
    if (!c.getColumn(1).isNull() && !c.getColumn(2).isNull()) closure.hours = TimeRange{c.getColumn(1).getInt(), c.getColumn(2).getInt()};
    s.closures.push_back(closure);
  }
  return s;
}

std::vector<Slot> Bookings::held(const std::string& equipmentId, Date from, Date to, std::int64_t except) {
  auto qQuery = db_.query("SELECT date, start_minute, end_minute FROM booking WHERE equipment_id = ? AND date BETWEEN ? AND ? "
                      "AND state IN ('requested', 'confirmed') AND id <> ? ORDER BY date, start_minute");
  SQLite::Statement& q = *qQuery;
  q.bind(1, equipmentId);
  q.bind(2, from.iso());
  q.bind(3, to.iso());
  q.bind(4, static_cast<std::int64_t>(except));
  std::vector<Slot> out;
  while (q.executeStep())
    if (const auto d = Date::parse(q.getColumn(0).getString())) out.push_back({*d, q.getColumn(1).getInt(), q.getColumn(2).getInt()});
  return out;
}

void Bookings::hold(std::int64_t id, const std::string& equipmentId, Date date, int start, int end) {
  auto holdQuery = db_.query("INSERT INTO booking_hold (equipment_id, date, minute, booking_id) VALUES (?, ?, ?, ?)");
  SQLite::Statement& hold = *holdQuery;
  for (int m = start; m < end; m += kHoldStep) {
    hold.bind(1, equipmentId);
    hold.bind(2, date.iso());
    hold.bind(3, m);
    hold.bind(4, static_cast<std::int64_t>(id));
    try {
      hold.exec();
    } catch (const SQLite::Exception& x) {
      // The key: another booking holds this step (another server wrote it since our check).
      if (isConstraint(x)) throw Refusal(Error::SlotTaken, "This time of " + equipmentId + " is taken.");
      throw;
    }
    hold.reset();
  }
}

void Bookings::addEvent(std::int64_t id, std::int64_t at, const std::string& by, const std::string& from, const std::string& to,
                        const std::string& reason) {
  auto eQuery = db_.query("INSERT INTO booking_event (booking_id, at, by_account, from_state, to_state, reason) VALUES (?, ?, ?, ?, ?, ?)");
  SQLite::Statement& e = *eQuery;
  SQLite::bind(e, id, at, by, from, to, reason);
  e.exec();
}

std::int64_t Bookings::request(const NewBooking& b, std::int64_t now, bool forClinics,
                               const std::function<std::int64_t(std::int64_t)>& letter) {
  const auto e = equipment(b.equipmentId);
  if (!e || !e->active) throw Refusal(Error::UnknownEquipment, "No scanner '" + b.equipmentId + "'.");
  const auto exam = examType(b.examCode);
  if (!exam || exam->kind != e->kind)
    throw Refusal(Error::BadRequest, "exam '" + b.examCode + "' is not done on " + b.equipmentId);
  if (b.start % kHoldStep != 0) throw Refusal(Error::BadRequest, "the start must be on the schedule's 5-minute grid");
  const EquipmentSchedule s = schedule(*e, forClinics);
  const Slot slot{b.date, b.start, b.start + exam->minutes};
  const Moment moment = momentOf(now);
  if (forClinics && daysBetween(moment.date, b.date) > e->bookAheadDays)
    throw Refusal(Error::BadRequest, "clinics may book at most " + std::to_string(e->bookAheadDays) + " days ahead");

  auto tx = db_.write();
  // Checked again inside the transaction, against what is booked now.
  const std::vector<Slot> bookings = held(b.equipmentId, b.date, b.date);
  const SlotCheck check = BookingSlots::checkSlot(s, b.examCode, slot, bookings, moment, forClinics ? e->leadMinutes : 0);
  if (check == SlotCheck::Overlaps) throw Refusal(Error::SlotTaken, "This time of " + b.equipmentId + " is taken.");
  if (check != SlotCheck::Fits)
    throw Refusal(Error::BadRequest, std::string("the time is not bookable: ") + toString(check));
  auto insQuery = db_.query("INSERT INTO booking (equipment_id, exam_code, date, start_minute, end_minute, patient_id, facility_id, "
                        "requested_by, state, urgency, order_json, verdict, created_at, updated_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'requested', ?, ?, ?, ?, ?)");
  SQLite::Statement& ins = *insQuery;
  SQLite::bind(ins, b.equipmentId, b.examCode, b.date.iso(), slot.start, slot.end, b.patientId, b.facilityId, b.requestedBy,
               b.urgency, b.orderJson, b.verdict, now, now);
  ins.exec();
  const std::int64_t id = db_.sql().getLastInsertRowid();
  hold(id, b.equipmentId, b.date, slot.start, slot.end);
  addEvent(id, now, b.requestedBy, "", "requested", "");
  if (letter) {
    auto linkQuery = db_.query("UPDATE booking SET referral_document_id = ? WHERE id = ?");
    SQLite::Statement& link = *linkQuery;
    SQLite::bind(link, letter(id), id);
    link.exec();
  }
  tx.commit();
  return id;
}

std::vector<BookingRecord> Bookings::list(const std::string& facilityId, const std::string& state, int limit, bool queue) {
  auto qQuery = db_.query(std::string(kBookingSelect) +
                          "WHERE (?1 = '' OR b.facility_id = ?1) AND (?2 = '' OR b.state = ?2) ORDER BY " +
                          (queue ? "CASE b.urgency WHEN 'urgent' THEN 0 WHEN 'soon' THEN 1 ELSE 2 END, b.created_at, b.id "
                                 : "b.created_at DESC, b.id DESC ") +
                          "LIMIT ?3");
  SQLite::Statement& q = *qQuery;
  SQLite::bind(q, facilityId, state, limit);
  std::vector<BookingRecord> out;
  while (q.executeStep()) out.push_back(bookingFrom(q));
  return out;
}

std::optional<BookingRecord> Bookings::find(std::int64_t id) {
  auto qQuery = db_.query(std::string(kBookingSelect) + "WHERE b.id = ?");
  SQLite::Statement& q = *qQuery;
  q.bind(1, static_cast<std::int64_t>(id));
  if (!q.executeStep()) return std::nullopt;
  return bookingFrom(q);
}

std::vector<BookingEvent> Bookings::events(std::int64_t id) {
  auto qQuery = db_.query("SELECT ev.at, ev.by_account, a.name, ev.from_state, ev.to_state, ev.reason FROM booking_event ev "
                      "JOIN account a ON a.id = ev.by_account WHERE ev.booking_id = ? ORDER BY ev.id");
  SQLite::Statement& q = *qQuery;
  q.bind(1, static_cast<std::int64_t>(id));
  std::vector<BookingEvent> out;
  while (q.executeStep())
    out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(), q.getColumn(3).getString(),
                   q.getColumn(4).getString(), q.getColumn(5).getString()});
  return out;
}

bool Bookings::firstVisit(const BookingRecord& b) {
  auto qQuery = db_.query("SELECT count(*) FROM booking WHERE patient_id = ? AND state = 'done' AND id <> ?");
  SQLite::Statement& q = *qQuery;
  SQLite::bind(q, b.patientId, b.id);
  q.executeStep();
  return q.getColumn(0).getInt() == 0;
}

ResultsLink Bookings::results(const BookingRecord& b) {
  // The accession number the hospital's systems give a booked exam ("RK" + booking id) links it
  // exactly; else a study of the patient on the booked day with the scanner's modality, once the
  // booking has been confirmed (a rejected or cancelled time had no exam).
  const bool byDay = b.state == "confirmed" || b.state == "done";
  auto qQuery = db_.query(std::string("SELECT s.uid FROM study s WHERE s.patient_id = ?1 AND (s.accession = ?2 OR (?3 AND s.study_date = ?4 "
                                  "AND EXISTS (SELECT 1 FROM series r WHERE r.study_uid = s.uid AND r.modality IN ") +
                          modalitiesOf(b.equipmentKind) + "))) ORDER BY s.accession = ?2 DESC, s.received_at LIMIT 1");
  SQLite::Statement& q = *qQuery;
  SQLite::bind(q, b.patientId, "RK" + std::to_string(b.id), byDay ? 1 : 0, b.date.iso());
  ResultsLink out;
  if (!q.executeStep()) return out;
  out.studyUid = q.getColumn(0).getString();
  auto rQuery = db_.query("SELECT 1 FROM document WHERE study_uid = ? AND kind = 'radiology-report' LIMIT 1");
  SQLite::Statement& r = *rQuery;
  r.bind(1, out.studyUid);
  out.reportAvailable = r.executeStep();
  return out;
}

BookingRecord Bookings::step(std::int64_t id, const BookingStep& st, std::int64_t now) {
  auto tx = db_.write();
  // Read inside the transaction: of two people confirming at once, the second finds it confirmed.
  const auto before = find(id);
  if (!before) throw Refusal(Error::UnknownBooking, "No booking " + std::to_string(id) + ".");
  if (std::find(st.from.begin(), st.from.end(), before->state) == st.from.end())
    throw Refusal(Error::BookingState, "The booking is already " + before->state + "; only a " + joined(st.from, " or ") +
                                           " booking can become " + st.to + ".",
                  "booking_state: " + before->state);
  auto uQuery = db_.query("UPDATE booking SET state = ?, updated_at = ?, reason = CASE WHEN ? = '' THEN reason ELSE ? END, "
                      "arrival_minute = coalesce(?, arrival_minute), preparation = CASE WHEN ? THEN ? ELSE preparation END, "
                      "cancelled_by = CASE WHEN ? = '' THEN cancelled_by ELSE ? END WHERE id = ?");
  SQLite::Statement& u = *uQuery;
  SQLite::bind(u, st.to, now, st.reason, st.reason);
  if (st.arrival) u.bind(5, *st.arrival);
  else u.bind(5);
  u.bind(6, st.to == "confirmed" ? 1 : 0);
  u.bind(7, st.preparation);
  u.bind(8, st.cancelledBy);
  u.bind(9, st.cancelledBy);
  u.bind(10, static_cast<std::int64_t>(id));
  u.exec();
  if (st.freesSlot) {
    auto dQuery = db_.query("DELETE FROM booking_hold WHERE booking_id = ?");
    SQLite::Statement& d = *dQuery;
    d.bind(1, static_cast<std::int64_t>(id));
    d.exec();
  }
  addEvent(id, now, st.by, before->state, st.to, st.reason);
  tx.commit();
  return *before;
}

BookingRecord Bookings::reschedule(std::int64_t id, const Reschedule& r, std::int64_t now) {
  const auto current = find(id);
  if (!current) throw Refusal(Error::UnknownBooking, "No booking " + std::to_string(id) + ".");
  const auto e = equipment(current->equipmentId);
  const auto exam = examType(current->examCode);
  if (!e || !e->active || !exam) throw Refusal(Error::UnknownEquipment, "The scanner " + current->equipmentId + " takes no bookings now.");
  if (r.start % kHoldStep != 0) throw Refusal(Error::BadRequest, "field 'start' must be on the schedule's 5-minute grid");
  const Moment moment = momentOf(now);
  if (r.forClinics && daysBetween(moment.date, r.date) > e->bookAheadDays)
    throw Refusal(Error::BadRequest, "clinics may book at most " + std::to_string(e->bookAheadDays) + " days ahead");
  const EquipmentSchedule s = schedule(*e, r.forClinics);
  const Slot slot{r.date, r.start, r.start + exam->minutes};

  auto tx = db_.write();  // a refusal below rolls back: the old time stays held
  const auto before = find(id);
  if (before->state != "requested" && before->state != "confirmed")
    throw Refusal(Error::BookingState, "The booking is already " + before->state + "; only a requested or confirmed booking can be moved.",
                  "booking_state: " + before->state);
  auto dQuery = db_.query("DELETE FROM booking_hold WHERE booking_id = ?");
  SQLite::Statement& d = *dQuery;
  d.bind(1, static_cast<std::int64_t>(id));
  d.exec();
  const std::vector<Slot> bookings = held(before->equipmentId, r.date, r.date, id);
  const SlotCheck check = BookingSlots::checkSlot(s, before->examCode, slot, bookings, moment, r.forClinics ? e->leadMinutes : 0);
  if (check == SlotCheck::Overlaps) throw Refusal(Error::SlotTaken, "This time of " + before->equipmentId + " is taken.");
  if (check != SlotCheck::Fits) throw Refusal(Error::BadRequest, std::string("the time is not bookable: ") + toString(check));
  const std::string to = r.backToRequested ? "requested" : before->state;
  // A booking that stays confirmed keeps its arrival as long before the start as it was.
  std::optional<int> arrival;
  if (to == "confirmed" && before->arrival) arrival = std::max(0, slot.start - (before->start - *before->arrival));
  auto uQuery = db_.query("UPDATE booking SET date = ?, start_minute = ?, end_minute = ?, state = ?, arrival_minute = ?, "
                      "preparation = CASE WHEN ? = 'requested' THEN '' ELSE preparation END, reason = ?, updated_at = ? WHERE id = ?");
  SQLite::Statement& u = *uQuery;
  SQLite::bind(u, r.date.iso(), slot.start, slot.end, to);
  if (arrival) u.bind(5, *arrival);
  else u.bind(5);
  u.bind(6, to);
  u.bind(7, r.reason);
  u.bind(8, static_cast<std::int64_t>(now));
  u.bind(9, static_cast<std::int64_t>(id));
  u.exec();
  hold(id, before->equipmentId, r.date, slot.start, slot.end);
  addEvent(id, now, r.by, before->state, to,
           "moved " + before->date.iso() + " " + hhmm(before->start) + " → " + r.date.iso() + " " + hhmm(slot.start) + ": " + r.reason);
  tx.commit();
  return *before;
}

void Bookings::markSeenByClinic(std::int64_t id, std::int64_t now) {
  auto uQuery = db_.query("UPDATE booking SET clinic_seen_at = max(clinic_seen_at, ?) WHERE id = ?");
  SQLite::Statement& u = *uQuery;
  SQLite::bind(u, now, id);
  u.exec();
}

void Bookings::flag(std::int64_t id, const std::string& why, const std::string& by, std::int64_t now) {
  // Not a step of the booking for the clinic (updated_at stays): the office looks first, and what
  // it then does (reschedule, cancel) is what the clinic is told.
  auto uQuery = db_.query("UPDATE booking SET flagged = CASE WHEN flagged = '' THEN ?1 ELSE flagged || '; ' || ?1 END WHERE id = ?2");
  SQLite::Statement& u = *uQuery;
  SQLite::bind(u, why, id);
  u.exec();
  auto sQuery = db_.query("SELECT state FROM booking WHERE id = ?");
  SQLite::Statement& s = *sQuery;
  s.bind(1, static_cast<std::int64_t>(id));
  s.executeStep();
  const std::string state = s.getColumn(0).getString();
  addEvent(id, now, by, state, state, "flagged: " + why);
}

void Bookings::unflag(std::int64_t id, const std::string& by, const std::string& reason, std::int64_t now) {
  auto tx = db_.write();
  const auto b = find(id);
  if (!b) throw Refusal(Error::UnknownBooking, "No booking " + std::to_string(id) + ".");
  if (b->flagged.empty()) throw Refusal(Error::BookingState, "The booking is not flagged.", "booking_state: not flagged");
  auto uQuery = db_.query("UPDATE booking SET flagged = '' WHERE id = ?");
  SQLite::Statement& u = *uQuery;
  u.bind(1, static_cast<std::int64_t>(id));
  u.exec();
  addEvent(id, now, by, b->state, b->state, "unflagged: " + reason);
  tx.commit();
}

std::vector<std::int64_t> Bookings::addClosure(ClosureRecord& c, const std::string& by, std::int64_t now) {
  auto tx = db_.write();
  if (!c.equipmentId.empty() && !equipment(c.equipmentId)) throw Refusal(Error::UnknownEquipment, "No scanner '" + c.equipmentId + "'.");
  auto insQuery = db_.query("INSERT INTO equipment_closure (equipment_id, date, start_minute, end_minute, reason) VALUES (?, ?, ?, ?, ?)");
  SQLite::Statement& ins = *insQuery;
  if (c.equipmentId.empty()) ins.bind(1);
  else ins.bind(1, c.equipmentId);
  ins.bind(2, c.date.iso());
  if (c.hours) {
    ins.bind(3, c.hours->start);
    ins.bind(4, c.hours->end);
  } else {
    ins.bind(3);
    ins.bind(4);
  }
  ins.bind(5, c.reason);
  ins.exec();
  c.id = db_.sql().getLastInsertRowid();
  auto qQuery = db_.query("SELECT id FROM booking WHERE state IN ('requested', 'confirmed') AND date = ?1 AND (?2 = '' OR equipment_id = ?2) "
                      "AND (?3 IS NULL OR (start_minute < ?4 AND end_minute > ?3)) ORDER BY start_minute, id");
  SQLite::Statement& q = *qQuery;
  SQLite::bind(q, c.date.iso(), c.equipmentId);
  if (c.hours) {
    q.bind(3, c.hours->start);
    q.bind(4, c.hours->end);
  } else {
    q.bind(3);  // NULL: the whole day
    q.bind(4);
  }
  std::vector<std::int64_t> hit;
  while (q.executeStep()) hit.push_back(q.getColumn(0).getInt64());
  const std::string why = "closure " + c.date.iso() + (c.hours ? " " + hhmm(c.hours->start) + "-" + hhmm(c.hours->end) : "") + ": " + c.reason;
  for (std::int64_t id : hit) flag(id, why, by, now);
  tx.commit();
  return hit;
}

std::vector<ClosureRecord> Bookings::closures(std::optional<Date> from, std::optional<Date> to) {
  auto qQuery = db_.query("SELECT id, coalesce(equipment_id, ''), date, start_minute, end_minute, reason FROM equipment_closure "
                      "WHERE (?1 = '' OR date >= ?1) AND (?2 = '' OR date <= ?2) ORDER BY date, id");
  SQLite::Statement& q = *qQuery;
  SQLite::bind(q, from ? from->iso() : "", to ? to->iso() : "");
  std::vector<ClosureRecord> out;
  while (q.executeStep()) {
    ClosureRecord c{q.getColumn(0).getInt64(), q.getColumn(1).getString(), Date::parse(q.getColumn(2).getString()).value_or(Date{}),
                    std::nullopt, q.getColumn(5).getString()};
    if (!q.getColumn(3).isNull() && !q.getColumn(4).isNull()) c.hours = TimeRange{q.getColumn(3).getInt(), q.getColumn(4).getInt()};
    out.push_back(c);
  }
  return out;
}

std::vector<std::int64_t> Bookings::updateEquipment(const std::string& id, const EquipmentChange& c, const std::string& by,
                                                    std::int64_t now) {
  auto tx = db_.write();
  const auto before = equipment(id);
  if (!before) throw Refusal(Error::UnknownEquipment, "No scanner '" + id + "'.");
  auto uQuery = db_.query("UPDATE equipment SET book_ahead_days = ?, lead_minutes = ?, active = ?, weight_limit_kg = ? WHERE id = ?");
  SQLite::Statement& u = *uQuery;
  SQLite::bind(u, c.bookAheadDays.value_or(before->bookAheadDays), c.leadMinutes.value_or(before->leadMinutes),
               c.active.value_or(before->active) ? 1 : 0, c.weightLimitKg.value_or(before->weightLimitKg), id);
  u.exec();
  std::vector<std::int64_t> hit;
  if (before->active && c.active == false) {
    auto qQuery = db_.query("SELECT id FROM booking WHERE equipment_id = ? AND date >= ? AND state IN ('requested', 'confirmed') ORDER BY date, start_minute");
    SQLite::Statement& q = *qQuery;
    SQLite::bind(q, id, Date::fromUnixSecondsJst(now).iso());
    while (q.executeStep()) hit.push_back(q.getColumn(0).getInt64());
    for (std::int64_t b : hit) flag(b, "scanner " + id + " out of service", by, now);
  }
  tx.commit();
  return hit;
}

std::vector<HoursRow> Bookings::hours(const std::string& equipmentId) {
  auto qQuery = db_.query("SELECT weekday, start_minute, end_minute, reserved FROM equipment_hours WHERE equipment_id = ? "
                      "ORDER BY weekday, start_minute");
  SQLite::Statement& q = *qQuery;
  q.bind(1, equipmentId);
  std::vector<HoursRow> out;
  while (q.executeStep())
    out.push_back({q.getColumn(0).getInt(), {q.getColumn(1).getInt(), q.getColumn(2).getInt()}, q.getColumn(3).getInt() != 0});
  return out;
}

std::vector<std::int64_t> Bookings::replaceHours(const std::string& equipmentId, const std::vector<HoursRow>& rows,
                                                 const std::string& by, std::int64_t now) {
  auto tx = db_.write();
  const auto e = equipment(equipmentId);
  if (!e) throw Refusal(Error::UnknownEquipment, "No scanner '" + equipmentId + "'.");
  auto dQuery = db_.query("DELETE FROM equipment_hours WHERE equipment_id = ?");
  SQLite::Statement& d = *dQuery;
  d.bind(1, equipmentId);
  d.exec();
  for (const HoursRow& h : rows) {
    auto insQuery = db_.query("INSERT INTO equipment_hours (equipment_id, weekday, start_minute, end_minute, reserved) VALUES (?, ?, ?, ?, ?)");
    SQLite::Statement& ins = *insQuery;
    SQLite::bind(ins, equipmentId, h.weekday, h.range.start, h.range.end, h.reserved ? 1 : 0);
    ins.exec();
  }
  // The new hours alone decide (closures and holidays flag for themselves): a booking is the
  // clinic's request, so it must lie inside the hours clinics may book.
  EquipmentSchedule s = schedule(*e, true);
  s.closures.clear();
  s.holidays = nullptr;
  auto qQuery = db_.query("SELECT id, exam_code, date, start_minute, end_minute FROM booking WHERE equipment_id = ? AND date >= ? "
                      "AND state IN ('requested', 'confirmed') ORDER BY date, start_minute");
  SQLite::Statement& q = *qQuery;
  SQLite::bind(q, equipmentId, Date::fromUnixSecondsJst(now).iso());
  std::vector<std::pair<std::int64_t, std::string>> hit;
  while (q.executeStep()) {
    const auto day = Date::parse(q.getColumn(2).getString());
    if (!day) continue;
    const Slot slot{*day, q.getColumn(3).getInt(), q.getColumn(4).getInt()};
    const SlotCheck check = BookingSlots::checkSlot(s, q.getColumn(1).getString(), slot, {});
    if (check == SlotCheck::OutsideHours || check == SlotCheck::Closed)
      hit.emplace_back(q.getColumn(0).getInt64(), "hours changed: " + day->iso() + " " + hhmm(slot.start) + " is outside " +
                                                      equipmentId + "'s hours");
  }
  std::vector<std::int64_t> ids;
  for (const auto& [id, why] : hit) {
    flag(id, why, by, now);
    ids.push_back(id);
  }
  tx.commit();
  return ids;
}

void Bookings::createDemoEquipment() {
  auto tx = db_.write();
  struct Row {
    const char *id, *kind, *ja, *en;
    double limit;
  };
  for (const Row& r : {Row{"CT1", "CT", "CT 1号機", "CT 1", 200}, Row{"CT2", "CT", "CT 2号機", "CT 2", 200},
                       Row{"MRI15", "MRI", "MRI 1.5T", "MRI 1.5T", 150}, Row{"MRI3T", "MRI", "MRI 3T", "MRI 3T", 150},
                       Row{"DXA", "DXA", "骨密度測定装置 (DXA)", "Bone densitometer (DXA)", 160}}) {
    auto eQuery = db_.query("INSERT INTO equipment (id, kind, name_ja, name_en, weight_limit_kg) VALUES (?, ?, ?, ?, ?)");
    SQLite::Statement& e = *eQuery;
    e.bind(1, r.id);
    e.bind(2, r.kind);
    e.bind(3, r.ja);
    e.bind(4, r.en);
    e.bind(5, r.limit);
    e.exec();
    // Weekdays 9:00-12:00 and 13:00-17:00; CT 2 keeps its mornings for inpatients and emergencies;
    // Saturday mornings for the MRI 1.5T.
    for (int day = 1; day <= 5; ++day)
      for (auto [start, end] : {std::pair{540, 720}, std::pair{780, 1020}}) {
        auto hQuery = db_.query("INSERT INTO equipment_hours (equipment_id, weekday, start_minute, end_minute, reserved) VALUES (?, ?, ?, ?, ?)");
        SQLite::Statement& h = *hQuery;
        h.bind(1, r.id);
        h.bind(2, day);
        h.bind(3, start);
        h.bind(4, end);
        h.bind(5, std::string(r.id) == "CT2" && start == 540 ? 1 : 0);
        h.exec();
      }
    if (std::string(r.id) == "MRI15")
      db_.sql().exec("INSERT INTO equipment_hours (equipment_id, weekday, start_minute, end_minute) VALUES ('MRI15', 6, 540, 720)");
  }
  struct Exam {
    const char *code, *kind, *ja, *en;
    int minutes, contrast;
    const char *prepJa, *prepEn;
  };
  for (const Exam& x :
       {Exam{"CT-CHEST", "CT", "胸部CT (単純)", "Chest CT (plain)", 10, 0, "", ""},
        Exam{"CT-ABD", "CT", "腹部CT (単純)", "Abdominal CT (plain)", 10, 0, "", ""},
        Exam{"CT-ABD-C", "CT", "腹部CT (造影)", "Abdominal CT with contrast", 15, 1, "検査の 4 時間前から絶食 (水・お茶は可)",
             "Nothing to eat for 4 hours before (water and tea are fine)"},
        Exam{"CT-HEAD", "CT", "頭部CT (単純)", "Head CT (plain)", 10, 0, "", ""},
        Exam{"MRI-HEAD", "MRI", "頭部MRI", "Head MRI", 30, 0, "金属類は外してきてください", "Leave metal objects at home"},
        Exam{"MRI-LSPINE", "MRI", "腰椎MRI", "Lumbar spine MRI", 30, 0, "金属類は外してきてください", "Leave metal objects at home"},
        Exam{"MRI-LIVER-C", "MRI", "肝臓MRI (造影)", "Liver MRI with contrast", 45, 1, "検査の 4 時間前から絶食",
             "Nothing to eat for 4 hours before"},
        Exam{"DXA-LS-HIP", "DXA", "骨密度 (腰椎・大腿骨)", "Bone density (lumbar spine and hip)", 15, 0, "", ""}}) {
    auto tQuery = db_.query("INSERT INTO exam_type (code, kind, name_ja, name_en, minutes, contrast, preparation_ja, preparation_en) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement& t = *tQuery;
    t.bind(1, x.code);
    t.bind(2, x.kind);
    t.bind(3, x.ja);
    t.bind(4, x.en);
    t.bind(5, x.minutes);
    t.bind(6, x.contrast);
    t.bind(7, x.prepJa);
    t.bind(8, x.prepEn);
    t.exec();
  }
  tx.commit();
}

void Bookings::createDemoBookings(std::int64_t now) {
  // The first free weekday time at least `days` ahead (the demo runs on the real clock).
  const auto at = [&](const char* equipmentId, const char* exam, int days, int start) {
    const EquipmentSchedule s = schedule(*equipment(equipmentId), true);
    Date d = Date::fromUnixSecondsJst(now).plusDays(days);
    while (BookingSlots::closedAllDay(s, d) || static_cast<int>(d.weekday()) > 5) d = d.plusDays(1);
    return NewBooking{equipmentId, exam, d, start, "", "clinic-tanaka", "dr-tanaka", "routine", "", "ok"};
  };
  const std::string noChecklist =
      R"j("checklist": {"contrast_reaction": "no", "asthma": "no", "metformin": "no", "pregnancy": "no", "pacemaker": "no",)j"
      R"j( "cochlear_implant": "no", "neurostimulator": "no", "other_implant": "no", "device_mr_conditional": "no",)j"
      R"j( "metal_fragments": "no", "claustrophobia": "no", "tattoos": "no", "height_cm": 165, "weight_kg": 62}, "findings": []})j";
  NewBooking mri = at("MRI3T", "MRI-HEAD", 4, 600);
  mri.patientId = "P000101";
  mri.urgency = "soon";
  mri.orderJson = R"j({"order": {"body_part": "頭部", "purpose": "精査", "question": "1 か月前からの頭痛とふらつき。脳血管障害・腫瘍の有無",)j"
                  R"j( "history": "高血圧 (10 年)", "medication": "アムロジピン 5 mg 1 日 1 回", "contrast": false}, )j" + noChecklist;
  request(mri, now, true);
  NewBooking dxa = at("DXA", "DXA-LS-HIP", 6, 840);
  dxa.patientId = "P000102";
  dxa.orderJson = R"j({"order": {"body_part": "腰椎・大腿骨", "purpose": "経過観察", "question": "骨粗鬆症治療 1 年後の骨密度の変化",)j"
                  R"j( "history": "骨粗鬆症 (2 年前より治療中)", "medication": "アレンドロン酸 35 mg 週 1 回", "contrast": false}, )j" + noChecklist;
  const std::int64_t id = request(dxa, now, true);
  step(id, {"rad-sato", {"requested"}, "confirmed", "", false, dxa.start - 15, "", ""}, now);
}

}  // namespace renkei::server
