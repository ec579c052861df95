// SPDX-License-Identifier: MIT
// The bookings (R-BOOK-2): a clinic sees its own requests with every change by the hospital marked
// new; the hospital sees the queue of requests (oldest first, urgent ones marked) and every
// booking. One booking opens below the list with its order, checklist, letter and history, and the
// steps the role may take: confirm with an arrival time and preparation, decline or cancel with a
// reason, a new time, done or no-show.
#include <imgui.h>

#include <algorithm>

#include "wasm-app/App.h"
#include "wasm-app/Ui.h"

namespace renkei::app {

// BookingScreen.cpp
std::string slotLabel(const App& app, const std::string& date, const std::string& start, const std::string& end);
std::string dayLabel(const App& app, Date d);

namespace {

const char* stateText(const App& app, const std::string& state) {
  if (state == "requested") return app.t(T::StateRequested);
  if (state == "confirmed") return app.t(T::StateConfirmed);
  if (state == "rejected") return app.t(T::StateRejected);
  if (state == "cancelled") return app.t(T::StateCancelled);
  if (state == "done") return app.t(T::StateDone);
  if (state == "noshow") return app.t(T::StateNoShow);
  return state.c_str();
}

ImVec4 stateColour(const std::string& state) {
  if (state == "confirmed" || state == "done") return ui::kOk;
  if (state == "requested") return ui::kWarning;
  return ui::kMuted;
}

const char* fieldText(const App& app, const std::string& field) {
  struct Name {
    const char* field;
    T label;
  };
  static const Name kNames[] = {{"body_part", T::BodyPart},
                                {"purpose", T::Purpose},
                                {"question", T::ClinicalQuestion},
                                {"history", T::History},
                                {"medication", T::Medication},
                                {"egfr", T::QEgfr},
                                {"egfr_date", T::QEgfrDate},
                                {"height_cm", T::QHeight},
                                {"weight_kg", T::QWeight},
                                {"contrast_reaction", T::QContrastReaction},
                                {"asthma", T::QAsthma},
                                {"metformin", T::QMetformin},
                                {"pregnancy", T::QPregnancy},
                                {"pacemaker", T::QPacemaker},
                                {"cochlear_implant", T::QCochlear},
                                {"neurostimulator", T::QNeurostimulator},
                                {"other_implant", T::QOtherImplant},
                                {"device_mr_conditional", T::QMrConditional},
                                {"metal_fragments", T::QMetal},
                                {"claustrophobia", T::QClaustrophobia},
                                {"tattoos", T::QTattoos}};
  for (const Name& n : kNames)
    if (field == n.field) return app.t(n.label);
  return field.c_str();
}

std::string examName(const App& app, const BookingRow& b) {
  const bool ja = app.language == Language::Japanese;
  const std::string& scanner = ja ? b.equipmentNameJa : b.equipmentNameEn;
  const std::string& exam = ja ? b.examNameJa : b.examNameEn;
  return (exam.empty() ? b.exam : exam) + "  " + (scanner.empty() ? b.equipment : scanner);
}

/// Label and value in two columns.
void pairsTable(const App& app, const char* id, const std::vector<std::pair<std::string, std::string>>& rows) {
  if (rows.empty() || !ImGui::BeginTable(id, 2, ImGuiTableFlags_RowBg)) return;
  ImGui::TableSetupColumn("##label", ImGuiTableColumnFlags_WidthFixed, 320.0f * ui::scale());
  ImGui::TableSetupColumn("##value", ImGuiTableColumnFlags_WidthStretch);
  for (const auto& [field, value] : rows) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ui::textColored(ui::kMuted, fieldText(app, field));
    ImGui::TableNextColumn();
    const char* shown = value == "yes" ? app.t(T::AnswerYes) : value == "no" ? app.t(T::AnswerNo) : value.c_str();
    ui::textWrapped(shown);
  }
  ImGui::EndTable();
}

void drawActions(App& app, const BookingRow& d) {
  BookingListPage& l = app.bookings;
  const bool hospital = app.user.role == "staff" || app.user.role == "admin";
  const bool open = d.state == "requested" || d.state == "confirmed";
  if (l.pending == BookingAction::Reject || l.pending == BookingAction::Cancel) {
    ui::textColored(ui::kWarning, app.t(l.pending == BookingAction::Reject ? T::ConfirmReject : T::ConfirmCancelBooking));
    ui::inputText(app.t(T::Reason), "##booking-reason", l.reason);
    if (ui::button(app.t(l.busy ? T::Sending : T::Confirm))) app.sendBookingAction();
    ImGui::SameLine();
    if (ui::button(app.t(T::Cancel))) l.pending = BookingAction::None;
    return;
  }
  if (hospital && d.state == "requested") {
    if (ImGui::BeginTable("##confirm", 2, ImGuiTableFlags_SizingStretchProp)) {
      ImGui::TableSetupColumn("##a", ImGuiTableColumnFlags_WidthStretch, 1.0f);
      ImGui::TableSetupColumn("##p", ImGuiTableColumnFlags_WidthStretch, 3.0f);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ui::inputText(app.t(T::ArrivalField), "##arrival", l.arrival);
      ImGui::TableNextColumn();
      ui::inputText(app.t(T::PreparationField), "##preparation", l.preparation);
      ImGui::EndTable();
    }
    if (ui::button(app.t(l.busy ? T::Sending : T::ConfirmBooking))) {
      l.pending = BookingAction::Confirm;
      app.sendBookingAction();
    }
    ImGui::SameLine();
    if (ui::button(app.t(T::RejectBooking))) l.pending = BookingAction::Reject;
    ImGui::SameLine();
  }
  if (hospital && d.state == "confirmed") {
    if (ui::button(app.t(T::MarkDone))) {
      l.pending = BookingAction::Done;
      app.sendBookingAction();
    }
    ImGui::SameLine();
    if (ui::button(app.t(T::MarkNoShow))) {
      l.pending = BookingAction::NoShow;
      app.sendBookingAction();
    }
    ImGui::SameLine();
  }
  if (open) {
    if (ui::button(app.t(T::RescheduleBooking))) {
      app.rescheduleBooking(d);
      return;
    }
    ImGui::SameLine();
    if (ui::button(app.t(T::CancelBooking))) l.pending = BookingAction::Cancel;
  }
  ImGui::NewLine();
}

void drawDetail(App& app) {
  BookingListPage& l = app.bookings;
  if (l.detailLoading) ui::textColored(ui::kMuted, app.t(T::Loading));
  if (!l.detail) return;
  const BookingRow& d = *l.detail;
  const bool ja = app.language == Language::Japanese;
  ui::heading((examName(app, d) + "    " + slotLabel(app, d.date, d.start, d.end)).c_str());
  std::string line = std::string(stateText(app, d.state));
  if (!d.arrival.empty() && d.state == "confirmed") line += "    " + textf(T::ArrivalAt, app.language, d.arrival.c_str());
  ui::textColored(stateColour(d.state), line.c_str());
  if (!d.reason.empty() && (d.state == "rejected" || d.state == "cancelled"))
    ui::textColored(ui::kMuted, (std::string(app.t(T::Reason)) + ": " + d.reason).c_str());
  if (!d.preparation.empty() && d.state == "confirmed")
    ui::textWrapped((std::string(app.t(T::PreparationField)) + ": " + d.preparation).c_str());
  if (!d.flagged.empty()) ui::textColored(ui::kError, textf(T::FlaggedNote, app.language, d.flagged.c_str()).c_str());
  if (d.imagesAvailable || d.reportAvailable) {
    std::string results = d.imagesAvailable ? app.t(T::ImagesAvailable) : "";
    if (d.reportAvailable) results += std::string(results.empty() ? "" : "  ・  ") + app.t(T::ReportAvailable);
    ui::textColored(ui::kOk, results.c_str());
  }
  ui::text((std::string(app.t(T::BookingPatient)) + ": " + d.patientName + "  (" + d.patientId + ")").c_str());
  ui::textColored(ui::kMuted, textf(T::RequestedByLine, app.language, d.requestedByName.c_str(), d.facilityName.c_str()).c_str());
  if (ui::button(app.t(T::ReferralLetter))) app.openBookingPage(d.id, "referral-letter");
  if (d.state == "confirmed") {
    ImGui::SameLine();
    if (ui::button(app.t(T::InstructionSheet))) app.openBookingPage(d.id, "instruction-sheet");
  }
  drawActions(app, d);
  ImGui::Separator();
  ui::text(app.t(T::OrderHeading));
  pairsTable(app, "##order", d.order);
  ui::text(app.t(T::ChecklistAnswers));
  pairsTable(app, "##checklist", d.checklist);
  for (const SafetyFinding& f : d.findings)
    ui::textColored(f.severity == Severity::Block ? ui::kError : ui::kWarning, (ja ? f.ja : f.en).c_str());
  if (!d.events.empty()) {
    ui::text(app.t(T::EventsHeading));
    for (const BookingEvent& e : d.events) {
      const std::string step = displayDateTime(e.at) + "  " + e.byName + "  " + (e.from.empty() ? "" : std::string(stateText(app, e.from)) + " → ") +
                               stateText(app, e.to) + (e.reason.empty() ? "" : "  (" + e.reason + ")");
      ui::textColored(ui::kMuted, step.c_str());
    }
  }
}

}  // namespace

