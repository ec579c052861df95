// SPDX-License-Identifier: MIT
// The booking API's JSON to the app's state, and the order form to the API's checklist.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "wasm-app/booking/Booking.h"
#include "wasm-app/JsonField.h"

namespace renkei::app {

using nlohmann::json;

namespace {

/// The checklist's yes/no questions: the API's field and the form's answer.
struct Question {
  const char* field;
  Answer SafetyAnswers::*answer;
};
constexpr Question kQuestions[] = {
    {"contrast_reaction", &SafetyAnswers::contrastReaction}, {"asthma", &SafetyAnswers::asthma},
    {"metformin", &SafetyAnswers::metformin},                {"pregnancy", &SafetyAnswers::pregnancy},
    {"pacemaker", &SafetyAnswers::pacemaker},                {"cochlear_implant", &SafetyAnswers::cochlearImplant},
    {"neurostimulator", &SafetyAnswers::neurostimulator},    {"other_implant", &SafetyAnswers::otherImplant},
    {"device_mr_conditional", &SafetyAnswers::deviceMrConditional},
    {"metal_fragments", &SafetyAnswers::metalFragments},     {"claustrophobia", &SafetyAnswers::claustrophobia},
    {"tattoos", &SafetyAnswers::tattoos}};

/// A number as typed ("58", "58.5", " 58 "); nullopt for anything else.
std::optional<double> numberOf(const std::string& s) {
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  while (end && (*end == ' ')) ++end;
  if (end == s.c_str() || (end && *end)) return std::nullopt;
  return v;
}

/// A JSON value as one line of text (the checklist keeps numbers and answers as sent).
std::string shown(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<std::int64_t>());
  if (v.is_number()) {
    std::string s = std::to_string(v.get<double>());
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  }
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  return "";
}

}  // namespace

SafetyAnswers answersOf(const OrderForm& form) {
  SafetyAnswers a = form.answers;
  a.egfr = numberOf(form.egfr);
  a.egfrDate = Date::parse(form.egfrDate);
  a.heightCm = numberOf(form.height);
  a.weightKg = numberOf(form.weight);
  return a;
}

json checklistJson(const OrderForm& form) {
  const SafetyAnswers a = answersOf(form);
  json c = json::object();
  for (const Question& q : kQuestions)
    if (a.*(q.answer) != Answer::Unanswered) c[q.field] = code(a.*(q.answer));
  if (a.egfr) c["egfr"] = *a.egfr;
  if (a.egfrDate) c["egfr_date"] = a.egfrDate->iso();
  if (a.heightCm) c["height_cm"] = *a.heightCm;
  if (a.weightKg) c["weight_kg"] = *a.weightKg;
  return c;
}

const EquipmentChoice* BookingPage::scanner() const {
  return equipmentIndex >= 0 && equipmentIndex < static_cast<int>(equipment.size()) ? &equipment[equipmentIndex] : nullptr;
}

const ExamChoice* BookingPage::exam() const {
  const EquipmentChoice* e = scanner();
  return e && examIndex >= 0 && examIndex < static_cast<int>(e->exams.size()) ? &e->exams[examIndex] : nullptr;
}

std::vector<EquipmentChoice> equipmentFrom(const json& j) {
  std::vector<EquipmentChoice> out;
  for (const json& e : jsonArray(j, "equipment")) {
    EquipmentChoice c;
    c.id = jsonText(e, "id");
    c.kind = jsonText(e, "kind");
    c.nameJa = jsonText(e, "name_ja");
    c.nameEn = jsonText(e, "name_en");
    c.weightLimitKg = jsonNumber(e, "weight_limit_kg").value_or(150);
    c.bookAheadDays = static_cast<int>(jsonInteger(e, "book_ahead_days", 60));
    for (const json& x : jsonArray(e, "exams"))
      c.exams.push_back({jsonText(x, "code"), jsonText(x, "name_ja"), jsonText(x, "name_en"), jsonText(x, "preparation_ja"),
                         jsonText(x, "preparation_en"), static_cast<int>(jsonInteger(x, "minutes")), jsonBool(x, "contrast")});
    c.leadMinutes = static_cast<int>(jsonInteger(e, "lead_minutes", 1440));
    for (const json& h : jsonArray(e, "hours"))
      c.hours.push_back({static_cast<int>(jsonInteger(h, "weekday", 1)), jsonText(h, "start"), jsonText(h, "end"), jsonBool(h, "reserved")});
    if (!c.id.empty()) out.push_back(std::move(c));
  }
  return out;
}

std::vector<FreeSlot> slotsFrom(const json& j) {
  std::vector<FreeSlot> out;
  for (const json& s : jsonArray(j, "slots")) out.push_back({jsonText(s, "date"), jsonText(s, "start"), jsonText(s, "end")});
  return out;
}

std::vector<SafetyFinding> findingsFrom(const json& findings) {
  std::vector<SafetyFinding> out;
  if (!findings.is_array()) return out;
  for (const json& f : findings) {
    const std::string severity = jsonText(f, "severity");
    out.push_back({severity == "block" ? Severity::Block : severity == "warn" ? Severity::Warn : Severity::Ok, jsonText(f, "code"),
                   jsonText(f, "field"), jsonText(f, "ja"), jsonText(f, "en")});
  }
  return out;
}

