// SPDX-License-Identifier: MIT
// Booking against the real server (issue 12, R-BOOK-1..4): the scanners and their free slots, a
// clinic doctor's request with the structured order and its safety checklist, the consent scope,
// and — fired from 50 threads at once — one slot booked exactly once (R-BOOK-3).
#include <algorithm>
#include <csignal>
#include <thread>

#include "BookingRequests.h"
#include "DemoServer.h"

using namespace renkei::test;

namespace {

/// `renkei-admin demo` books two exams for dr-tanaka's clinic (an MRI request, a confirmed DXA).
constexpr std::size_t kDemoBookings = 2;

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
  CHECK(r.body["bookings"].size() == kDemoBookings + 2);
  const auto other = demo.signedIn("dr-kobayashi", "Renkei-clinic-2026");
  CHECK(demo.call("GET", "/api/v1/bookings", other).body["bookings"].empty());
  const auto staff = demo.signedIn("rad-sato", "Renkei-staff-2026");
  CHECK(demo.call("GET", "/api/v1/bookings", staff).body["bookings"].size() == kDemoBookings + 2);
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
  CHECK(demo.call("GET", "/api/v1/bookings", doctor).body["bookings"].size() == kDemoBookings);
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
  CHECK(demo.call("GET", "/api/v1/bookings", doctor).body["bookings"].size() == kDemoBookings + 1);
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
  CHECK(db.execAndGet("SELECT count(*) FROM booking WHERE equipment_id = 'CT1' AND date = '" + day + "'").getInt() == 1);
  CHECK(db.execAndGet("SELECT count(*) FROM booking_hold WHERE equipment_id = 'CT1' AND date = '" + day + "'").getInt() == 2);  // 14:00, 14:05
  CHECK(demo.audit("action = 'booking.request'").size() == kRequests);
  // The database itself refuses a second holder of a held step, whoever writes it.
  SQLite::Database rw((demo.data / "renkei.sqlite").string(), SQLite::OPEN_READWRITE);
  CHECK_THROWS(rw.exec("INSERT INTO booking_hold (equipment_id, date, minute, booking_id) SELECT 'CT1', '" + day +
                       "', 840, id FROM booking LIMIT 1"));
}

// ---- After the request (issue 12 §3-§7, R-BOOK-2) -------------------------------------------

namespace {

/// A request of dr-tanaka's clinic that must succeed; the booking's JSON.
json booked(Demo& demo, const Demo::Login& who, const json& body, std::int64_t t = kStart) {
  const auto r = demo.call("POST", "/api/v1/bookings", who, body, t);
  INFO(r.text);
  REQUIRE(r.status == 201);
  return r.body["booking"];
}

std::string path(const json& booking, const std::string& tail = "") {
  return "/api/v1/bookings/" + std::to_string(booking["id"].get<std::int64_t>()) + tail;
}

/// The starts offered for `exam` on `equipment` that day.
std::vector<std::string> offered(Demo& demo, const Demo::Login& who, const std::string& day, const char* equipment = "CT1",
                                 const char* exam = "CT-CHEST") {
  const auto r = demo.call("GET", std::string("/api/v1/booking/slots?equipment=") + equipment + "&exam=" + exam + "&from=" + day +
                                      "&to=" + day,
                           who);
  REQUIRE(r.status == 200);
  std::vector<std::string> out;
  for (const json& s : r.body["slots"]) out.push_back(s["start"]);
  return out;
}
bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

/// 2026年12月8日(火), as a patient reads a date.
std::string japanese(const std::string& iso) {
  static const char* const days[] = {"月", "火", "水", "木", "金", "土", "日"};
  const auto d = *renkei::Date::parse(iso);
  return std::to_string(d.year()) + "年" + std::to_string(d.month()) + "月" + std::to_string(d.day()) + "日(" +
         days[static_cast<int>(d.weekday()) - 1] + ")";
}

json findIn(const json& list, std::int64_t id) {
  for (const json& b : list)
    if (b["id"] == id) return b;
  return nullptr;
}

}  // namespace

