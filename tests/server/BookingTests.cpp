// SPDX-License-Identifier: MIT
// Booking against the real server (issue 12, R-BOOK-1..4): the scanners and their free slots, a
// clinic doctor's request with the structured order and its safety checklist, the consent scope,
// and — fired from 50 threads at once — one slot booked exactly once (R-BOOK-3).
#include <algorithm>
#include <csignal>
#include <thread>

#include "DemoServer.h"
#include "core/booking/Holidays.h"
#include "core/time/Date.h"

using namespace renkei::test;

namespace {

/// The first weekday at least `days` ahead of today (JST), as YYYY-MM-DD.
std::string weekdayAhead(int days) {
  renkei::Date d = renkei::Date::fromUnixSecondsJst(kStart).plusDays(days);
  while (static_cast<int>(d.weekday()) > 5 || renkei::japaneseHolidays().contains(d)) d = d.plusDays(1);
  return d.iso();
}

json checklistNo() {
  json c = json::object();
  for (const char* q : {"contrast_reaction", "asthma", "metformin", "pregnancy", "pacemaker", "cochlear_implant", "neurostimulator",
                        "other_implant", "device_mr_conditional", "metal_fragments", "claustrophobia", "tattoos"})
    c[q] = "no";
  c["height_cm"] = 168;
  c["weight_kg"] = 64;
  return c;
}

json request(const std::string& date, const std::string& start, const char* equipment = "CT1", const char* exam = "CT-CHEST",
             const char* patient = "P000101") {
  return {{"patient_id", patient},
          {"equipment", equipment},
          {"exam", exam},
          {"date", date},
          {"start", start},
          {"urgency", "routine"},
          {"order", {{"body_part", "胸部"}, {"purpose", "経過観察"}, {"question", "右上葉結節の増大の有無"}, {"history", "喫煙歴 40 pack-years"}}},
          {"checklist", checklistNo()}};
}

}  // namespace

TEST_CASE("R-BOOK-1, R-BOOK-3: scanners, their free slots, and a clinic doctor's request holding its slot", "[server][booking]") {
  std::signal(SIGPIPE, SIG_IGN);
  Demo demo;
  const auto doctor = demo.signedIn("dr-tanaka", "Renkei-clinic-2026");
  auto r = demo.call("GET", "/api/v1/booking/equipment", doctor);
  REQUIRE(r.status == 200);
  REQUIRE(r.body["equipment"].size() == 5);
  json ct2;
  for (const json& e : r.body["equipment"])
    if (e["id"] == "CT2") ct2 = e;
  // CT 2 keeps its mornings for inpatients and emergencies: clinics see only the afternoons.
  REQUIRE(!ct2.is_null());
  for (const json& h : ct2["hours"]) CHECK(h["start"] == "13:00");

  const std::string day = weekdayAhead(3);
  r = demo.call("GET", "/api/v1/booking/slots?equipment=CT1&exam=CT-CHEST&from=" + day + "&to=" + day, doctor);
  REQUIRE(r.status == 200);
  REQUIRE(r.body["slots"].size() == 42);  // 9-12 and 13-17 in 10-minute exams
  CHECK(r.body["slots"][0]["start"] == "09:00");

  r = demo.call("POST", "/api/v1/bookings", doctor, request(day, "09:00"));
  INFO(r.text);
  REQUIRE(r.status == 201);
  CHECK(r.body["booking"]["state"] == "requested");
  CHECK(r.body["booking"]["end"] == "09:10");
  CHECK(r.body["booking"]["facility_id"] == "clinic-tanaka");
  // Held at once: the slot is gone from the list, and a second request (another doctor of the
  // clinic, an overlapping 15-minute contrast exam) is refused.
  r = demo.call("GET", "/api/v1/booking/slots?equipment=CT1&exam=CT-CHEST&from=" + day + "&to=" + day, doctor);
  CHECK(r.body["slots"][0]["start"] == "09:10");
  const auto colleague = demo.signedIn("dr-suzuki", "Renkei-clinic-2026");
  json overlapping = request(day, "09:05", "CT1", "CT-ABD-C");
  overlapping["checklist"]["egfr"] = 70;
  overlapping["checklist"]["egfr_date"] = renkei::Date::fromUnixSecondsJst(kStart).iso();
  r = demo.call("POST", "/api/v1/bookings", colleague, overlapping);
  CHECK(r.status == 409);
  CHECK(r.body["error"]["code"] == "slot_taken");
  // Off the grid of the schedule, or in the reserved morning of CT 2: refused.
  CHECK(demo.call("POST", "/api/v1/bookings", colleague, request(day, "13:03")).status == 400);
  CHECK(demo.call("POST", "/api/v1/bookings", colleague, request(day, "09:00", "CT2")).status == 400);
  CHECK(demo.call("POST", "/api/v1/bookings", colleague, request(day, "13:00", "CT2")).status == 201);
  // The clinic sees its requests; another clinic sees none of them.
  r = demo.call("GET", "/api/v1/bookings", doctor);
  CHECK(r.body["bookings"].size() == 2);
  const auto other = demo.signedIn("dr-kobayashi", "Renkei-clinic-2026");
  CHECK(demo.call("GET", "/api/v1/bookings", other).body["bookings"].empty());
  const auto staff = demo.signedIn("rad-sato", "Renkei-staff-2026");
  CHECK(demo.call("GET", "/api/v1/bookings", staff).body["bookings"].size() == 2);
  // Audited, allowed and denied.
  CHECK(demo.audit("action = 'booking.request' AND outcome = 'allowed'").size() == 2);
  const auto denied = demo.audit("action = 'booking.request' AND outcome = 'denied'");
  CHECK(denied.size() == 3);
}