std::string hoursText(const std::vector<OpeningHours>& hours, int weekday, bool reserved) {
  std::string out;
  for (const OpeningHours& h : hours)
    if (h.weekday == weekday && h.reserved == reserved) out += (out.empty() ? "" : ", ") + h.start + "-" + h.end;
  return out;
}

std::optional<std::vector<std::pair<std::string, std::string>>> parseHoursText(const std::string& typed) {
  // Dashes and commas as people type them in Japanese text become ASCII, spaces go.
  std::string t = typed;
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"–", "-"}, {"〜", "-"}, {"~", "-"}, {"、", ","}, {"　", " "}})
    for (std::size_t at = t.find(from); at != std::string::npos; at = t.find(from, at)) t.replace(at, from.size(), to);
  std::string compact;
  for (const char c : t)
    if (c != ' ') compact += c;
  std::vector<std::pair<std::string, std::string>> out;
  if (compact.empty()) return out;
  const auto isTime = [](const std::string& s) {
    return s.size() == 5 && std::isdigit(static_cast<unsigned char>(s[0])) && std::isdigit(static_cast<unsigned char>(s[1])) && s[2] == ':' &&
           std::isdigit(static_cast<unsigned char>(s[3])) && std::isdigit(static_cast<unsigned char>(s[4]));
  };
  std::size_t start = 0;
  while (start <= compact.size()) {
    const std::size_t comma = std::min(compact.find(',', start), compact.size());
    const std::string range = compact.substr(start, comma - start);
    const std::size_t dash = range.find('-');
    if (dash == std::string::npos) return std::nullopt;
    std::string from = range.substr(0, dash), to = range.substr(dash + 1);
    if (from.size() == 4 && from[1] == ':') from = "0" + from;  // 9:00
    if (to.size() == 4 && to[1] == ':') to = "0" + to;
    if (!isTime(from) || !isTime(to)) return std::nullopt;
    out.emplace_back(from, to);
    start = comma + 1;
  }
  return out;
}

std::vector<ClosureRow> closuresFrom(const json& j) {
  std::vector<ClosureRow> out;
  for (const json& c : jsonArray(j, "closures"))
    out.push_back({jsonInteger(c, "id"), jsonText(c, "equipment"), jsonText(c, "date"), jsonText(c, "start"), jsonText(c, "end"),
                   jsonText(c, "reason")});
  return out;
}

BookingRow bookingFrom(const json& b) {
  BookingRow r;
  r.id = jsonInteger(b, "id");
  r.equipment = jsonText(b, "equipment");
  r.equipmentNameJa = jsonText(b, "equipment_name_ja");
  r.equipmentNameEn = jsonText(b, "equipment_name_en");
  r.exam = jsonText(b, "exam");
  r.examNameJa = jsonText(b, "exam_name_ja");
  r.examNameEn = jsonText(b, "exam_name_en");
  r.date = jsonText(b, "date");
  r.start = jsonText(b, "start");
  r.end = jsonText(b, "end");
  r.arrival = jsonText(b, "arrival");
  r.patientId = jsonText(b, "patient_id");
  r.patientName = jsonText(b, "patient_name");
  r.facilityName = jsonText(b, "facility_name");
  r.requestedByName = jsonText(b, "requested_by_name");
  r.state = jsonText(b, "state");
  r.status = jsonText(b, "status");
  r.urgency = jsonText(b, "urgency");
  r.verdict = jsonText(b, "verdict");
  r.reason = jsonText(b, "reason");
  r.preparation = jsonText(b, "preparation");
  r.flagged = jsonText(b, "flagged");
  r.cancelledBy = jsonText(b, "cancelled_by");
  r.studyUid = jsonText(b, "study_uid");
  r.isNew = jsonBool(b, "is_new");
  r.imagesAvailable = jsonBool(b, "images_available");
  r.reportAvailable = jsonBool(b, "report_available");
  r.referralDocumentId = jsonInteger(b, "referral_document_id");
  r.createdAt = jsonInteger(b, "created_at");
  r.updatedAt = jsonInteger(b, "updated_at");
  // The order as stored: {order: {...}, checklist: {...}, findings: [...]}.
  const json& stored = jsonObject(b, "order");
  for (const char* f : {"body_part", "purpose", "question", "history", "medication"}) {
    const std::string v = jsonText(jsonObject(stored, "order"), f);
    if (!v.empty()) r.order.emplace_back(f, v);
  }
  for (const auto& [field, value] : jsonObject(stored, "checklist").items()) r.checklist.emplace_back(field, shown(value));
  r.findings = findingsFrom(jsonArray(stored, "findings"));
  for (const json& e : jsonArray(b, "events"))
    r.events.push_back({jsonInteger(e, "at"), jsonText(e, "by_name"), jsonText(e, "from"), jsonText(e, "to"), jsonText(e, "reason")});
  return r;
}

std::vector<BookingRow> bookingsFrom(const json& j) {
  std::vector<BookingRow> out;
  for (const json& b : jsonArray(j, "bookings")) out.push_back(bookingFrom(b));
  return out;
}

}  // namespace renkei::app