TEST_CASE("R-BOOK-2: booking flow — queue oldest first, confirm with arrival, new to the clinic until opened, instruction sheet, done",
          "[server][booking][flow]") {
  std::signal(SIGPIPE, SIG_IGN);
  Demo demo;
  const auto doctor = demo.signedIn("dr-tanaka", "Renkei-clinic-2026");
  const auto staff = demo.signedIn("rad-sato", "Renkei-staff-2026");
  const std::string day = weekdayAhead(3);
  // A contrast CT for a patient on metformin (a warning, kept), then two more requests later.
  json contrast = request(day, "09:00", "CT1", "CT-ABD-C");
  contrast["checklist"]["egfr"] = 70;
  contrast["checklist"]["egfr_date"] = renkei::Date::fromUnixSecondsJst(kStart).iso();
  contrast["checklist"]["metformin"] = "yes";
  const json first = booked(demo, doctor, contrast);
  CHECK(first["state"] == "requested");
  CHECK(first["status"] == "pending");
  CHECK(first["verdict"] == "warn");
  CHECK(first["exam_name_ja"] == "腹部CT (造影)");
  CHECK(first["equipment_name_ja"] == "CT 1号機");
  CHECK(first["patient_name"] == "山田 太郎");
  CHECK(first["facility_name"] == "たなか内科クリニック");
  CHECK(first["requested_by_name"] == "田中 一郎");
  CHECK(first["arrival"] == "");
  CHECK(first["flagged"] == "");
  CHECK(first["referral_document_id"].is_number_integer());
  CHECK(first["is_new"] == false);  // the clinic's own step
  REQUIRE(first["events"].size() == 1);
  CHECK(first["events"][0]["from"] == "");
  CHECK(first["events"][0]["to"] == "requested");
  CHECK(first["events"][0]["by"] == "dr-tanaka");
  const json second = booked(demo, doctor, request(day, "10:00"), kStart + 10);
  json urgent = request(day, "11:00");
  urgent["urgency"] = "urgent";
  const json third = booked(demo, doctor, urgent, kStart + 20);

  // The hospital's queue: urgent first, then the demo's "soon" MRI, then the routine ones oldest first.
  auto r = demo.call("GET", "/api/v1/bookings?state=requested", staff, nullptr, kStart + 30);
  REQUIRE(r.status == 200);
  const json& queue = r.body["bookings"];
  REQUIRE(queue.size() == 4);
  CHECK(queue[0]["id"] == third["id"]);
  CHECK(queue[1]["urgency"] == "soon");
  CHECK(queue[2]["id"] == first["id"]);
  CHECK(queue[3]["id"] == second["id"]);
  for (const json& b : queue) CHECK(b["is_new"] == true);  // waiting for the hospital's answer
  CHECK(demo.call("GET", "/api/v1/bookings?state=confirmed", staff).body["bookings"].size() == 1);  // the demo's DXA

  // Confirmed with an arrival time; nothing typed: the exam type's preparation.
  r = demo.call("POST", path(first, "/confirm"), staff, {{"arrival", "09:05"}}, kStart + 60);
  CHECK(r.status == 400);  // after the start
  CHECK(r.body["error"]["message"].get<std::string>().find("arrival") != std::string::npos);
  r = demo.call("POST", path(first, "/confirm"), staff, {{"arrival", "08:45"}, {"preparation", ""}}, kStart + 60);
  INFO(r.text);
  REQUIRE(r.status == 200);
  CHECK(r.body["booking"]["state"] == "confirmed");
  CHECK(r.body["booking"]["status"] == "booked");
  CHECK(r.body["booking"]["arrival"] == "08:45");
  CHECK(r.body["booking"]["preparation"] == "検査の 4 時間前から絶食 (水・お茶は可)");
  // Twice: a clear 409, nothing changed.
  r = demo.call("POST", path(first, "/confirm"), staff, {{"arrival", "08:30"}}, kStart + 70);
  CHECK(r.status == 409);
  CHECK(r.body["error"]["code"] == "booking_state");
  CHECK(r.body["error"]["message"].get<std::string>().find("already confirmed") != std::string::npos);

  // The clinic sees the change as new until it opens the booking.
  r = demo.call("GET", "/api/v1/bookings", doctor, nullptr, kStart + 120);
  CHECK(findIn(r.body["bookings"], first["id"])["is_new"] == true);
  CHECK(findIn(r.body["bookings"], second["id"])["is_new"] == false);
  r = demo.call("GET", path(first), doctor, nullptr, kStart + 130);
  REQUIRE(r.status == 200);
  CHECK(r.body["booking"]["is_new"] == true);  // this answer still marks what changed
  r = demo.call("GET", "/api/v1/bookings", doctor, nullptr, kStart + 140);
  CHECK(findIn(r.body["bookings"], first["id"])["is_new"] == false);

  // The patient's instruction sheet: only for a confirmed booking.
  CHECK(demo.call("GET", path(second, "/instruction-sheet"), doctor, nullptr, kStart + 150).status == 409);
  auto sheet = demo.client->Get(path(first, "/instruction-sheet"), demo.at(kStart + 150, doctor.cookie));
  REQUIRE(sheet);
  REQUIRE(sheet->status == 200);
  CHECK(sheet->get_header_value("Content-Type") == "text/html; charset=utf-8");
  // Its own policy: its inline style and print script by hash, nothing else.
  CHECK(sheet->get_header_value("Content-Security-Policy").find("script-src 'sha256-") != std::string::npos);
  CHECK(sheet->get_header_value_count("Content-Security-Policy") == 1);
  for (const std::string& s : {std::string("検査のご案内"), japanese(day), std::string("8:45 までに"), std::string("保険証"),
                               std::string("お薬手帳"), std::string("紹介状"), std::string("同意書"), std::string("メトホルミン"),
                               std::string("絶食"), std::string("093-000-0000"), std::string("@media print"), std::string("印刷")}) {
    INFO(s);
    CHECK(sheet->body.find(s) != std::string::npos);
  }

  // Done; a done booking is done (and only a confirmed one can be done or not attended).
  r = demo.call("POST", path(first, "/done"), staff, nullptr, kStart + 180);
  REQUIRE(r.status == 200);
  CHECK(r.body["booking"]["state"] == "done");
  CHECK(r.body["booking"]["status"] == "fulfilled");
  CHECK(demo.call("POST", path(first, "/done"), staff, nullptr, kStart + 190).status == 409);
  CHECK(demo.call("POST", path(second, "/noshow"), staff, nullptr, kStart + 190).status == 409);
  REQUIRE(demo.call("POST", path(second, "/confirm"), staff, {{"arrival", "09:50"}}, kStart + 200).status == 200);
  r = demo.call("POST", path(second, "/noshow"), staff, {{"reason", "連絡なし"}}, kStart + 210);
  REQUIRE(r.status == 200);
  CHECK(r.body["booking"]["state"] == "noshow");
  CHECK(r.body["booking"]["status"] == "noshow");

  // Every step, oldest first, with who took it; every step audited "booking N: from→to: reason".
  r = demo.call("GET", path(first), staff, nullptr, kStart + 220);
  const json& events = r.body["booking"]["events"];
  REQUIRE(events.size() == 3);
  CHECK(events[1]["from"] == "requested");
  CHECK(events[1]["to"] == "confirmed");
  CHECK(events[1]["by"] == "rad-sato");
  CHECK(events[1]["by_name"] == "佐藤 健");
  CHECK(events[2]["to"] == "done");
  CHECK(events[2]["at"] == kStart + 180);
  const std::string id = std::to_string(first["id"].get<std::int64_t>());
  CHECK(demo.audit("action = 'booking.confirm' AND outcome = 'allowed' AND detail = 'booking " + id +
                   ": requested→confirmed: arrival 08:45'").size() == 1);
  CHECK(demo.audit("action = 'booking.confirm' AND outcome = 'denied'").size() == 2);
  CHECK(demo.audit("action = 'booking.noshow' AND outcome = 'allowed' AND detail LIKE '%confirmed→noshow: 連絡なし'").size() == 1);
}

