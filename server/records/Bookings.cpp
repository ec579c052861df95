// SPDX-License-Identifier: MIT
#include "server/records/Bookings.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

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
  return b;
}
constexpr const char* kBookingColumns =
    "id, equipment_id, exam_code, date, start_minute, end_minute, patient_id, facility_id, requested_by, state, urgency, "
    "order_json, verdict, reason, created_at, updated_at";

}  // namespace

std::vector<EquipmentInfo> Bookings::equipment() {
  std::lock_guard lock(db_.mutex());
  SQLite::Statement q(db_.sql(), std::string("SELECT ") + kEquipmentColumns + " FROM equipment ORDER BY kind, id");
  std::vector<EquipmentInfo> out;
  while (q.executeStep()) out.push_back(equipmentFrom(q));
  return out;
}

std::optional<EquipmentInfo> Bookings::equipment(const std::string& id) {
  std::lock_guard lock(db_.mutex());
  SQLite::Statement q(db_.sql(), std::string("SELECT ") + kEquipmentColumns + " FROM equipment WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return equipmentFrom(q);
}

std::vector<ExamTypeInfo> Bookings::examTypes(const std::string& kind) {
  std::lock_guard lock(db_.mutex());
  SQLite::Statement q(db_.sql(), std::string("SELECT ") + kExamColumns + " FROM exam_type WHERE kind = ? ORDER BY code");
  q.bind(1, kind);
  std::vector<ExamTypeInfo> out;
  while (q.executeStep()) out.push_back(examFrom(q));
  return out;
}

std::optional<ExamTypeInfo> Bookings::examType(const std::string& code) {
  std::lock_guard lock(db_.mutex());
  SQLite::Statement q(db_.sql(), std::string("SELECT ") + kExamColumns + " FROM exam_type WHERE code = ?");
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
  std::lock_guard lock(db_.mutex());
  SQLite::Statement h(db_.sql(),
                      "SELECT weekday, start_minute, end_minute FROM equipment_hours WHERE equipment_id = ? AND (reserved = 0 OR ?) "
                      "ORDER BY weekday, start_minute");
  h.bind(1, e.id);
  h.bind(2, forClinics ? 0 : 1);
  while (h.executeStep()) s.weekly[static_cast<std::size_t>(h.getColumn(0).getInt() - 1)].push_back({h.getColumn(1).getInt(), h.getColumn(2).getInt()});
  SQLite::Statement c(db_.sql(),
                      "SELECT date, start_minute, end_minute, reason FROM equipment_closure WHERE equipment_id = ? OR equipment_id IS NULL");
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

std::vector<Slot> Bookings::held(const std::string& equipmentId, Date from, Date to) {
  std::lock_guard lock(db_.mutex());
  SQLite::Statement q(db_.sql(),
                      "SELECT date, start_minute, end_minute FROM booking WHERE equipment_id = ? AND date BETWEEN ? AND ? "
                      "AND state IN ('requested', 'confirmed') ORDER BY date, start_minute");
  q.bind(1, equipmentId);
  q.bind(2, from.iso());
  q.bind(3, to.iso());
  std::vector<Slot> out;
  while (q.executeStep())
    if (const auto d = Date::parse(q.getColumn(0).getString())) out.push_back({*d, q.getColumn(1).getInt(), q.getColumn(2).getInt()});
  return out;
}

std::int64_t Bookings::request(const NewBooking& b, std::int64_t now, bool forClinics) {
  const auto e = equipment(b.equipmentId);
  if (!e || !e->active) throw Refusal(Error::UnknownEquipment, "No scanner '" + b.equipmentId + "'.");
  const auto exam = examType(b.examCode);
  if (!exam || exam->kind != e->kind)
    throw Refusal(Error::BadRequest, "exam '" + b.examCode + "' is not done on " + b.equipmentId);
  if (b.start % kHoldStep != 0) throw Refusal(Error::BadRequest, "the start must be on the schedule's 5-minute grid");
  const EquipmentSchedule s = schedule(*e, forClinics);
  const Slot slot{b.date, b.start, b.start + exam->minutes};
  const Date today = Date::fromUnixSecondsJst(now);
  const Moment moment{today, static_cast<int>((now - today.startUnixSecondsJst()) / 60)};
  if (forClinics && daysBetween(today, b.date) > e->bookAheadDays)
    throw Refusal(Error::BadRequest, "clinics may book at most " + std::to_string(e->bookAheadDays) + " days ahead");

  std::lock_guard lock(db_.mutex());
  SQLite::Transaction tx(db_.sql());
  // Checked again inside the transaction, against what is booked now.
  const std::vector<Slot> bookings = held(b.equipmentId, b.date, b.date);
  const SlotCheck check = BookingSlots::checkSlot(s, b.examCode, slot, bookings, moment, forClinics ? e->leadMinutes : 0);
  if (check == SlotCheck::Overlaps) throw Refusal(Error::SlotTaken, "This time of " + b.equipmentId + " is taken.");
  if (check != SlotCheck::Fits)
    throw Refusal(Error::BadRequest, std::string("the time is not bookable: ") + toString(check));
  SQLite::Statement ins(db_.sql(),
                        "INSERT INTO booking (equipment_id, exam_code, date, start_minute, end_minute, patient_id, facility_id, "
                        "requested_by, state, urgency, order_json, verdict, created_at, updated_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'requested', ?, ?, ?, ?, ?)");
  int k = 1;
  for (const std::string& v : {b.equipmentId, b.examCode, b.date.iso()}) ins.bind(k++, v);
  ins.bind(k++, slot.start);
  ins.bind(k++, slot.end);
  for (const std::string& v : {b.patientId, b.facilityId, b.requestedBy, b.urgency, b.orderJson, b.verdict}) ins.bind(k++, v);
  ins.bind(k++, static_cast<std::int64_t>(now));
  ins.bind(k++, static_cast<std::int64_t>(now));
  ins.exec();
  const std::int64_t id = db_.sql().getLastInsertRowid();
  SQLite::Statement hold(db_.sql(), "INSERT INTO booking_hold (equipment_id, date, minute, booking_id) VALUES (?, ?, ?, ?)");
  for (int m = slot.start; m < slot.end; m += kHoldStep) {
    hold.bind(1, b.equipmentId);
    hold.bind(2, b.date.iso());
    hold.bind(3, m);
    hold.bind(4, static_cast<std::int64_t>(id));
    try {
      hold.exec();
    } catch (const SQLite::Exception& x) {
      // The key: another booking holds this step (another server wrote it since our check).
      if ((x.getErrorCode() & 0xff) == 19 /* SQLITE_CONSTRAINT */) throw Refusal(Error::SlotTaken, "This time of " + b.equipmentId + " is taken.");
      throw;
    }
    hold.reset();
  }
  tx.commit();
  return id;
}

std::vector<BookingRecord> Bookings::list(const std::string& facilityId, int limit) {
  std::lock_guard lock(db_.mutex());
  SQLite::Statement q(db_.sql(), std::string("SELECT ") + kBookingColumns +
                                     " FROM booking WHERE (? = '' OR facility_id = ?) ORDER BY created_at DESC, id DESC LIMIT ?");
  q.bind(1, facilityId);
  q.bind(2, facilityId);
  q.bind(3, limit);
  std::vector<BookingRecord> out;
  while (q.executeStep()) out.push_back(bookingFrom(q));
  return out;
}

std::optional<BookingRecord> Bookings::find(std::int64_t id) {
  std::lock_guard lock(db_.mutex());
  SQLite::Statement q(db_.sql(), std::string("SELECT ") + kBookingColumns + " FROM booking WHERE id = ?");
  q.bind(1, static_cast<std::int64_t>(id));
  if (!q.executeStep()) return std::nullopt;
  return bookingFrom(q);
}

void Bookings::createDemoEquipment() {
  std::lock_guard lock(db_.mutex());
  SQLite::Transaction tx(db_.sql());
  struct Row {
    const char *id, *kind, *ja, *en;
    double limit;
  };
  for (const Row& r : {Row{"CT1", "CT", "CT 1号機", "CT 1", 200}, Row{"CT2", "CT", "CT 2号機", "CT 2", 200},
                       Row{"MRI15", "MRI", "MRI 1.5T", "MRI 1.5T", 150}, Row{"MRI3T", "MRI", "MRI 3T", "MRI 3T", 150},
                       Row{"DXA", "DXA", "骨密度測定装置 (DXA)", "Bone densitometer (DXA)", 160}}) {
    SQLite::Statement e(db_.sql(), "INSERT INTO equipment (id, kind, name_ja, name_en, weight_limit_kg) VALUES (?, ?, ?, ?, ?)");
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
        SQLite::Statement h(db_.sql(),
                            "INSERT INTO equipment_hours (equipment_id, weekday, start_minute, end_minute, reserved) VALUES (?, ?, ?, ?, ?)");
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
    SQLite::Statement t(db_.sql(),
                        "INSERT INTO exam_type (code, kind, name_ja, name_en, minutes, contrast, preparation_ja, preparation_en) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
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

}  // namespace renkei::server
