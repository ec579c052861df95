// SPDX-License-Identifier: MIT
// The liaison office's scanners (issue 12 §1): each scanner's weekly hours, table weight limit, how
// far ahead and how soon clinics may book (editable), and closures — maintenance days or hours of
// one scanner, or the hospital's own holidays for all. A closure that hits bookings flags them for
// the office to call the clinics; it never drops them.
#include <imgui.h>

#include <cstdio>

#include "wasm-app/App.h"
#include "wasm-app/Ui.h"

namespace renkei::app {

namespace {

const char* const kDaysJa[] = {"月", "火", "水", "木", "金", "土", "日"};
const char* const kDaysEn[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

/// "月–金 09:00–12:00, 13:00–17:00   土 09:00–12:00": consecutive days with the same hours share a line.
std::string hoursText(const App& app, const EquipmentChoice& e) {
  std::string perDay[8];
  for (const OpeningHours& h : e.hours)
    if (h.weekday >= 1 && h.weekday <= 7) perDay[h.weekday] += (perDay[h.weekday].empty() ? "" : ", ") + h.start + "–" + h.end;
  const char* const* names = app.language == Language::Japanese ? kDaysJa : kDaysEn;
  std::string out;
  for (int d = 1; d <= 7;) {
    int last = d;
    while (last < 7 && perDay[last + 1] == perDay[d]) ++last;
    if (!perDay[d].empty())
      out += std::string(out.empty() ? "" : "   ") + names[d - 1] + (last > d ? std::string("–") + names[last - 1] : "") + " " + perDay[d];
    d = last + 1;
  }
  return out;
}

std::string scannerName(const App& app, const SchedulePage& p, const std::string& id) {
  if (id.empty()) return app.t(T::AllScanners);
  for (const EquipmentChoice& e : p.equipment)
    if (e.id == id) return app.language == Language::Japanese ? e.nameJa : e.nameEn;
  return id;
}

}  // namespace

void drawScheduleScreen(App& app) {
  SchedulePage& p = app.schedule;
  const float s = ui::scale();
  if (!beginOfficePage(app, "##schedule", T::ScheduleMenu)) return;
  if (!p.notice.empty()) ui::textColored(ui::kOk, p.notice.c_str());
  if (!p.error.empty()) ui::textColored(ui::kError, p.error.c_str());
  if (p.loading) ui::textColored(ui::kMuted, app.t(T::Loading));
  if (ui::beginListTable("##scanners", {{app.t(T::BookingExam), 1.4f},
                                        {app.t(T::OpeningHoursLabel), 3.2f},
                                        {app.t(T::WeightLimit), 1.0f},
                                        {app.t(T::BookAheadField), 1.2f},
                                        {app.t(T::LeadField), 1.2f}})) {
    for (const EquipmentChoice& e : p.equipment) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const std::string name = (app.language == Language::Japanese ? e.nameJa : e.nameEn) + "##s" + e.id;
      if (ui::selectableRow(name.c_str(), p.selected == e.id)) app.selectScanner(e.id);
      ImGui::TableNextColumn();
      ui::textWrapped(hoursText(app, e).c_str());
      ImGui::TableNextColumn();
      char v[32];
      std::snprintf(v, sizeof v, "%.0f kg", e.weightLimitKg);
      ui::text(v);
      ImGui::TableNextColumn();
      ui::text(std::to_string(e.bookAheadDays).c_str());
      ImGui::TableNextColumn();
      ui::text(std::to_string(e.leadMinutes / 60).c_str());
    }
    ImGui::EndTable();
  }
  if (!p.selected.empty()) {  // the chosen scanner's booking limits
    ui::heading(scannerName(app, p, p.selected).c_str());
    if (ImGui::BeginTable("##limits", 3, ImGuiTableFlags_SizingStretchSame)) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ui::inputText(app.t(T::BookAheadField), "##ahead", p.bookAhead);
      ImGui::TableNextColumn();
      ui::inputText(app.t(T::LeadField), "##lead", p.lead);
      ImGui::TableNextColumn();
      ImGui::Dummy(ImVec2(0.0f, ImGui::GetTextLineHeightWithSpacing()));
      if (ui::button(app.t(p.busy ? T::Sending : T::SaveScanner))) app.saveScanner();
      ImGui::EndTable();
    }
    // Its weekly hours: what clinics may book, and what is kept for inpatients and emergencies.
    if (ImGui::BeginTable("##hours", 3, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_RowBg)) {
      ImGui::TableSetupColumn("##day", ImGuiTableColumnFlags_WidthFixed, 48.0f * s);
      ImGui::TableSetupColumn(app.t(T::HoursOpenField), ImGuiTableColumnFlags_WidthStretch, 1.0f);
      ImGui::TableSetupColumn(app.t(T::HoursReservedField), ImGuiTableColumnFlags_WidthStretch, 1.0f);
      ImGui::TableHeadersRow();
      for (int d = 0; d < 7; ++d) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ui::text((app.language == Language::Japanese ? kDaysJa : kDaysEn)[d]);
        const std::string day = std::to_string(d);
        ImGui::TableNextColumn();
        ui::inputTextInline((std::string("open-") + kDaysEn[d]).c_str(), ("##open" + day).c_str(), p.open[static_cast<std::size_t>(d)]);
        ImGui::TableNextColumn();
        ui::inputTextInline((std::string("reserved-") + kDaysEn[d]).c_str(), ("##reserved" + day).c_str(),
                            p.reserved[static_cast<std::size_t>(d)]);
      }
      ImGui::EndTable();
    }
    if (ui::button(app.t(p.busy ? T::Sending : T::SaveHours))) app.saveHours();
    // The exam types it does, with their durations and preparation.
    const EquipmentChoice* chosen = nullptr;
    for (const EquipmentChoice& e : p.equipment)
      if (e.id == p.selected) chosen = &e;
    if (chosen && ui::beginListTable("##exams", {{app.t(T::ExamTypesHeading), 1.6f},
                                                 {app.t(T::ExamMinutesColumn), 0.6f},
                                                 {app.t(T::ContrastColumn), 0.5f},
                                                 {app.t(T::Preparation), 2.4f}})) {
      const bool ja = app.language == Language::Japanese;
      for (const ExamChoice& x : chosen->exams) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ui::text((ja ? x.nameJa : x.nameEn).c_str());
        ImGui::TableNextColumn();
        ui::text(textf(T::ExamMinutes, app.language, x.minutes).c_str());
        ImGui::TableNextColumn();
        ui::text(x.contrast ? app.t(T::AnswerYes) : "");
        ImGui::TableNextColumn();
        ui::textWrapped((ja ? x.preparationJa : x.preparationEn).c_str());
      }
      ImGui::EndTable();
    }
  }
  ImGui::Separator();
  ui::text(app.t(T::ClosuresHeading));
  if (p.closures.empty()) ui::textColored(ui::kMuted, app.t(T::NoClosures));
  for (const ClosureRow& c : p.closures) {
    const std::string line = displayDate(c.date) + "  " + (c.start.empty() ? app.t(T::AllDay) : c.start + "–" + c.end) + "  " +
                             scannerName(app, p, c.equipment) + "  " + c.reason;
    ui::text(line.c_str());
  }
  // A new closure: for one scanner or all.
  if (ui::toggle(app.t(T::AllScanners), p.closureEquipment.empty())) p.closureEquipment.clear();
  for (const EquipmentChoice& e : p.equipment) {
    ImGui::SameLine();
    const std::string label = (app.language == Language::Japanese ? e.nameJa : e.nameEn) + "##c" + e.id;
    if (ImGui::GetContentRegionAvail().x < ImGui::CalcTextSize(label.c_str(), nullptr, true).x + 24.0f * s) ImGui::NewLine();
    if (ui::toggle(label.c_str(), p.closureEquipment == e.id)) p.closureEquipment = e.id;
  }
  if (ImGui::BeginTable("##closure", 4, ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("##d", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn("##s", ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableSetupColumn("##e", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("##r", ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ui::inputText(app.t(T::ClosureDateField), "##cdate", p.closureDate);
    ImGui::TableNextColumn();
    ui::inputText(app.t(T::ClosureStartField), "##cstart", p.closureStart);
    ImGui::TableNextColumn();
    ui::inputText(app.t(T::ClosureEndField), "##cend", p.closureEnd);
    ImGui::TableNextColumn();
    ui::inputText(app.t(T::ClosureReasonField), "##creason", p.closureReason);
    ImGui::EndTable();
  }
  if (ui::button(app.t(p.busy ? T::Sending : T::AddClosure))) app.addClosure();
  ui::endPage();
}

}  // namespace renkei::app