TEST_CASE("R-BOOK-2: reject frees the booking's slot, and the clinic and the hospital cancel, each with a reason",
          "[server][booking][flow]") {
  std::signal(SIGPIPE, SIG_IGN);
  Demo demo;
  const auto doctor = demo.signedIn("dr-tanaka", "Renkei-clinic-2026");
  const auto staff = demo.signedIn("rad-sato", "Renkei-staff-2026");
  const std::string day = weekdayAhead(4);
  const json a = booked(demo, doctor, request(day, "10:00"));
  CHECK_FALSE(has(offered(demo, doctor, day), "10:00"));
  // A rejection needs its reason (the clinic is told why), named in the refusal.
  auto r = demo.call("POST", path(a, "/reject"), staff, json::object());
  CHECK(r.status == 400);
  CHECK(r.body["error"]["message"].get<std::string>().find("'reason'") != std::string::npos);
  CHECK(demo.call("POST", path(a, "/reject"), staff, {{"reason", "  "}}).status == 400);
  r = demo.call("POST", path(a, "/reject"), staff, {{"reason", "同日に当院で施行済みのため"}});
  REQUIRE(r.status == 200);
  CHECK(r.body["booking"]["state"] == "rejected");
  CHECK(r.body["booking"]["status"] == "cancelled");
  CHECK(r.body["booking"]["reason"] == "同日に当院で施行済みのため");
  CHECK(has(offered(demo, doctor, day), "10:00"));  // offered again
  CHECK(demo.call("POST", path(a, "/cancel"), doctor, {{"reason", "x"}}).status == 409);

  // The clinic cancels its request.
  const json b = booked(demo, doctor, request(day, "11:00"));
  r = demo.call("POST", path(b, "/cancel"), doctor, {{"reason", "患者さんの都合"}});
  REQUIRE(r.status == 200);
  CHECK(r.body["booking"]["state"] == "cancelled");
  CHECK(r.body["booking"]["cancelled_by"] == "clinic");
  CHECK(has(offered(demo, doctor, day), "11:00"));
  // The hospital cancels a confirmed one.
  const json c = booked(demo, doctor, request(day, "13:00"));
  REQUIRE(demo.call("POST", path(c, "/confirm"), staff, {{"arrival", "12:45"}}).status == 200);
  CHECK_FALSE(has(offered(demo, doctor, day), "13:00"));
  r = demo.call("POST", path(c, "/cancel"), staff, {{"reason", "装置故障"}});
  REQUIRE(r.status == 200);
  CHECK(r.body["booking"]["cancelled_by"] == "hospital");
  CHECK(r.body["booking"]["status"] == "cancelled");
  CHECK(has(offered(demo, doctor, day), "13:00"));
  CHECK(demo.call("POST", path(c, "/cancel"), staff, {{"reason", "again"}}).status == 409);
  // No hold is left behind by any of them.
  SQLite::Database db((demo.data / "renkei.sqlite").string(), SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT count(*) FROM booking_hold WHERE equipment_id = 'CT1' AND date = '" + day + "'").getInt() == 0);
  CHECK(demo.audit("action = 'booking.cancel' AND outcome = 'allowed'").size() == 2);
  CHECK(demo.audit("action = 'booking.reject' AND detail LIKE '%requested→rejected: 同日に当院で施行済みのため'").size() == 1);
}

TEST_CASE("R-BOOK-2, R-BOOK-3: booking reschedule — the clinic's move needs confirming again, a taken time keeps the old one held",
          "[server][booking][flow]") {
  std::signal(SIGPIPE, SIG_IGN);
  Demo demo;
  const auto doctor = demo.signedIn("dr-tanaka", "Renkei-clinic-2026");
  const auto staff = demo.signedIn("rad-sato", "Renkei-staff-2026");
  const std::string day = weekdayAhead(3);
  const json a = booked(demo, doctor, request(day, "09:00"));
  const json b = booked(demo, doctor, request(day, "09:20"));
  REQUIRE(demo.call("POST", path(a, "/confirm"), staff, {{"arrival", "08:50"}}).status == 200);

  CHECK(demo.call("POST", path(a, "/reschedule"), doctor, {{"date", day}, {"start", "14:00"}}).status == 400);  // no reason
  auto r = demo.call("POST", path(a, "/reschedule"), doctor, {{"date", day}, {"start", "14:00"}, {"reason", "患者さんの希望"}});
  INFO(r.text);
  REQUIRE(r.status == 200);
  CHECK(r.body["booking"]["start"] == "14:00");
  CHECK(r.body["booking"]["state"] == "requested");  // the hospital confirms the new time
  CHECK(r.body["booking"]["arrival"] == "");
  CHECK(r.body["booking"]["events"].back()["reason"].get<std::string>().find(day + " 09:00 → " + day + " 14:00") != std::string::npos);
  auto slots = offered(demo, doctor, day);
  CHECK(has(slots, "09:00"));
  CHECK_FALSE(has(slots, "14:00"));

  // The hospital's move keeps it confirmed, the arrival as long before the start.
  REQUIRE(demo.call("POST", path(a, "/confirm"), staff, {{"arrival", "13:50"}}).status == 200);
  r = demo.call("POST", path(a, "/reschedule"), staff, {{"date", day}, {"start", "15:00"}, {"reason", "装置の都合"}});
  REQUIRE(r.status == 200);
  CHECK(r.body["booking"]["state"] == "confirmed");
  CHECK(r.body["booking"]["arrival"] == "14:50");

  // Onto a taken time: 409, and the booking still holds 15:00 (the move was one transaction).
  r = demo.call("POST", path(a, "/reschedule"), doctor, {{"date", day}, {"start", "09:20"}, {"reason", "早めたい"}});
  CHECK(r.status == 409);
  CHECK(r.body["error"]["code"] == "slot_taken");
  r = demo.call("GET", path(a), doctor);
  CHECK(r.body["booking"]["start"] == "15:00");
  CHECK(r.body["booking"]["state"] == "confirmed");
  CHECK_FALSE(has(offered(demo, doctor, day), "15:00"));
  SQLite::Database db((demo.data / "renkei.sqlite").string(), SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT count(*) FROM booking_hold WHERE booking_id = " + std::to_string(a["id"].get<std::int64_t>()) +
                      " AND minute IN (900, 905)").getInt() == 2);
  CHECK(db.execAndGet("SELECT count(*) FROM booking_hold WHERE booking_id = " + std::to_string(a["id"].get<std::int64_t>())).getInt() == 2);
  // A clinic cannot move into the hours kept for inpatients; a done booking is not moved.
  CHECK(demo.call("POST", path(b, "/reschedule"), doctor, {{"date", day}, {"start", "13:03"}, {"reason", "x"}}).status == 400);
  REQUIRE(demo.call("POST", path(a, "/done"), staff).status == 200);
  CHECK(demo.call("POST", path(a, "/reschedule"), staff, {{"date", day}, {"start", "16:00"}, {"reason", "x"}}).status == 409);
  CHECK(demo.audit("action = 'booking.reschedule' AND outcome = 'allowed' AND detail LIKE '%confirmed→requested: %'").size() == 1);
}