void drawBookingListScreen(App& app) {
  BookingListPage& l = app.bookings;
  const bool hospital = app.user.role == "staff" || app.user.role == "admin";
  if (!beginOfficePage(app, "##bookings", l.queue ? T::BookingQueue : T::BookingsMenu)) return;
  if (hospital) {
    if (ui::toggle(app.t(T::QueueTab), l.queue) && !l.queue) app.openBookings(true);
    ImGui::SameLine();
    if (ui::toggle(app.t(T::AllBookings), !l.queue) && l.queue) app.openBookings(false);
    ImGui::SameLine();
  }
  if (ui::button(app.t(T::Reload))) app.loadBookings();
  if (!l.notice.empty()) ui::textColored(ui::kOk, l.notice.c_str());
  if (!l.error.empty()) ui::textColored(ui::kError, l.error.c_str());
  if (l.loading) ui::textColored(ui::kMuted, app.t(T::Loading));
  else if (l.rows.empty()) ui::text(app.t(T::NoBookings));
  if (!l.rows.empty() && ui::beginListTable("##booking-list", {{app.t(T::BookingWhen), 1.6f},
                                                               {app.t(T::BookingExam), 2.0f},
                                                               {app.t(T::BookingPatient), 1.2f},
                                                               {app.t(T::BookingFrom), 1.2f},
                                                               {app.t(T::BookingState), 1.2f}})) {
    std::int64_t open = 0;
    for (const BookingRow& b : l.rows) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const auto day = Date::parse(b.date);  // "12/08（火） 09:00": the year and the end are in the booking below
      const std::string when = (day ? dayLabel(app, *day) : b.date) + " " + b.start + "##b" + std::to_string(b.id);
      if (ui::selectableRow(when.c_str(), l.selected == b.id)) open = b.id;
      ImGui::TableNextColumn();
      ui::textWrapped(examName(app, b).c_str());
      if (b.urgency != "routine") {
        ImGui::SameLine();
        ui::textColored(b.urgency == "urgent" ? ui::kError : ui::kWarning, app.t(b.urgency == "urgent" ? T::UrgencyUrgent : T::UrgencySoon));
      }
      ImGui::TableNextColumn();
      ui::text(b.patientName.empty() ? b.patientId.c_str() : b.patientName.c_str());
      ImGui::TableNextColumn();
      ui::text(b.facilityName.c_str());
      ImGui::TableNextColumn();
      ui::textColored(stateColour(b.state), stateText(app, b.state));
      if (b.imagesAvailable || b.reportAvailable) {  // the results have come back (issue 12 §7)
        ImGui::SameLine();
        ui::textColored(ui::kOk, app.t(b.reportAvailable ? T::ReportAvailable : T::ImagesAvailable));
      }
      if (b.isNew) {
        ImGui::SameLine();
        ui::textColored(ui::kError, app.t(T::NewMark));
      }
      if (!b.flagged.empty()) {
        ImGui::SameLine();
        ui::textColored(ui::kError, "!");
      }
    }
    ImGui::EndTable();
    if (open) app.selectBooking(open);
  }
  ImGui::Separator();
  drawDetail(app);
  ui::endPage();
}

}  // namespace renkei::app
