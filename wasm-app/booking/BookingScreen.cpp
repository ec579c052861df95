// SPDX-License-Identifier: MIT
// A clinic doctor's exam request (R-BOOK-1, R-BOOK-4): the scanner and exam, a free time from the
// calendar — a week of hours by days on a desktop, one day's times on a tablet — then the structured
// order and the safety checklist, whose verdict (core::checkOrderSafety, as the server will judge
// it) is shown while the doctor types. The same screen moves an existing booking to a new time.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <map>

#include "core/text/Trim.h"
#include "wasm-app/App.h"
#include "wasm-app/Glyphs.h"
#include "wasm-app/Ui.h"

namespace renkei::app {

namespace {

const char* const kWeekdayJa[] = {"月", "火", "水", "木", "金", "土", "日"};
const char* const kWeekdayEn[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

int minuteOf(const std::string& hhmm) {
  return hhmm.size() == 5 ? std::stoi(hhmm.substr(0, 2)) * 60 + std::stoi(hhmm.substr(3, 2)) : 0;
}

}  // namespace

/// "12/08（火）" / "Tue 12/08" for a day of the calendar.
std::string dayLabel(const App& app, Date d) {
  char buf[32];
  const int w = static_cast<int>(d.weekday()) - 1;
  if (app.language == Language::Japanese) std::snprintf(buf, sizeof buf, "%d/%02d（%s）", d.month(), d.day(), kWeekdayJa[w]);
  else std::snprintf(buf, sizeof buf, "%s %d/%02d", kWeekdayEn[w], d.month(), d.day());
  return buf;
}

/// "2026/12/08（火） 09:00–09:10" for a booking's or a slot's time.
std::string slotLabel(const App& app, const std::string& date, const std::string& start, const std::string& end) {
  const auto d = Date::parse(date);
  const std::string day = d ? std::to_string(d->year()) + "/" + dayLabel(app, *d) : date;
  return day + " " + start + "–" + end;
}

namespace {

/// The scanners and their exams as rows of toggles.
void drawScannerChoice(App& app) {
  BookingPage& b = app.booking;
  const float s = ui::scale();
  ui::text(app.t(T::ScannerAndExam));
  if (!ImGui::BeginTable("##scanners", 2, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg)) return;
  ImGui::TableSetupColumn("##name", ImGuiTableColumnFlags_WidthFixed, 170.0f * s);
  ImGui::TableSetupColumn("##exams", ImGuiTableColumnFlags_WidthStretch);
  for (int i = 0; i < static_cast<int>(b.equipment.size()); ++i) {
    const EquipmentChoice& e = b.equipment[i];
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ui::text(app.language == Language::Japanese ? e.nameJa.c_str() : e.nameEn.c_str());
    ImGui::TableNextColumn();
    const float right = ImGui::GetContentRegionAvail().x;
    float used = 0.0f;
    for (int k = 0; k < static_cast<int>(e.exams.size()); ++k) {
      const ExamChoice& x = e.exams[k];
      const std::string label = (app.language == Language::Japanese ? x.nameJa : x.nameEn) + "##" + e.id + x.code;
      const float w = ImGui::CalcTextSize(label.c_str(), nullptr, true).x + 2.0f * ImGui::GetStyle().FramePadding.x;
      if (k > 0 && used + w < right) ImGui::SameLine();
      else if (k > 0) used = 0.0f;
      used += w + ImGui::GetStyle().ItemSpacing.x;
      if (ui::toggle(label.c_str(), b.equipmentIndex == i && b.examIndex == k)) app.chooseScanner(i, k);
    }
  }
  ImGui::EndTable();
  if (const ExamChoice* x = b.exam()) {
    std::string line = textf(T::ExamMinutes, app.language, x->minutes);
    const std::string& prep = app.language == Language::Japanese ? x->preparationJa : x->preparationEn;
    if (!prep.empty()) line += "    " + std::string(app.t(T::Preparation)) + ": " + prep;
    ui::textColored(ui::kMuted, line.c_str());
  }
}

/// The free times of one day as buttons that wrap.
void drawTimes(App& app, const std::vector<const FreeSlot*>& times) {
  BookingPage& b = app.booking;
  const float right = ImGui::GetContentRegionAvail().x;
  float used = 0.0f;
  bool first = true;
  for (const FreeSlot* slot : times) {
    const std::string label = slot->start + "##" + slot->date;
    const float w = ImGui::CalcTextSize(label.c_str(), nullptr, true).x + 2.0f * ImGui::GetStyle().FramePadding.x;
    if (!first && used + w < right) ImGui::SameLine();
    else used = 0.0f;
    first = false;
    used += w + ImGui::GetStyle().ItemSpacing.x;
    if (ui::toggle(label.c_str(), b.chosen && *b.chosen == *slot)) b.chosen = *slot;
  }
}

/// Desktop: hours down, the week's days across; a cell holds the count of free times in that hour,
/// and the chosen cell's times are listed below the table.
void drawWeek(App& app) {
  BookingPage& b = app.booking;
  const float s = ui::scale();
  if (ui::button(app.t(T::PreviousWeek)) && b.weekStart > b.today.plusDays(-6)) app.showWeek(b.weekStart.plusDays(-7));
  ImGui::SameLine();
  const std::string range = displayDate(b.weekStart.iso()) + " – " + displayDate(b.weekStart.plusDays(6).iso());
  ImGui::AlignTextToFramePadding();
  ui::text(range.c_str());
  ImGui::SameLine();
  if (ui::button(app.t(T::NextWeek))) app.showWeek(b.weekStart.plusDays(7));
  if (b.slotsLoading) ui::textColored(ui::kMuted, app.t(T::Loading));
  if (!b.slotsError.empty()) ui::textColored(ui::kError, b.slotsError.c_str());

  // Free times by day and hour, for the week shown.
  std::map<std::pair<std::string, int>, std::vector<const FreeSlot*>> cells;
  int firstHour = 9, lastHour = 16;
  for (const FreeSlot& slot : b.slots) {
    const auto d = Date::parse(slot.date);
    if (!d || *d < b.weekStart || *d > b.weekStart.plusDays(6)) continue;
    const int hour = minuteOf(slot.start) / 60;
    cells[{slot.date, hour}].push_back(&slot);
    firstHour = std::min(firstHour, hour);
    lastHour = std::max(lastHour, hour);
  }
  const int days = 6;  // Monday to Saturday (the hospital's scanners do not run on Sundays)
  if (ImGui::BeginTable("##week", days + 1, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchSame)) {
    ImGui::TableSetupColumn("##hour", ImGuiTableColumnFlags_WidthFixed, 64.0f * s);
    std::vector<std::string> heads;
    for (int d = 0; d < days; ++d) heads.push_back(dayLabel(app, b.weekStart.plusDays(d)) + "##h" + std::to_string(d));
    for (const std::string& h : heads) ImGui::TableSetupColumn(h.c_str());
    ImGui::TableHeadersRow();
    for (int hour = firstHour; hour <= lastHour; ++hour) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      char h[8];
      std::snprintf(h, sizeof h, "%02d:00", hour);
      ImGui::AlignTextToFramePadding();
      ui::textColored(ui::kMuted, h);
      for (int d = 0; d < days; ++d) {
        ImGui::TableNextColumn();
        const std::string date = b.weekStart.plusDays(d).iso();
        const auto it = cells.find({date, hour});
        if (it == cells.end()) continue;
        const std::string label = textf(T::FreeCount, app.language, static_cast<int>(it->second.size())) + "##c" + date + std::to_string(hour);
        const bool chosenHere = b.chosen && b.chosen->date == date && minuteOf(b.chosen->start) / 60 == hour;
        if (ui::toggle(label.c_str(), (b.cellDate == date && b.cellHour == hour) || chosenHere)) {
          b.cellDate = date;
          b.cellHour = hour;
        }
      }
    }
    ImGui::EndTable();
  }
  const auto it = cells.find({b.cellDate, b.cellHour});
  if (it != cells.end()) {
    const auto d = Date::parse(b.cellDate);
    ui::text((d ? dayLabel(app, *d) : b.cellDate).c_str());
    drawTimes(app, it->second);
  }
}

/// Tablet: one day at a time, its free times as large buttons.
void drawDay(App& app) {
  BookingPage& b = app.booking;
  const auto moveTo = [&](Date d) {
    b.day = d;
    if (d < b.weekStart || d > b.weekStart.plusDays(13)) app.showWeek(d.plusDays(1 - static_cast<int>(d.weekday())));
  };
  if (ui::button(app.t(T::PreviousDay)) && b.day > b.today) moveTo(b.day.plusDays(-1));
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  ui::text(dayLabel(app, b.day).c_str());
  ImGui::SameLine();
  if (ui::button(app.t(T::NextDay))) moveTo(b.day.plusDays(1));
  if (b.slotsLoading) {
    ui::textColored(ui::kMuted, app.t(T::Loading));
    return;
  }
  if (!b.slotsError.empty()) ui::textColored(ui::kError, b.slotsError.c_str());
  std::vector<const FreeSlot*> times;
  for (const FreeSlot& slot : b.slots)
    if (slot.date == b.day.iso()) times.push_back(&slot);
  if (times.empty()) ui::textColored(ui::kMuted, app.t(T::NoFreeSlots));
  else drawTimes(app, times);
}

/// One yes/no question of the checklist: its label, then two toggles.
void question(App& app, T label, Answer& a, const char* id) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  ui::text(app.t(label));
  ImGui::TableNextColumn();
  const std::string yes = std::string(app.t(T::AnswerYes)) + "##y" + id, no = std::string(app.t(T::AnswerNo)) + "##n" + id;
  if (ui::toggle(yes.c_str(), a == Answer::Yes)) a = Answer::Yes;
  ImGui::SameLine();
  if (ui::toggle(no.c_str(), a == Answer::No)) a = Answer::No;
}

void drawChecklist(App& app) {
  BookingPage& b = app.booking;
  const EquipmentChoice* e = b.scanner();
  const ExamChoice* x = b.exam();
  OrderForm& o = b.order;
  const float s = ui::scale();
  ui::text(app.t(T::ChecklistHeading));
  const float half = ImGui::GetContentRegionAvail().x * 0.5f;
  if (x->contrast) {
    if (ImGui::BeginTable("##egfr", 2, ImGuiTableFlags_SizingStretchSame)) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ui::inputText(app.t(T::QEgfr), "##egfr", o.egfr);
      ImGui::TableNextColumn();
      ui::inputText(app.t(T::QEgfrDate), "##egfrdate", o.egfrDate);
      ImGui::EndTable();
    }
    if (o.egfrFromLabs) ui::textColored(ui::kOk, textf(T::EgfrFromLabs, app.language, displayDate(o.egfrDate).c_str()).c_str());
  }
  if (ImGui::BeginTable("##size", 2, ImGuiTableFlags_SizingStretchSame)) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ui::inputText(app.t(T::QHeight), "##height", o.height);
    ImGui::TableNextColumn();
    ui::inputText(app.t(T::QWeight), "##weight", o.weight);
    ImGui::EndTable();
  }
  if (!ImGui::BeginTable("##questions", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) return;
  ImGui::TableSetupColumn("##q", ImGuiTableColumnFlags_WidthFixed, std::max(half, 300.0f * s));
  ImGui::TableSetupColumn("##a", ImGuiTableColumnFlags_WidthStretch);
  SafetyAnswers& a = o.answers;
  if (x->contrast) {
    question(app, T::QContrastReaction, a.contrastReaction, "reaction");
    question(app, T::QAsthma, a.asthma, "asthma");
    if (e->kind == "CT") question(app, T::QMetformin, a.metformin, "metformin");
  }
  question(app, T::QPregnancy, a.pregnancy, "pregnancy");
  if (e->kind == "MRI") {
    question(app, T::QPacemaker, a.pacemaker, "pacemaker");
    question(app, T::QCochlear, a.cochlearImplant, "cochlear");
    question(app, T::QNeurostimulator, a.neurostimulator, "neuro");
    question(app, T::QOtherImplant, a.otherImplant, "implant");
    if (a.pacemaker == Answer::Yes || a.cochlearImplant == Answer::Yes || a.neurostimulator == Answer::Yes ||
        a.otherImplant == Answer::Yes)
      question(app, T::QMrConditional, a.deviceMrConditional, "conditional");
    question(app, T::QMetal, a.metalFragments, "metal");
    question(app, T::QClaustrophobia, a.claustrophobia, "claustro");
    question(app, T::QTattoos, a.tattoos, "tattoo");
  }
  ImGui::EndTable();
}