TEST_CASE("R-BOOK-2, R-AUD: booking roles — a clinic cannot confirm, another clinic's booking is 404 and audited, bad orders name the field",
          "[server][booking][refusals]") {
  std::signal(SIGPIPE, SIG_IGN);
  Demo demo;
  const auto doctor = demo.signedIn("dr-tanaka", "Renkei-clinic-2026");
  const auto colleague = demo.signedIn("dr-suzuki", "Renkei-clinic-2026");
  const auto other = demo.signedIn("dr-kobayashi", "Renkei-clinic-2026");
  const std::string day = weekdayAhead(3);
  const json a = booked(demo, doctor, request(day, "09:00"));
  auto r = demo.call("POST", path(a, "/confirm"), doctor, {{"arrival", "08:45"}});
  CHECK(r.status == 403);
  CHECK(r.body["error"]["code"] == "forbidden");
  for (const char* step : {"/reject", "/done", "/noshow", "/unflag"}) CHECK(demo.call("POST", path(a, step), doctor, {{"reason", "x"}}).status == 403);
  // Another clinic: the same 404 as for a booking that does not exist, for every route.
  r = demo.call("GET", path(a), other);
  CHECK(r.status == 404);
  CHECK(r.body["error"]["code"] == "unknown_booking");
  CHECK(demo.call("GET", path(a, "/referral-letter"), other).status == 404);
  CHECK(demo.call("POST", path(a, "/cancel"), other, {{"reason", "x"}}).status == 404);
  CHECK(demo.call("POST", path(a, "/reschedule"), other, {{"date", day}, {"start", "10:00"}, {"reason", "x"}}).status == 404);
  CHECK(demo.call("GET", "/api/v1/bookings/999999", doctor).status == 404);
  const auto denied = demo.audit("action = 'booking.read' AND outcome = 'denied' AND account_id = 'dr-kobayashi'");
  REQUIRE(denied.size() == 1);
  CHECK(denied[0]["detail"].get<std::string>().find("not the caller's") != std::string::npos);
  // The same clinic's colleague sees and may cancel it.
  CHECK(demo.call("GET", path(a), colleague).status == 200);
  // Bad orders: 400 naming the field.
  json bad = request(day, "10:00");
  bad["order"].erase("purpose");
  r = demo.call("POST", "/api/v1/bookings", doctor, bad);
  CHECK(r.status == 400);
  CHECK(r.body["error"]["message"].get<std::string>().find("'order.purpose'") != std::string::npos);
  bad = request(day, "10:00");
  bad["order"]["history"] = 12;
  r = demo.call("POST", "/api/v1/bookings", doctor, bad);
  CHECK(r.status == 400);
  CHECK(r.body["error"]["message"].get<std::string>().find("'order.history'") != std::string::npos);
  bad = request(day, "10:00");
  bad["order"]["contrast"] = "maybe";
  CHECK(demo.call("POST", "/api/v1/bookings", doctor, bad).status == 400);
  CHECK(demo.call("GET", "/api/v1/bookings?state=booked", doctor).status == 400);  // Renkei's states, not FHIR's
  r = demo.call("POST", path(a, "/confirm"), demo.signedIn("rad-sato", "Renkei-staff-2026"), {{"arrival", "8:45"}});
  CHECK(r.status == 400);
  CHECK(r.body["error"]["message"].get<std::string>().find("'arrival'") != std::string::npos);
}

