// SPDX-License-Identifier: MIT
#include "server/api/BookingApi.h"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cstdio>

#include "core/booking/OrderSafety.h"
#include "core/text/Trim.h"
#include "server/api/BookingSheets.h"
#include "server/api/ErrorResponse.h"
#include "server/api/JsonBody.h"
#include "server/api/PatientAccess.h"
#include "server/api/QueryParams.h"
#include "server/api/Roles.h"
#include "server/records/Bookings.h"

namespace renkei::server {

using nlohmann::json;

namespace {

constexpr int kMaxSlotDays = 31;  // one query: a month of slots at most

std::string hhmm(int minute) {
  char t[16];  // room for any int, so that the compiler need not prove the range
  std::snprintf(t, sizeof t, "%02d:%02d", minute / 60, minute % 60);
  return t;
}

/// "09:15" → 555; anything else is a 400 naming the field.
int minuteOf(const std::string& text, const char* field) {
  int h = -1, m = -1;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%2d:%2d%c", &h, &m, &extra) != 2 || h < 0 || h > 23 || m < 0 || m > 59 || text.size() != 5)
    throw Refusal(Error::BadRequest, std::string("field '") + field + "' must be a time HH:MM");
  return h * 60 + m;
}

Date dateOf(const std::string& text, const char* field) {
  const auto d = Date::parse(text);
  if (!d || text.size() != 10) throw Refusal(Error::BadRequest, std::string("field '") + field + "' must be a date YYYY-MM-DD");
  return *d;
}

json examJson(const ExamTypeInfo& x) {
  return {{"code", x.code},       {"name_ja", x.nameJa},           {"name_en", x.nameEn},
          {"minutes", x.minutes}, {"contrast", x.contrast},        {"preparation_ja", x.preparationJa},
          {"preparation_en", x.preparationEn}};
}

/// FHIR Appointment.status for Renkei's state (issue 12 §8: a later FHIR facade maps one-to-one).
const char* fhirStatus(const std::string& state) {
  if (state == "requested") return "pending";
  if (state == "confirmed") return "booked";
  if (state == "done") return "fulfilled";
  if (state == "noshow") return "noshow";
  return "cancelled";  // rejected, cancelled
}

bool isClinic(const RequestContext& ctx) { return ctx.account->role == "clinic"; }

json bookingJson(Bookings& bookings, const BookingRecord& b, const RequestContext& ctx) {
  // New to a clinic: a step since it last opened the booking, taken by someone outside the clinic;
  // to the hospital: a request waiting for its answer.
  const bool isNew = isClinic(ctx) ? b.updatedAt > b.clinicSeenAt && b.lastStepFacility != ctx.account->facilityId
                                   : b.state == "requested";
  const ResultsLink results = bookings.results(b);
  json events = json::array();
  for (const BookingEvent& e : bookings.events(b.id))
    events.push_back({{"at", e.at}, {"by", e.by}, {"by_name", e.byName}, {"from", e.from}, {"to", e.to}, {"reason", e.reason}});
  return {{"id", b.id},
          {"equipment", b.equipmentId},
          {"equipment_name_ja", b.equipmentNameJa},
          {"equipment_name_en", b.equipmentNameEn},
          {"exam", b.examCode},
          {"exam_name_ja", b.examNameJa},
          {"exam_name_en", b.examNameEn},
          {"date", b.date.iso()},
          {"start", hhmm(b.start)},
          {"end", hhmm(b.end)},
          {"arrival", b.arrival ? hhmm(*b.arrival) : ""},
          {"patient_id", b.patientId},
          {"patient_name", b.patientName},
          {"facility_id", b.facilityId},
          {"facility_name", b.facilityName},
          {"requested_by", b.requestedBy},
          {"requested_by_name", b.requestedByName},
          {"state", b.state},
          {"status", fhirStatus(b.state)},
          {"urgency", b.urgency},
          {"order", json::parse(b.orderJson, nullptr, false)},
          {"verdict", b.verdict},
          {"reason", b.reason},
          {"preparation", b.preparation},
          {"cancelled_by", b.cancelledBy},
          {"flagged", b.flagged},
          {"referral_document_id", b.referralDocumentId ? json(*b.referralDocumentId) : json()},
          {"is_new", isNew},
          {"images_available", !results.studyUid.empty()},
          {"report_available", results.reportAvailable},
          {"study_uid", results.studyUid},
          {"events", events},
          {"created_at", b.createdAt},
          {"updated_at", b.updatedAt}};
}

std::int64_t bookingId(const std::string& text) {
  std::int64_t id = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || p != text.data() + text.size() || id <= 0) throw Refusal(Error::UnknownBooking, "No such booking.");
  return id;
}

/// The booking of a request path as the caller may see it: a clinic user only their facility's —
/// another's is the same 404 as one that does not exist (ids must not reveal other clinics' patients).
BookingRecord visibleBooking(Bookings& bookings, RequestContext& ctx, const std::string& idText) {
  const std::int64_t id = bookingId(idText);
  const auto b = bookings.find(id);
  if (!b) throw Refusal(Error::UnknownBooking, "No such booking.", "booking " + std::to_string(id) + ": no such booking");
  if (isClinic(ctx) && b->facilityId != ctx.account->facilityId)
    throw Refusal(Error::UnknownBooking, "No such booking.",
                  "booking " + std::to_string(id) + ": of facility " + b->facilityId + ", not the caller's");
  ctx.patientId = b->patientId;
  return *b;
}

/// A body that may be empty ({} then), read strictly.
JsonBody bodyOf(const httplib::Request& req, std::initializer_list<const char*> allowed) {
  return JsonBody(req.body.empty() ? "{}" : req.body, allowed);
}

/// The step's reason: required for rejections, cancellations, reschedules (what the other side is told).
std::string reasonOf(const JsonBody& body, bool required) {
  const std::string typed = body.optionalText("reason", 2000).value_or("");
  const std::string reason(text::trim(typed));
  if (required && reason.empty()) throw Refusal(Error::BadRequest, "field 'reason' must not be empty");
  return reason;
}

std::string stepDetail(std::int64_t id, const std::string& from, const std::string& to, const std::string& reason) {
  return "booking " + std::to_string(id) + ": " + from + "→" + to + (reason.empty() ? "" : ": " + reason);
}

SheetFacts factsOf(Services& sv, const BookingRecord& b) {
  SheetFacts f{b, sv.patients.find(b.patientId).value_or(Patient{b.patientId, b.patientName, "", "U", std::nullopt}), "", "", "", ""};
  if (const auto a = sv.accounts.account(b.requestedBy)) f.doctorName = a->name;
  if (const auto c = sv.accounts.facility(b.facilityId)) {
    f.clinicName = c->name;
    f.clinicAddress = c->address;
  }
  f.hospitalName = "連携病院";
  for (const Facility& h : sv.accounts.facilities())
    if (h.kind == "hospital") {
      f.hospitalName = h.name;
      break;
    }
  return f;
}

void sendPage(httplib::Response& res, const std::string& html) {
  // The page's own policy instead of the app's: its inline style and print script, nothing else.
  res.headers.erase("Content-Security-Policy");
  res.set_header("Content-Security-Policy", pageSecurityPolicy());
  res.set_content(html, "text/html; charset=utf-8");
}

std::string closureDetail(const ClosureRecord& c) {
  return (c.equipmentId.empty() ? std::string("every scanner") : c.equipmentId) + " " + c.date.iso() +
         (c.hours ? " " + hhmm(c.hours->start) + "-" + hhmm(c.hours->end) : "") + ": " + c.reason;
}

json closureJson(const ClosureRecord& c) {
  return {{"id", c.id},
          {"equipment", c.equipmentId.empty() ? json() : json(c.equipmentId)},
          {"date", c.date.iso()},
          {"start", c.hours ? json(hhmm(c.hours->start)) : json()},
          {"end", c.hours ? json(hhmm(c.hours->end)) : json()},
          {"reason", c.reason}};
}

json hoursJson(const std::vector<HoursRow>& rows, bool withReserved) {
  json out = json::array();
  for (const HoursRow& h : rows) {
    if (!withReserved && h.reserved) continue;
    out.push_back({{"weekday", h.weekday}, {"start", hhmm(h.range.start)}, {"end", hhmm(h.range.end)}, {"reserved", h.reserved}});
  }
  return out;
}

json idsJson(const std::vector<std::int64_t>& ids) {
  json out = json::array();
  for (std::int64_t id : ids) out.push_back(id);
  return out;
}

std::string idsText(const std::vector<std::int64_t>& ids) {
  std::string out;
  for (std::int64_t id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out.empty() ? "none" : out;
}

json equipmentJson(Bookings& bookings, const EquipmentInfo& e, bool forClinics) {
  json exams = json::array();
  for (const ExamTypeInfo& x : bookings.examTypes(e.kind)) exams.push_back(examJson(x));
  return {{"id", e.id},           {"kind", e.kind},
          {"name_ja", e.nameJa},  {"name_en", e.nameEn},
          {"weight_limit_kg", e.weightLimitKg}, {"book_ahead_days", e.bookAheadDays},
          {"lead_minutes", e.leadMinutes},      {"active", e.active},
          {"exams", exams},       {"hours", hoursJson(bookings.hours(e.id), !forClinics)}};
}

Answer answerOf(const JsonBody& c, const char* field) {
  const auto v = c.optionalText(field, 8);
  const auto a = answerFromCode(v.value_or(""));
  if (!a) throw Refusal(Error::BadRequest, std::string("field 'checklist.") + field + "' must be \"yes\", \"no\" or absent");
  return *a;
}

/// The liaison office's side of the schedule (issue 12 §1, §6): closures, a scanner's settings and
/// weekly hours. What a change hits is flagged, never dropped: the office then moves or cancels.
void registerOfficeRoutes(Api& api, Bookings& bookings) {
  api.route("GET", "/api/v1/admin/closures", Access::Session, kOffice,
            [&bookings](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "booking.closures";
              const QueryParams q(req, {"from", "to"});
              json out = json::array();
              for (const ClosureRecord& c : bookings.closures(q.date("from"), q.date("to"))) out.push_back(closureJson(c));
              ctx.detail = std::to_string(out.size()) + " closures";
              res.set_content(json{{"closures", out}}.dump(), "application/json");
            });

  api.route("POST", "/api/v1/admin/closures", Access::Session, kOffice,
            [&bookings](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "booking.closure";
              const JsonBody body(req.body, {"equipment", "date", "start", "end", "reason"});
              ClosureRecord c;
              c.equipmentId = body.optionalText("equipment", 32).value_or("");  // null or absent: every scanner
              c.date = dateOf(body.text("date", 10), "date");
              const auto start = body.optionalText("start", 5), end = body.optionalText("end", 5);
              if (start.has_value() != end.has_value()) throw Refusal(Error::BadRequest, "fields 'start' and 'end' go together (or neither: the whole day)");
              if (start) {
                c.hours = TimeRange{minuteOf(*start, "start"), minuteOf(*end, "end")};
                if (c.hours->end <= c.hours->start) throw Refusal(Error::BadRequest, "field 'end' must be after 'start'");
              }
              c.reason = reasonOf(body, true);
              const std::vector<std::int64_t> hit = bookings.addClosure(c, ctx.account->id, ctx.now);
              ctx.detail = "closure " + std::to_string(c.id) + ": " + closureDetail(c) + "; flagged bookings: " + idsText(hit);
              res.status = 201;
              res.set_content(json{{"closure", closureJson(c)}, {"flagged", idsJson(hit)}}.dump(), "application/json");
            });

  api.route("PUT", R"(/api/v1/admin/equipment/([A-Za-z0-9_-]+))", Access::Session, kOffice,
            [&bookings](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "booking.equipment.update";
              const JsonBody body(req.body, {"book_ahead_days", "lead_minutes", "active", "weight_limit_kg"});
              EquipmentChange c;
              c.bookAheadDays = body.optionalInteger("book_ahead_days", 1, 366);
              c.leadMinutes = body.optionalInteger("lead_minutes", 0, 30 * 1440);
              c.weightLimitKg = body.optionalNumber("weight_limit_kg", 20, 500);
              if (const auto it = body.value().find("active"); it != body.value().end() && !it->is_null()) {
                if (!it->is_boolean()) throw Refusal(Error::BadRequest, "field 'active' must be true or false");
                c.active = it->get<bool>();
              }
              const std::string id = req.matches[1];
              const std::vector<std::int64_t> hit = bookings.updateEquipment(id, c, ctx.account->id, ctx.now);
              const EquipmentInfo e = *bookings.equipment(id);
              ctx.detail = id + ": book_ahead_days " + std::to_string(e.bookAheadDays) + ", lead_minutes " + std::to_string(e.leadMinutes) +
                           ", active " + (e.active ? "yes" : "no") + ", weight_limit_kg " + std::to_string(static_cast<int>(e.weightLimitKg)) +
                           "; flagged bookings: " + idsText(hit);
              res.set_content(json{{"equipment", equipmentJson(bookings, e, false)}, {"flagged", idsJson(hit)}}.dump(), "application/json");
            });

  api.route("PUT", R"(/api/v1/admin/equipment/([A-Za-z0-9_-]+)/hours)", Access::Session, kOffice,
            [&bookings](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "booking.hours";
              const JsonBody body(req.body, {"hours"});
              const auto list = body.value().find("hours");
              if (list == body.value().end() || !list->is_array()) throw Refusal(Error::BadRequest, "field 'hours' must be a list");
              if (list->size() > 70) throw Refusal(Error::BadRequest, "field 'hours' has too many entries");
              std::vector<HoursRow> rows;
              for (std::size_t k = 0; k < list->size(); ++k) {
                const json& h = (*list)[k];
                const std::string at = "hours[" + std::to_string(k) + "]";
                if (!h.is_object()) throw Refusal(Error::BadRequest, "field '" + at + "' must be an object");
                for (const auto& [key, v] : h.items())
                  if (key != "weekday" && key != "start" && key != "end" && key != "reserved")
                    throw Refusal(Error::BadRequest, "unknown field '" + at + "." + key + "'");
                const auto text = [&](const char* f) {
                  const auto it = h.find(f);
                  if (it == h.end() || !it->is_string()) throw Refusal(Error::BadRequest, "field '" + at + "." + f + "' must be a time HH:MM");
                  return minuteOf(it->get<std::string>(), (at + "." + f).c_str());
                };
                HoursRow r;
                const auto day = h.find("weekday");
                if (day == h.end() || !day->is_number_integer() || day->get<int>() < 1 || day->get<int>() > 7)
                  throw Refusal(Error::BadRequest, "field '" + at + ".weekday' must be 1 (Monday) to 7 (Sunday)");
                r.weekday = day->get<int>();
                r.range = {text("start"), text("end")};
                if (r.range.end <= r.range.start) throw Refusal(Error::BadRequest, "field '" + at + ".end' must be after its start");
                if (r.range.start % 5 || r.range.end % 5) throw Refusal(Error::BadRequest, "field '" + at + "' must be on the 5-minute grid");
                const auto reserved = h.find("reserved");
                if (reserved != h.end() && !reserved->is_boolean()) throw Refusal(Error::BadRequest, "field '" + at + ".reserved' must be true or false");
                r.reserved = reserved != h.end() && reserved->get<bool>();
                for (const HoursRow& o : rows)
                  if (o.weekday == r.weekday && o.range.start < r.range.end && r.range.start < o.range.end)
                    throw Refusal(Error::BadRequest, "field '" + at + "' overlaps other hours of the same day");
                rows.push_back(r);
              }
              const std::string id = req.matches[1];
              const std::vector<std::int64_t> hit = bookings.replaceHours(id, rows, ctx.account->id, ctx.now);
              ctx.detail = id + ": " + std::to_string(rows.size()) + " opening hours; flagged bookings: " + idsText(hit);
              res.set_content(json{{"equipment", equipmentJson(bookings, *bookings.equipment(id), false)}, {"flagged", idsJson(hit)}}.dump(),
                              "application/json");
            });
}

}  // namespace

void registerBookingApi(Api& api, Bookings& bookings) {
  Services& sv = api.services();

  api.route("GET", "/api/v1/booking/equipment", Access::Session, kAnyone,
            [&bookings](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "booking.equipment";
              QueryParams(req, {});
              const bool clinic = isClinic(ctx);
              json out = json::array();
              // Clinics see the scanners that take bookings; the hospital also those out of service.
              for (const EquipmentInfo& e : bookings.equipment())
                if (e.active || !clinic) out.push_back(equipmentJson(bookings, e, clinic));
              ctx.detail = std::to_string(out.size()) + " scanners";
              res.set_content(json{{"equipment", out}}.dump(), "application/json");
            });

  api.route("GET", "/api/v1/booking/slots", Access::Session, kAnyone,
            [&bookings](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "booking.slots";
              const QueryParams q(req, {"equipment", "exam", "from", "to"});
              const auto e = bookings.equipment(q.text("equipment", 32));
              if (!e || !e->active) throw Refusal(Error::UnknownEquipment, "No such scanner.");
              const std::string exam = q.text("exam", 32);
              const auto from = q.date("from"), to = q.date("to");
              if (!from || !to || *to < *from || daysBetween(*from, *to) >= kMaxSlotDays)
                throw Refusal(Error::BadRequest, "parameters 'from' and 'to' must be dates at most 31 days apart");
              const bool clinic = ctx.account->role == "clinic";
              const EquipmentSchedule s = bookings.schedule(*e, clinic);
              const Date today = Date::fromUnixSecondsJst(ctx.now);
              SlotQuery sq{exam, *from, clinic ? std::min(*to, today.plusDays(e->bookAheadDays)) : *to,
                           Moment{today, static_cast<int>((ctx.now - today.startUnixSecondsJst()) / 60)},
                           clinic ? e->leadMinutes : 0};
              const auto slots = sq.to < sq.from ? std::optional<std::vector<Slot>>(std::vector<Slot>{})
                                                 : BookingSlots::freeSlots(s, sq, bookings.held(e->id, *from, *to));
              if (!slots) throw Refusal(Error::BadRequest, "exam '" + exam + "' is not done on " + e->id);
              json out = json::array();
              for (const Slot& slot : *slots) out.push_back({{"date", slot.date.iso()}, {"start", hhmm(slot.start)}, {"end", hhmm(slot.end)}});
              ctx.detail = e->id + " " + exam + " " + from->iso() + ".." + to->iso() + ": " + std::to_string(out.size()) + " free";
              res.set_content(json{{"equipment", e->id}, {"exam", exam}, {"slots", out}}.dump(), "application/json");
            });

  api.route("POST", "/api/v1/bookings", Access::Session, {"clinic"},
            [&bookings, &sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "booking.request";
              const JsonBody body(req.body, {"patient_id", "equipment", "exam", "date", "start", "urgency", "order", "checklist"});
              const std::string patient = body.text("patient_id", 32);
              PatientAccess(sv).open(ctx, patient, Purpose::Clinical);  // 404 outside every consent
              const std::string equipmentId = body.text("equipment", 32), examCode = body.text("exam", 32);
              const Date date = dateOf(body.text("date", 10), "date");
              const int start = minuteOf(body.text("start", 5), "start");
              const std::string urgency = body.optionalText("urgency", 8).value_or("routine");
              if (urgency != "routine" && urgency != "soon" && urgency != "urgent")
                throw Refusal(Error::BadRequest, "field 'urgency' must be routine, soon or urgent");
              const JsonBody order = body.object("order", {"body_part", "purpose", "question", "history", "medication", "contrast"});
              for (const char* f : {"body_part", "purpose", "question"})
                if (text::isBlank(order.text(f, 2000))) throw Refusal(Error::BadRequest, std::string("field 'order.") + f + "' must not be empty");
              for (const char* f : {"history", "medication"}) order.optionalText(f, 2000);  // strings, when given
              if (const auto it = order.value().find("contrast"); it != order.value().end() && !it->is_boolean() && !it->is_null())
                throw Refusal(Error::BadRequest, "field 'order.contrast' must be true or false");
              const JsonBody c = body.object("checklist", {"egfr", "egfr_date", "contrast_reaction", "asthma", "metformin", "pregnancy",
                                                           "height_cm", "weight_kg", "pacemaker", "cochlear_implant", "neurostimulator",
                                                           "other_implant", "device_mr_conditional", "metal_fragments", "claustrophobia",
                                                           "tattoos"});
              const auto e = bookings.equipment(equipmentId);
              const auto exam = bookings.examType(examCode);
              if (!e || !e->active) throw Refusal(Error::UnknownEquipment, "No scanner '" + equipmentId + "'.");
              if (!exam || exam->kind != e->kind) throw Refusal(Error::BadRequest, "exam '" + examCode + "' is not done on " + equipmentId);

              // The safety checklist (R-BOOK-4), as the app showed it while the doctor typed.
              OrderSafetyInput safety;
              safety.equipment = equipmentFromCode(e->kind).value_or(Equipment::CT);
              safety.contrast = exam->contrast;
              safety.examDate = date;
              safety.weightLimitKg = e->weightLimitKg;
              SafetyAnswers& a = safety.answers;
              a.egfr = c.optionalNumber("egfr", 0, 1000);
              if (const auto d = c.optionalText("egfr_date", 10)) a.egfrDate = dateOf(*d, "checklist.egfr_date");
              a.heightCm = c.optionalNumber("height_cm", 0, 1000);
              a.weightKg = c.optionalNumber("weight_kg", 0, 1000);
              struct Q {
                const char* field;
                Answer SafetyAnswers::*answer;
              };
              for (const Q& q : {Q{"contrast_reaction", &SafetyAnswers::contrastReaction}, Q{"asthma", &SafetyAnswers::asthma},
                                 Q{"metformin", &SafetyAnswers::metformin}, Q{"pregnancy", &SafetyAnswers::pregnancy},
                                 Q{"pacemaker", &SafetyAnswers::pacemaker}, Q{"cochlear_implant", &SafetyAnswers::cochlearImplant},
                                 Q{"neurostimulator", &SafetyAnswers::neurostimulator}, Q{"other_implant", &SafetyAnswers::otherImplant},
                                 Q{"device_mr_conditional", &SafetyAnswers::deviceMrConditional},
                                 Q{"metal_fragments", &SafetyAnswers::metalFragments},
                                 Q{"claustrophobia", &SafetyAnswers::claustrophobia}, Q{"tattoos", &SafetyAnswers::tattoos}})
                a.*(q.answer) = answerOf(c, q.field);
              const SafetyVerdict verdict = checkOrderSafety(safety);
              json findings = json::array();
              std::string codes;
              for (const SafetyFinding& f : verdict.findings) {
                findings.push_back({{"severity", code(f.severity)}, {"code", f.code}, {"field", f.field}, {"ja", f.ja}, {"en", f.en}});
                codes += (codes.empty() ? "" : ", ") + f.code + "(" + f.field + ")";
              }
              if (verdict.blocked()) {
                ctx.detail = equipmentId + " " + examCode + " " + date.iso() + " " + hhmm(start) + ": safety_blocked: " + codes;
                json err = errorJson(Error::SafetyBlocked, "The safety checklist does not allow this request.");
                err["error"]["findings"] = findings;
                sendError(res, httpStatus(Error::SafetyBlocked), err);
                return;
              }
              const json stored{{"order", order.value()}, {"checklist", c.value()}, {"findings", findings}};
              ctx.detail = equipmentId + " " + examCode + " " + date.iso() + " " + hhmm(start);  // a refusal adds its reason
              // The referral letter is written in the booking's own transaction: no booking without it.
              const auto letter = [&](std::int64_t id) {
                const BookingRecord b = *bookings.find(id);
                std::int64_t documentId = 0;
                sv.documents.save(b.patientId, "renkei-booking-" + std::to_string(id) + "-letter", referralLetterDocument(factsOf(sv, b)),
                                  ctx.now, documentId);
                return documentId;
              };
              const std::int64_t id = bookings.request({equipmentId, examCode, date, start, patient, ctx.account->facilityId,
                                                        ctx.account->id, urgency, stored.dump(), code(verdict.overall)},
                                                       ctx.now, true, letter);
              ctx.detail = "booking " + std::to_string(id) + ": " + ctx.detail + (codes.empty() ? "" : "; warnings: " + codes);
              res.status = 201;
              res.set_content(json{{"booking", bookingJson(bookings, *bookings.find(id), ctx)}, {"findings", findings}}.dump(),
                              "application/json");
            });

  api.route("GET", "/api/v1/bookings", Access::Session, kAnyone,
            [&bookings](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "booking.list";
              const QueryParams q(req, {"limit", "state"});
              const int limit = q.integer("limit", 100, 1, 1000);
              const std::string state = q.text("state", 16);
              if (!state.empty() && state != "requested" && state != "confirmed" && state != "rejected" && state != "cancelled" &&
                  state != "done" && state != "noshow")
                throw Refusal(Error::BadRequest, "parameter 'state' must be requested, confirmed, rejected, cancelled, done or noshow");
              // A clinic sees its own facility's requests; the hospital (staff, office) every one, and
              // its queue of requests to answer in the order to answer them: urgent first, then oldest.
              const std::string facility = isClinic(ctx) ? ctx.account->facilityId : "";
              if (isClinic(ctx) && facility.empty()) throw Refusal(Error::NoFacility, "The account has no facility.");
              json out = json::array();
              for (const BookingRecord& b : bookings.list(facility, state, limit, !isClinic(ctx) && state == "requested"))
                out.push_back(bookingJson(bookings, b, ctx));
              ctx.detail = std::to_string(out.size()) + " bookings" + (state.empty() ? "" : " " + state);
              res.set_content(json{{"bookings", out}}.dump(), "application/json");
            });

  api.route("GET", R"(/api/v1/bookings/(\d+))", Access::Session, kAnyone,
            [&bookings](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "booking.read";
              QueryParams(req, {});
              const BookingRecord b = visibleBooking(bookings, ctx, req.matches[1]);
              // Answered as it was before this look (what is new stays marked in this answer); from
              // now on the clinic has seen it.
              const json j = bookingJson(bookings, b, ctx);
              if (isClinic(ctx)) bookings.markSeenByClinic(b.id, ctx.now);
              ctx.detail = "booking " + std::to_string(b.id) + " " + b.state;
              res.set_content(json{{"booking", j}}.dump(), "application/json");
            });

  // The steps after the request (R-BOOK-2). Each answers {"booking": …} as it is afterwards.
  const auto answer = [&bookings](httplib::Response& res, const RequestContext& ctx, std::int64_t id) {
    res.set_content(json{{"booking", bookingJson(bookings, *bookings.find(id), ctx)}}.dump(), "application/json");
  };

  api.route("POST", R"(/api/v1/bookings/(\d+)/confirm)", Access::Session, kHospital,
            [&bookings, answer](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "booking.confirm";
              const JsonBody body(req.body, {"arrival", "preparation"});
              const BookingRecord b = visibleBooking(bookings, ctx, req.matches[1]);
              const int arrival = minuteOf(body.text("arrival", 5), "arrival");
              if (arrival > b.start) throw Refusal(Error::BadRequest, "field 'arrival' must not be after the start (" + hhmm(b.start) + ")");
              const std::string typed = body.optionalText("preparation", 4000).value_or("");
              // Nothing typed: the exam type's standard preparation ("4 hours fasting").
              const std::string preparation = text::isBlank(typed) ? b.examPreparationJa : typed;
              const BookingRecord before =
                  bookings.step(b.id, {ctx.account->id, {"requested"}, "confirmed", "", false, arrival, preparation, ""}, ctx.now);
              ctx.detail = stepDetail(b.id, before.state, "confirmed", "arrival " + hhmm(arrival));
              answer(res, ctx, b.id);
            });

  // The steps that only change the state, each from the states it may be taken from: the hospital
  // rejects a request (the clinic is told why), either side cancels (a clinic only its own
  // facility's: visibleBooking), the hospital records the exam done or not attended. Rejecting and
  // cancelling free the time and need a reason.
  struct Step {
    const char* to;
    const std::vector<std::string>* roles;
    std::vector<std::string> from;
    bool freesSlot;
  };
  for (const Step& step : {Step{"rejected", &kHospital, {"requested"}, true}, Step{"cancelled", &kAnyone, {"requested", "confirmed"}, true},
                           Step{"done", &kHospital, {"confirmed"}, false}, Step{"noshow", &kHospital, {"confirmed"}, false}}) {
    const std::string to = step.to, verb = to == "rejected" ? "reject" : to == "cancelled" ? "cancel" : to;
    api.route("POST", R"(/api/v1/bookings/(\d+)/)" + verb, Access::Session, *step.roles,
              [&bookings, answer, step, to, verb](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
                ctx.action = "booking." + verb;
                const JsonBody body = bodyOf(req, {"reason"});
                const BookingRecord b = visibleBooking(bookings, ctx, req.matches[1]);
                const std::string reason = reasonOf(body, step.freesSlot);
                const std::string by = to != "cancelled" ? "" : isClinic(ctx) ? "clinic" : "hospital";
                const BookingRecord before =
                    bookings.step(b.id, {ctx.account->id, step.from, to, reason, step.freesSlot, std::nullopt, "", by}, ctx.now);
                ctx.detail = stepDetail(b.id, before.state, to, reason);
                answer(res, ctx, b.id);
              });
  }

  // Either side moves it; a clinic within the clinics' schedule, and a confirmed booking it moves
  // needs the hospital's confirmation again. The hospital's move keeps the state.
  api.route("POST", R"(/api/v1/bookings/(\d+)/reschedule)", Access::Session, kAnyone,
            [&bookings, answer](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "booking.reschedule";
              const JsonBody body(req.body, {"date", "start", "reason"});
              const BookingRecord b = visibleBooking(bookings, ctx, req.matches[1]);
              const Date date = dateOf(body.text("date", 10), "date");
              const int start = minuteOf(body.text("start", 5), "start");
              const std::string reason = reasonOf(body, true);
              ctx.detail = "booking " + std::to_string(b.id) + ": to " + date.iso() + " " + hhmm(start);  // a refusal adds its reason
              const BookingRecord before =
                  bookings.reschedule(b.id, {ctx.account->id, date, start, reason, isClinic(ctx), isClinic(ctx)}, ctx.now);
              const BookingRecord after = *bookings.find(b.id);
              ctx.detail = stepDetail(b.id, before.state, after.state,
                                      before.date.iso() + " " + hhmm(before.start) + " → " + date.iso() + " " + hhmm(start) + ": " + reason);
              answer(res, ctx, b.id);
            });

  api.route("POST", R"(/api/v1/bookings/(\d+)/unflag)", Access::Session, kHospital,
            [&bookings, answer](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "booking.unflag";
              const JsonBody body(req.body, {"reason"});
              const BookingRecord b = visibleBooking(bookings, ctx, req.matches[1]);
              const std::string reason = reasonOf(body, true);
              bookings.unflag(b.id, ctx.account->id, reason, ctx.now);
              ctx.detail = "booking " + std::to_string(b.id) + ": unflagged (" + b.flagged + "): " + reason;
              answer(res, ctx, b.id);
            });

  // The printable pages (BookingSheets): the same access as the booking itself.
  api.route("GET", R"(/api/v1/bookings/(\d+)/referral-letter)", Access::Session, kAnyone,
            [&bookings, &sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "booking.letter";
              QueryParams(req, {});
              const BookingRecord b = visibleBooking(bookings, ctx, req.matches[1]);
              ctx.detail = "booking " + std::to_string(b.id) + " referral letter";
              sendPage(res, referralLetterHtml(factsOf(sv, b)));
            });

  api.route("GET", R"(/api/v1/bookings/(\d+)/instruction-sheet)", Access::Session, kAnyone,
            [&bookings, &sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "booking.sheet";
              QueryParams(req, {});
              const BookingRecord b = visibleBooking(bookings, ctx, req.matches[1]);
              // Only a confirmed booking has a date, arrival time and preparation to tell the patient.
              if (b.state != "confirmed")
                throw Refusal(Error::BookingState, "The booking is " + b.state + "; only a confirmed booking has an instruction sheet.",
                              "booking_state: " + b.state);
              SheetFacts facts = factsOf(sv, b);
              facts.firstVisit = bookings.firstVisit(b);
              ctx.detail = "booking " + std::to_string(b.id) + " instruction sheet";
              sendPage(res, instructionSheetHtml(facts));
            });

  registerOfficeRoutes(api, bookings);
}

}  // namespace renkei::server