TEST_CASE("R-BOOK-4, R-CON: the checklist's verdict decides, and only patients in the consent scope", "[server][booking]") {
  std::signal(SIGPIPE, SIG_IGN);
  Demo demo;
  const auto doctor = demo.signedIn("dr-tanaka", "Renkei-clinic-2026");
  const std::string day = weekdayAhead(3);
  // Contrast with an eGFR of 25: blocked, with the finding, nothing booked.
  json low = request(day, "09:00", "CT1", "CT-ABD-C");
  low["checklist"]["egfr"] = 25;
  low["checklist"]["egfr_date"] = renkei::Date::fromUnixSecondsJst(kStart).iso();
  auto r = demo.call("POST", "/api/v1/bookings", doctor, low);
  REQUIRE(r.status == 422);
  CHECK(r.body["error"]["code"] == "safety_blocked");
  REQUIRE(!r.body["error"]["findings"].empty());
  CHECK(r.body["error"]["findings"][0]["code"] == "egfr-below-30");
  CHECK(demo.call("GET", "/api/v1/bookings", doctor).body["bookings"].empty());
  const auto audited = demo.audit("action = 'booking.request'");
  REQUIRE(audited.size() == 1);
  CHECK(audited[0]["outcome"] == "denied");
  CHECK(audited[0]["detail"].get<std::string>().find("egfr-below-30") != std::string::npos);
  // A missing answer blocks; 30-45 is a warning kept with the booking.
  json unanswered = request(day, "09:00", "MRI15", "MRI-HEAD");
  unanswered["checklist"].erase("pacemaker");
  r = demo.call("POST", "/api/v1/bookings", doctor, unanswered);
  CHECK(r.status == 422);
  CHECK(r.body["error"]["findings"][0]["field"] == "pacemaker");
  low["checklist"]["egfr"] = 40;
  r = demo.call("POST", "/api/v1/bookings", doctor, low);
  INFO(r.text);
  REQUIRE(r.status == 201);
  CHECK(r.body["booking"]["verdict"] == "warn");
  CHECK(r.body["findings"][0]["code"] == "egfr-30-45");
  // Outside the consent: P000103's was withdrawn, P000105 belongs to another clinic — 404, audited.
  CHECK(demo.call("POST", "/api/v1/bookings", doctor, request(day, "10:00", "CT1", "CT-CHEST", "P000103")).status == 404);
  CHECK(demo.call("POST", "/api/v1/bookings", doctor, request(day, "10:00", "CT1", "CT-CHEST", "P000105")).status == 404);
  // Bad input: a clear 400, nothing kept.
  json bad = request(day, "9:00");
  CHECK(demo.call("POST", "/api/v1/bookings", doctor, bad).status == 400);
  bad = request(day, "10:00");
  bad["order"]["purpose"] = " ";
  CHECK(demo.call("POST", "/api/v1/bookings", doctor, bad).status == 400);
  bad = request(day, "10:00");
  bad["checklist"]["asthma"] = "maybe";
  r = demo.call("POST", "/api/v1/bookings", doctor, bad);
  CHECK(r.status == 400);
  CHECK(r.body["error"]["message"].get<std::string>().find("checklist.asthma") != std::string::npos);
  // Hospital staff do not book through the clinic's form.
  const auto staff = demo.signedIn("rad-sato", "Renkei-staff-2026");
  CHECK(demo.call("POST", "/api/v1/bookings", staff, request(day, "10:00")).status == 403);
  CHECK(demo.call("GET", "/api/v1/bookings", doctor).body["bookings"].size() == 1);
}

TEST_CASE("R-BOOK-3: 50 requests for one slot at once — exactly one is booked", "[server][booking][concurrency]") {
  std::signal(SIGPIPE, SIG_IGN);
  Demo demo;
  std::vector<Demo::Login> logins;
  for (const char* who : {"dr-tanaka", "dr-suzuki"}) logins.push_back(demo.signedIn(who, "Renkei-clinic-2026"));
  const std::string day = weekdayAhead(5);
  constexpr int kRequests = 50;
  std::vector<int> status(kRequests, 0);
  std::vector<std::thread> threads;
  for (int k = 0; k < kRequests; ++k)
    threads.emplace_back([&, k] {
      // A client (connection) of its own per thread.
      auto client = demo.server->client();
      const Demo::Login& l = logins[static_cast<std::size_t>(k % 2)];
      const json body = request(day, "14:00");
      auto h = demo.at(kStart, l.cookie, l.body["csrf_token"].get<std::string>());
      auto r = client->Post("/api/v1/bookings", h, body.dump(), "application/json");
      status[static_cast<std::size_t>(k)] = r ? r->status : -1;
    });
  for (auto& t : threads) t.join();
  CHECK(std::count(status.begin(), status.end(), 201) == 1);
  CHECK(std::count(status.begin(), status.end(), 409) == kRequests - 1);
  SQLite::Database db((demo.data / "renkei.sqlite").string(), SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT count(*) FROM booking WHERE date = '" + day + "'").getInt() == 1);
  CHECK(db.execAndGet("SELECT count(*) FROM booking_hold WHERE date = '" + day + "'").getInt() == 2);  // 14:00, 14:05
  CHECK(demo.audit("action = 'booking.request'").size() == kRequests);
  // The database itself refuses a second holder of a held step, whoever writes it.
  SQLite::Database rw((demo.data / "renkei.sqlite").string(), SQLite::OPEN_READWRITE);
  CHECK_THROWS(rw.exec("INSERT INTO booking_hold (equipment_id, date, minute, booking_id) SELECT 'CT1', '" + day +
                       "', 840, id FROM booking LIMIT 1"));
}