TEST_CASE("issue 12 §3: the booking's referral letter — printable, escaped, and a referral-letter document of the patient",
          "[server][booking][letter]") {
  std::signal(SIGPIPE, SIG_IGN);
  Demo demo;
  const auto doctor = demo.signedIn("dr-tanaka", "Renkei-clinic-2026");
  const auto staff = demo.signedIn("rad-sato", "Renkei-staff-2026");
  json body = request(weekdayAhead(3), "09:00");
  body["order"]["history"] = "<script>alert(1)</script> 喫煙歴 40 pack-years";
  body["order"]["medication"] = "アムロジピン 5 mg & ロスバスタチン";
  const json a = booked(demo, doctor, body);
  for (const auto* who : {&doctor, &staff}) {
    auto page = demo.client->Get(path(a, "/referral-letter"), demo.at(kStart, who->cookie));
    REQUIRE(page);
    REQUIRE(page->status == 200);
    CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
    for (const char* s : {"診療情報提供書", "放射線科 御中", "田中 一郎", "たなか内科クリニック", "北九州市小倉北区", "山田 太郎", "ヤマダ タロウ",
                          "紹介目的", "経過観察", "右上葉結節の増大の有無", "既往歴", "現在の処方", "&lt;script&gt;alert(1)&lt;/script&gt;",
                          "&amp; ロスバスタチン", "胸部CT (単純)", "安全確認", "閉所恐怖症", "いいえ", "身長", "168 cm", "@media print", "印刷"}) {
      INFO(s);
      CHECK(page->body.find(s) != std::string::npos);
    }
    CHECK(page->body.find("<script>alert") == std::string::npos);
  }
  // The same letter is a document of the patient (the hospital reads it with the records).
  auto docs = demo.call("GET", "/api/v1/patients/P000101/documents?kind=referral-letter", staff);
  REQUIRE(docs.status == 200);
  REQUIRE(docs.body["documents"].size() == 1);
  const json& d = docs.body["documents"][0];
  CHECK(d["id"] == a["referral_document_id"]);
  CHECK(d["kind_name"]["ja"] == "診療情報提供書");
  CHECK(d["author"].get<std::string>().find("田中 一郎") != std::string::npos);
  auto doc = demo.call("GET", "/api/v1/documents/" + std::to_string(d["id"].get<std::int64_t>()), staff);
  REQUIRE(doc.status == 200);
  CHECK(doc.body["fields"]["history"].get<std::string>().find("<script>") != std::string::npos);  // data, kept as written
  CHECK(doc.body["fields"]["purpose"] == "経過観察");
  CHECK(doc.body["fields"]["checklist"].get<std::string>().find("閉所恐怖症: いいえ") != std::string::npos);
  // The clinic finds it among the patient's documents too.
  CHECK(demo.call("GET", "/api/v1/patients/P000101/documents?kind=referral-letter", doctor).body["documents"].size() == 1);
}

