// SPDX-License-Identifier: MIT
// The booking screens' JSON (issue 12, docs/api.md): scanners with their exams, free slots, a
// booking with its stored order, checklist, findings and history; and the order form turned into
// the checklist the API takes, read the same way as core::checkOrderSafety reads it.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "wasm-app/booking/Booking.h"

using namespace renkei;
using namespace renkei::app;
using nlohmann::json;

TEST_CASE("booking: scanners, exams and free slots (R-BOOK-1)") {
  const json answer = json::parse(R"({"equipment": [
    {"id": "MRI15", "kind": "MRI", "name_ja": "MRI 1.5T", "name_en": "MRI 1.5T", "weight_limit_kg": 150, "book_ahead_days": 60,
     "exams": [{"code": "MRI-HEAD", "name_ja": "頭部MRI", "name_en": "Head MRI", "minutes": 30, "contrast": false,
                "preparation_ja": "金属類は外してきてください", "preparation_en": "Leave metal objects at home"}]},
    {"kind": "CT"},
    {"id": "CT1", "kind": "CT", "weight_limit_kg": "heavy", "exams": "none"}]})");
  const auto e = equipmentFrom(answer);
  REQUIRE(e.size() == 2);  // one without an id is dropped
  CHECK(e[0].exams.size() == 1);
  CHECK(e[0].exams[0].minutes == 30);
  CHECK(e[0].exams[0].preparationJa == "金属類は外してきてください");
  CHECK(e[1].weightLimitKg == 150);  // a wrong type reads as the default
  CHECK(e[1].exams.empty());
  const auto slots = slotsFrom(json::parse(R"({"slots": [{"date": "2026-12-08", "start": "09:00", "end": "09:10"}]})"));
  REQUIRE(slots.size() == 1);
  CHECK(slots[0] == FreeSlot{"2026-12-08", "09:00", "09:10"});
}

TEST_CASE("booking: a booking with its order, checklist, findings and events (R-BOOK-2)") {
  const json answer = json::parse(R"J({"booking": {"id": 7, "equipment": "CT1", "equipment_name_ja": "CT 1号機", "exam": "CT-ABD-C",
    "exam_name_ja": "腹部CT (造影)", "date": "2026-12-08", "start": "09:00", "end": "09:15", "arrival": "08:45",
    "patient_id": "P000101", "patient_name": "山田 太郎", "state": "confirmed", "status": "booked", "urgency": "soon",
    "is_new": true, "images_available": true, "report_available": false, "referral_document_id": 31, "flagged": "",
    "order": {"order": {"body_part": "腹部", "purpose": "精査", "question": "肝腫瘤", "history": ""},
              "checklist": {"egfr": 58.5, "egfr_date": "2026-11-20", "asthma": "no", "weight_kg": 64},
              "findings": [{"severity": "warn", "code": "metformin", "field": "metformin", "ja": "休薬", "en": "pause"}]},
    "events": [{"at": 100, "by_name": "田中 一郎", "from": "", "to": "requested", "reason": ""},
               {"at": 200, "by_name": "佐藤", "from": "requested", "to": "confirmed", "reason": ""}]}})J");
  const BookingRow b = bookingFrom(answer["booking"]);
  CHECK(b.id == 7);
  CHECK(b.state == "confirmed");
  CHECK(b.status == "booked");
  CHECK(b.arrival == "08:45");
  CHECK(b.isNew);
  CHECK(b.imagesAvailable);
  CHECK_FALSE(b.reportAvailable);
  CHECK(b.referralDocumentId == 31);
  REQUIRE(b.order.size() == 3);  // an empty history is not listed
  CHECK(b.order[0] == std::pair<std::string, std::string>{"body_part", "腹部"});
  // The checklist as sent: numbers shown without trailing zeros.
  bool egfr = false, weight = false;
  for (const auto& [field, value] : b.checklist) {
    if (field == "egfr") egfr = value == "58.5";
    if (field == "weight_kg") weight = value == "64";
  }
  CHECK(egfr);
  CHECK(weight);
  REQUIRE(b.findings.size() == 1);
  CHECK(b.findings[0].severity == Severity::Warn);
  REQUIRE(b.events.size() == 2);
  CHECK(b.events[1].to == "confirmed");
  CHECK(bookingsFrom(json::parse(R"({"bookings": [{"id": 1}, {"id": 2}]})")).size() == 2);
  CHECK(bookingsFrom(json::parse(R"({"bookings": 3})")).empty());
}

TEST_CASE("booking: the order form's checklist, as the API takes it and as core judges it (R-BOOK-4)") {
  OrderForm f;
  f.egfr = "28";
  f.egfrDate = "2026-11-20";
  f.height = "168";
  f.weight = "64.5 ";
  f.answers.pacemaker = Answer::Yes;
  f.answers.asthma = Answer::No;
  const json c = checklistJson(f);
  CHECK(c["egfr"] == 28.0);
  CHECK(c["egfr_date"] == "2026-11-20");
  CHECK(c["weight_kg"] == 64.5);
  CHECK(c["pacemaker"] == "yes");
  CHECK(c["asthma"] == "no");
  CHECK_FALSE(c.contains("tattoos"));  // unanswered: left out, the server blocks it as unanswered
  f.egfr = "28 mL";  // not a number: not sent, so the verdict says it is missing
  CHECK_FALSE(checklistJson(f).contains("egfr"));
  CHECK_FALSE(answersOf(f).egfr.has_value());

  // What the screen shows while typing is core's verdict on these answers.
  OrderSafetyInput in;
  in.equipment = Equipment::CT;
  in.contrast = true;
  in.examDate = *Date::parse("2026-12-08");
  f.egfr = "28";
  in.answers = answersOf(f);
  const SafetyVerdict v = checkOrderSafety(in);
  CHECK(v.blocked());
  bool below30 = false;
  for (const SafetyFinding& x : v.findings) below30 = below30 || x.code == "egfr-below-30";
  CHECK(below30);
}

TEST_CASE("booking: a weekday's hours as the office types them, and back (issue 12 §1)") {
  const std::vector<OpeningHours> hours{{1, "09:00", "12:00", false}, {1, "13:00", "17:00", false}, {2, "09:00", "12:00", true}};
  CHECK(hoursText(hours, 1, false) == "09:00-12:00, 13:00-17:00");
  CHECK(hoursText(hours, 2, true) == "09:00-12:00");
  CHECK(hoursText(hours, 3, false).empty());
  using Ranges = std::vector<std::pair<std::string, std::string>>;
  CHECK(parseHoursText("09:00-12:00, 13:00-17:00") == Ranges{{"09:00", "12:00"}, {"13:00", "17:00"}});
  CHECK(parseHoursText("9:00〜12:00、13:30–17:00") == Ranges{{"09:00", "12:00"}, {"13:30", "17:00"}});
  CHECK(parseHoursText("  ") == Ranges{});
  CHECK_FALSE(parseHoursText("09:00").has_value());
  CHECK_FALSE(parseHoursText("09:00-12").has_value());
  CHECK_FALSE(parseHoursText("09:00-12:00,").has_value());
  CHECK_FALSE(parseHoursText("午前").has_value());
}