/// The verdict as core::checkOrderSafety gives it for what is typed now (and the server's, when it
/// refused).
SafetyVerdict drawVerdict(App& app) {
  BookingPage& b = app.booking;
  const EquipmentChoice* e = b.scanner();
  const ExamChoice* x = b.exam();
  OrderSafetyInput in;
  in.equipment = equipmentFromCode(e->kind).value_or(Equipment::CT);
  in.contrast = x->contrast;
  in.examDate = b.chosen ? Date::parse(b.chosen->date).value_or(b.day) : b.day;
  in.weightLimitKg = e->weightLimitKg;
  in.answers = answersOf(b.order);
  const SafetyVerdict v = checkOrderSafety(in);
  const bool ja = app.language == Language::Japanese;
  if (v.overall == Severity::Ok) ui::textColored(ui::kOk, app.t(T::VerdictOk));
  else ui::textColored(v.blocked() ? ui::kError : ui::kWarning, app.t(v.blocked() ? T::VerdictBlock : T::VerdictWarn));
  for (const SafetyFinding& f : v.findings) {
    if (ja) noteGlyphs(f.ja);  // core's texts may hold kanji outside the first font (喘)
    const std::string line = std::string(f.severity == Severity::Block ? "× " : "! ") + (ja ? f.ja : f.en);
    ui::textColored(f.severity == Severity::Block ? ui::kError : ui::kWarning, line.c_str());
  }
  return v;
}