TEST_CASE("issue 12 §6: a closure over a confirmed booking flags it, keeps it, and takes the day off the slots, and hours changes flag too",
          "[server][booking][office]") {
  std::signal(SIGPIPE, SIG_IGN);
  Demo demo;
  const auto doctor = demo.signedIn("dr-tanaka", "Renkei-clinic-2026");
  const auto staff = demo.signedIn("rad-sato", "Renkei-staff-2026");
  const auto office = demo.signedIn("office-yamada", "Renkei-office-2026");
  const std::string day = weekdayAhead(3), later = weekdayAhead(8);
  const json a = booked(demo, doctor, request(day, "09:00"));
  REQUIRE(demo.call("POST", path(a, "/confirm"), staff, {{"arrival", "08:45"}}).status == 200);

  CHECK(demo.call("POST", "/api/v1/admin/closures", doctor, {{"equipment", "CT1"}, {"date", day}, {"reason", "保守点検"}}).status == 403);
  CHECK(demo.call("POST", "/api/v1/admin/closures", office, {{"equipment", "CT1"}, {"date", day}}).status == 400);
  CHECK(demo.call("POST", "/api/v1/admin/closures", office, {{"equipment", "CT9"}, {"date", day}, {"reason", "x"}}).status == 404);
  auto r = demo.call("POST", "/api/v1/admin/closures", office, {{"equipment", "CT1"}, {"date", day}, {"reason", "保守点検"}});
  INFO(r.text);
  REQUIRE(r.status == 201);
  CHECK(r.body["closure"]["equipment"] == "CT1");
  CHECK(r.body["closure"]["start"].is_null());
  REQUIRE(r.body["flagged"].size() == 1);
  CHECK(r.body["flagged"][0] == a["id"]);
  r = demo.call("GET", path(a), staff);
  CHECK(r.body["booking"]["state"] == "confirmed");  // kept: the office decides
  CHECK(r.body["booking"]["flagged"] == "closure " + day + ": 保守点検");
  CHECK(r.body["booking"]["events"].back()["reason"] == "flagged: closure " + day + ": 保守点検");
  CHECK(offered(demo, doctor, day).empty());
  CHECK_FALSE(offered(demo, doctor, day, "CT2").empty());  // only CT 1 is closed
  r = demo.call("GET", "/api/v1/admin/closures?from=" + day + "&to=" + day, office);
  REQUIRE(r.status == 200);
  CHECK(r.body["closures"].size() == 1);
  CHECK(demo.call("GET", "/api/v1/admin/closures", staff).status == 403);
  // The office clears the flag (with a reason); twice is a 409.
  CHECK(demo.call("POST", path(a, "/unflag"), staff, json::object()).status == 400);
  r = demo.call("POST", path(a, "/unflag"), staff, {{"reason", "点検は午後のみと確認"}});
  REQUIRE(r.status == 200);
  CHECK(r.body["booking"]["flagged"] == "");
  CHECK(demo.call("POST", path(a, "/unflag"), staff, {{"reason", "x"}}).status == 409);

  // Some hours of every scanner: only what overlaps them is flagged.
  const json early = booked(demo, doctor, request(later, "09:00"));
  const json afternoon = booked(demo, doctor, request(later, "13:00"));
  r = demo.call("POST", "/api/v1/admin/closures", office,
                {{"equipment", nullptr}, {"date", later}, {"start", "12:30"}, {"end", "14:00"}, {"reason", "停電"}});
  REQUIRE(r.status == 201);
  REQUIRE(r.body["flagged"].size() == 1);
  CHECK(r.body["flagged"][0] == afternoon["id"]);
  CHECK(r.body["closure"]["equipment"].is_null());
  // CT 1's afternoons removed: the afternoon booking no longer fits (flagged again), the morning one does.
  json hours = json::array();
  for (int d = 1; d <= 5; ++d) hours.push_back({{"weekday", d}, {"start", "09:00"}, {"end", "12:00"}});
  CHECK(demo.call("PUT", "/api/v1/admin/equipment/CT1/hours", office, {{"hours", {{{"weekday", 8}, {"start", "09:00"}, {"end", "12:00"}}}}})
            .status == 400);
  r = demo.call("PUT", "/api/v1/admin/equipment/CT1/hours", office, {{"hours", hours}});
  INFO(r.text);
  REQUIRE(r.status == 200);
  REQUIRE(r.body["flagged"].size() == 1);
  CHECK(r.body["flagged"][0] == afternoon["id"]);
  CHECK(r.body["equipment"]["hours"].size() == 5);
  r = demo.call("GET", path(afternoon), doctor);
  CHECK(r.body["booking"]["state"] == "requested");
  CHECK(r.body["booking"]["flagged"].get<std::string>().find("停電") != std::string::npos);
  CHECK(r.body["booking"]["flagged"].get<std::string>().find("hours changed") != std::string::npos);
  CHECK(demo.call("GET", path(early), doctor).body["booking"]["flagged"] == "");
  // The scanner's settings.
  r = demo.call("PUT", "/api/v1/admin/equipment/CT1", office, {{"book_ahead_days", 30}, {"lead_minutes", 2880}});
  REQUIRE(r.status == 200);
  CHECK(r.body["equipment"]["book_ahead_days"] == 30);
  CHECK(r.body["equipment"]["lead_minutes"] == 2880);
  // The horizon: 35 days ahead is past it for clinics (no slots, a request refused), not for staff.
  const std::string far = weekdayAhead(35);
  const std::string farSlots = "/api/v1/booking/slots?equipment=CT1&exam=CT-CHEST&from=" + far + "&to=" + far;
  CHECK(demo.call("GET", farSlots, doctor).body["slots"].empty());
  CHECK(!demo.call("GET", farSlots, staff).body["slots"].empty());
  r = demo.call("POST", "/api/v1/bookings", doctor, request(far, "09:00"));
  CHECK(r.status == 400);
  CHECK(r.text.find("at most 30 days ahead") != std::string::npos);
  CHECK(demo.call("PUT", "/api/v1/admin/equipment/CT1", office, {{"active", "no"}}).status == 400);
  CHECK(demo.call("PUT", "/api/v1/admin/equipment/CT1", staff, {{"book_ahead_days", 10}}).status == 403);
  CHECK(demo.audit("action = 'booking.closure' AND outcome = 'allowed'").size() == 2);
  CHECK(demo.audit("action = 'booking.hours' AND outcome = 'allowed'").size() == 1);
}

