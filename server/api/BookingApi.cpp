// SPDX-License-Identifier: MIT
#include "server/api/BookingApi.h"

#include <nlohmann/json.hpp>

#include <cstdio>

#include "core/booking/OrderSafety.h"
#include "core/text/Trim.h"
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
  char t[8];
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

json bookingJson(const BookingRecord& b) {
  return {{"id", b.id},
          {"equipment", b.equipmentId},
          {"exam", b.examCode},
          {"date", b.date.iso()},
          {"start", hhmm(b.start)},
          {"end", hhmm(b.end)},
          {"patient_id", b.patientId},
          {"facility_id", b.facilityId},
          {"requested_by", b.requestedBy},
          {"state", b.state},
          {"urgency", b.urgency},
          {"order", json::parse(b.orderJson, nullptr, false)},
          {"verdict", b.verdict},
          {"reason", b.reason},
          {"created_at", b.createdAt},
          {"updated_at", b.updatedAt}};
}

Answer answerOf(const JsonBody& c, const char* field) {
  const auto v = c.optionalText(field, 8);
  const auto a = answerFromCode(v.value_or(""));
  if (!a) throw Refusal(Error::BadRequest, std::string("field 'checklist.") + field + "' must be \"yes\", \"no\" or absent");
  return *a;
}

}  // namespace

void registerBookingApi(Api& api, Bookings& bookings) {
  Services& sv = api.services();

  api.route("GET", "/api/v1/booking/equipment", Access::Session, kAnyone,
            [&bookings](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "booking.equipment";
              QueryParams(req, {});
              const bool clinic = ctx.account->role == "clinic";
              json out = json::array();
              for (const EquipmentInfo& e : bookings.equipment()) {
                if (!e.active) continue;
                json exams = json::array();
                for (const ExamTypeInfo& x : bookings.examTypes(e.kind)) exams.push_back(examJson(x));
                const EquipmentSchedule s = bookings.schedule(e, clinic);
                json hours = json::array();
                for (int d = 0; d < 7; ++d)
                  for (const TimeRange& r : s.weekly[static_cast<std::size_t>(d)])
                    hours.push_back({{"weekday", d + 1}, {"start", hhmm(r.start)}, {"end", hhmm(r.end)}});
                out.push_back({{"id", e.id}, {"kind", e.kind}, {"name_ja", e.nameJa}, {"name_en", e.nameEn},
                               {"weight_limit_kg", e.weightLimitKg}, {"book_ahead_days", e.bookAheadDays},
                               {"lead_minutes", e.leadMinutes}, {"exams", exams}, {"hours", hours}});
              }
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
              const std::int64_t id = bookings.request({equipmentId, examCode, date, start, patient, ctx.account->facilityId,
                                                        ctx.account->id, urgency, stored.dump(), code(verdict.overall)},
                                                       ctx.now, true);
              ctx.detail = "booking " + std::to_string(id) + ": " + ctx.detail + (codes.empty() ? "" : "; warnings: " + codes);
              res.status = 201;
              res.set_content(json{{"booking", bookingJson(*bookings.find(id))}, {"findings", findings}}.dump(), "application/json");
            });

  api.route("GET", "/api/v1/bookings", Access::Session, kAnyone,
            [&bookings](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "booking.list";
              const QueryParams q(req, {"limit"});
              const int limit = q.integer("limit", 100, 1, 1000);
              // A clinic sees its own facility's requests; the hospital (staff, office) every one.
              const std::string facility = ctx.account->role == "clinic" ? ctx.account->facilityId : "";
              if (ctx.account->role == "clinic" && facility.empty()) throw Refusal(Error::NoFacility, "The account has no facility.");
              json out = json::array();
              for (const BookingRecord& b : bookings.list(facility, limit)) out.push_back(bookingJson(b));
              ctx.detail = std::to_string(out.size()) + " bookings";
              res.set_content(json{{"bookings", out}}.dump(), "application/json");
            });
}

}  // namespace renkei::server