void drawOrder(App& app) {
  BookingPage& b = app.booking;
  OrderForm& o = b.order;
  ui::text(app.t(T::OrderHeading));
  ImGui::AlignTextToFramePadding();
  ui::text(app.t(T::Urgency));
  for (const auto& [code, label] : {std::pair{"routine", T::UrgencyRoutine}, std::pair{"soon", T::UrgencySoon},
                                    std::pair{"urgent", T::UrgencyUrgent}}) {
    ImGui::SameLine();
    if (ui::toggle(app.t(label), o.urgency == code)) o.urgency = code;
  }
  if (ImGui::BeginTable("##order", 2, ImGuiTableFlags_SizingStretchSame)) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ui::inputText(app.t(T::BodyPart), "##bodypart", o.bodyPart);
    ImGui::TableNextColumn();
    ui::inputText(app.t(T::Purpose), "##purpose", o.purpose);
    ImGui::EndTable();
  }
  ui::inputText(app.t(T::ClinicalQuestion), "##question", o.question);
  ui::inputText(app.t(T::History), "##history", o.history);
  ui::inputText(app.t(T::Medication), "##medication", o.medication);
}

}  // namespace

void drawBookingScreen(App& app) {
  BookingPage& b = app.booking;
  drawSignedInBar(app);
  ui::beginPage("##booking", app.barHeight);
  if (ui::button(app.t(b.rescheduling ? T::ToBookings : T::BackToPatient))) {
    if (b.rescheduling) app.openBookings(false);
    else app.screen = Screen::Patient;  // the patient's page is still loaded
    ui::endPage();
    return;
  }
  pageTitle(app, b.rescheduling ? T::RescheduleTitle : T::BookingTitle);
  ui::heading((b.patientName.empty() ? b.patientId : b.patientName + "  (" + b.patientId + ")").c_str());
  if (b.loading) ui::textColored(ui::kMuted, app.t(T::Loading));
  if (!b.error.empty()) ui::textColored(ui::kError, b.error.c_str());
  if (b.bookedId) {  // sent: what happens next, and the way on
    ui::textColored(ui::kOk, b.notice.c_str());
    if (ui::button(app.t(T::ToBookings))) app.openBookings(false);
    ui::endPage();
    return;
  }
  ImGui::Separator();
  if (!b.rescheduling) drawScannerChoice(app);
  const EquipmentChoice* e = b.scanner();
  const ExamChoice* x = b.exam();
  if (!e || !x) {
    if (!b.loading) ui::textColored(ui::kMuted, app.t(T::ChooseExamFirst));
    ui::endPage();
    return;
  }
  ImGui::Separator();
  ui::text((std::string(app.t(T::FreeSlots)) + ": " + (app.language == Language::Japanese ? e->nameJa + " " + x->nameJa
                                                                                          : e->nameEn + ", " + x->nameEn))
               .c_str());
  // A tablet (up to 1024 CSS px, landscape) gets the day list: large buttons, no hover.
  const bool tablet = ImGui::GetIO().DisplaySize.x < 1100.0f * ui::scale();
  if (tablet) drawDay(app);
  else drawWeek(app);
  if (b.chosen) ui::textColored(ui::kOk, textf(T::ChosenSlot, app.language, slotLabel(app, b.chosen->date, b.chosen->start, b.chosen->end).c_str()).c_str());
  else ui::textColored(ui::kMuted, app.t(T::ChooseTime));
  ImGui::Separator();

  bool canSend = b.chosen.has_value() && !b.busy;
  if (b.rescheduling) {
    ui::inputText(app.t(T::RescheduleReason), "##reschedule-reason", b.reason);
    canSend = canSend && !text::isBlank(b.reason);
  } else {
    drawOrder(app);
    ImGui::Spacing();
    drawChecklist(app);
    ImGui::Spacing();
    const SafetyVerdict v = drawVerdict(app);
    const bool filled = !text::isBlank(b.order.bodyPart) && !text::isBlank(b.order.purpose) && !text::isBlank(b.order.question);
    if (!filled) ui::textColored(ui::kMuted, app.t(T::FillOrder));
    canSend = canSend && filled && !v.blocked();
  }
  if (!b.serverFindings.empty()) {
    for (const SafetyFinding& f : b.serverFindings)
      ui::textColored(f.severity == Severity::Block ? ui::kError : ui::kWarning,
                      (app.language == Language::Japanese ? f.ja : f.en).c_str());
  }
  if (!b.sendError.empty()) ui::textColored(ui::kError, b.sendError.c_str());
  ImGui::BeginDisabled(!canSend);
  if (ui::button(app.t(b.busy ? T::Sending : b.rescheduling ? T::SendReschedule : T::SendBooking))) app.sendBooking();
  ImGui::EndDisabled();
  ui::endPage();
}

}  // namespace renkei::app