TEST_CASE("issue 12 §7: images and then the report link back to the booking", "[server][booking][results]") {
  std::signal(SIGPIPE, SIG_IGN);
  Demo demo;
  const auto doctor = demo.signedIn("dr-tanaka", "Renkei-clinic-2026");
  const auto staff = demo.signedIn("rad-sato", "Renkei-staff-2026");
  const std::string day = weekdayAhead(3);
  const json a = booked(demo, doctor, request(day, "09:00"));
  const json b = booked(demo, doctor, request(day, "10:00", "MRI15", "MRI-HEAD"));
  CHECK(a["images_available"] == false);
  CHECK(a["study_uid"] == "");
  // A's images come with the accession number the hospital gives a booked exam ("RK" + id); B's
  // come without one, matched by patient, day and modality once B is confirmed.
  const std::string dicomDay = day.substr(0, 4) + day.substr(5, 2) + day.substr(8, 2);
  const auto images = demo.dir.path() / "images";
  std::string out;
  INFO(out);
  REQUIRE(admin(demo.data, "synthesize-dicom --out " + (images / "a").string() + " --patient P000101 --kind ct --slices 2 --size 64 --date " +
                               dicomDay + " --accession RK" + std::to_string(a["id"].get<std::int64_t>()),
                &out) == 0);
  REQUIRE(admin(demo.data, "synthesize-dicom --out " + (images / "b").string() + " --patient P000101 --kind mr --slices 2 --size 64 --date " +
                               dicomDay + " --accession X1",
                &out) == 0);
  REQUIRE(admin(demo.data, "import-dicom " + images.string(), &out) == 0);
  auto r = demo.call("GET", path(a), doctor);
  CHECK(r.body["booking"]["images_available"] == true);
  CHECK(r.body["booking"]["report_available"] == false);
  const std::string uid = r.body["booking"]["study_uid"];
  CHECK_FALSE(uid.empty());
  CHECK(demo.call("GET", path(b), doctor).body["booking"]["images_available"] == false);  // not confirmed
  REQUIRE(demo.call("POST", path(b, "/confirm"), staff, {{"arrival", "09:45"}}).status == 200);
  CHECK(demo.call("GET", path(b), doctor).body["booking"]["images_available"] == true);
  // The radiologist's report on A's study.
  r = demo.call("POST", "/api/v1/patients/P000101/documents", staff,
                {{"source_id", "RIS-BK-1"}, {"kind", "radiology-report"}, {"title", "胸部CT"}, {"author", "放射線科 佐藤 健"},
                 {"clinical_date", day}, {"status", "final"}, {"text", "著変なし"}, {"study_uid", uid}});
  REQUIRE(r.status == 201);
  r = demo.call("GET", "/api/v1/bookings", doctor);
  CHECK(findIn(r.body["bookings"], a["id"])["report_available"] == true);
  CHECK(findIn(r.body["bookings"], b["id"])["report_available"] == false);
}
