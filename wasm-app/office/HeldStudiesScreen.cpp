// SPDX-License-Identifier: MIT
// The liaison office's queue of held studies (issue 11 §10, R-DATA-1, R-AUD-1): instances that
// arrived without a usable Patient ID wait here, seen by no one else. The office reads what each
// study says (as it was sent, and from where), opens one to see its instances, and either files it
// under a registered patient — only after a confirmation that shows the patient chosen beside the
// instance's own values, differences in the error colour — or discards it with a reason.
#include <imgui.h>

#include <cstdio>

#include "core/text/Trim.h"
#include "wasm-app/App.h"
#include "wasm-app/Ui.h"
#include "wasm-app/office/OfficeJson.h"

namespace renkei::app {

const char* sexText(const App& app, const std::string& sex);  // PatientListScreen.cpp

namespace {

/// A value as sent, or "(none)" in the muted colour: an empty field is what the office looks for.
void valueOrNone(const App& app, const std::string& v, bool wrap = false) {
  if (v.empty()) ui::textColored(ui::kMuted, app.t(T::NoValue));
  else if (wrap) ui::textWrapped(v.c_str());
  else ui::text(v.c_str());
}

const char* sentSex(const App& app, const std::string& sex) { return sex.empty() ? app.t(T::NoValue) : sexText(app, sex); }

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

std::string fileSize(std::int64_t bytes) {
  char buf[32];
  if (bytes < 1024 * 1024) std::snprintf(buf, sizeof buf, "%.1f KB", static_cast<double>(bytes) / 1024.0);
  else std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return buf;
}

/// A PN group with its components ('^') shown as words.
std::string spaced(std::string group) {
  for (char& c : group)
    if (c == '^') c = ' ';
  return std::string(text::trim(group));
}

/// The name as sent: the one to show (ideographic, else alphabetic) and the alphabetic group beside
/// an ideographic one ("山田 太郎 (Yamada Taro)").
std::string sentName(const HeldSays& s) {
  std::string n = s.name;
  const std::string alphabetic = spaced(s.nameAlphabetic);
  if (!s.nameIdeographic.empty() && !alphabetic.empty() && alphabetic != n) n += (n.empty() ? "" : " ") + ("(" + alphabetic + ")");
  return n;
}

void drawList(App& app) {
  HeldStudiesPage& h = app.held;
  if (!h.loading && h.studies.empty() && h.error.empty()) {
    ui::text(app.t(T::NoHeldStudies));
    return;
  }
  if (h.studies.empty()) return;
  ui::textColored(ui::kMuted, textf(T::HeldCount, app.language, static_cast<int>(h.studies.size())).c_str());
  if (!ui::beginListTable("##held-list", {{app.t(T::HeldReceivedAt), 1.25f},
                                          {app.t(T::HeldSentPatientId), 0.95f},
                                          {app.t(T::Name), 1.3f},
                                          {app.t(T::BirthDate), 0.95f},
                                          {app.t(T::Sex), 0.55f},
                                          {app.t(T::StudyDate), 0.95f},
                                          {app.t(T::StudyDescription), 1.2f},
                                          {app.t(T::Modality), 0.6f},
                                          {app.t(T::SeriesAndImages), 0.75f},
                                          {app.t(T::HeldSource), 1.1f},
                                          {app.t(T::HeldReason), 1.5f}}))
    return;
  std::string pick;
  for (const HeldStudyRow& s : h.studies) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    if (ui::selectableRow((displayDateTime(s.receivedAt) + "##held-" + s.studyUid).c_str(), s.studyUid == h.selected))
      pick = s.studyUid;
    ImGui::TableNextColumn();
    valueOrNone(app, s.says.patientId, true);
    ImGui::TableNextColumn();
    valueOrNone(app, s.says.name, true);
    ImGui::TableNextColumn();
    valueOrNone(app, displayDate(s.says.birthDate));
    ImGui::TableNextColumn();
    if (s.says.sex.empty()) ui::textColored(ui::kMuted, app.t(T::NoValue));
    else ui::text(sexText(app, s.says.sex));
    ImGui::TableNextColumn();
    valueOrNone(app, displayDate(s.says.studyDate));
    ImGui::TableNextColumn();
    valueOrNone(app, s.says.description, true);
    ImGui::TableNextColumn();
    valueOrNone(app, s.modalities);
    ImGui::TableNextColumn();
    ui::text(textf(T::SeriesImagesCount, app.language, s.series, s.instances).c_str());
    ImGui::TableNextColumn();
    ui::textWrapped(joined(s.sources).c_str());
    ImGui::TableNextColumn();
    ui::textColored(ui::kWarning, heldReasonText(s.reason, app.language).c_str());
  }
  ImGui::EndTable();
  if (!pick.empty() && pick != h.selected) app.selectHeldStudy(pick);
}

void drawInstances(App& app) {
  HeldStudiesPage& h = app.held;
  if (h.instancesLoading) {
    ui::textColored(ui::kMuted, app.t(T::Loading));
    return;
  }
  if (h.instances.empty()) return;
  ui::text(textf(T::HeldInstancesHeading, app.language, static_cast<int>(h.instances.size())).c_str());
  if (!ui::beginListTable("##held-instances", {{app.t(T::SeriesUid), 2.0f},
                                               {app.t(T::SopUid), 2.2f},
                                               {app.t(T::Modality), 0.6f},
                                               {app.t(T::TransferSyntax), 1.4f},
                                               {app.t(T::FileSize), 0.7f},
                                               {app.t(T::HeldSource), 1.0f},
                                               {app.t(T::HeldReceivedAt), 1.2f}}))
    return;
  for (const HeldInstanceRow& i : h.instances) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ui::textWrapped(i.seriesUid.c_str());
    ImGui::TableNextColumn();
    ui::textWrapped(i.sopUid.c_str());
    ImGui::TableNextColumn();
    valueOrNone(app, i.modality);
    ImGui::TableNextColumn();
    ui::textWrapped(i.transferSyntax.c_str());
    ImGui::TableNextColumn();
    ui::text(fileSize(i.bytes).c_str());
    ImGui::TableNextColumn();
    ui::textWrapped(i.source.c_str());
    ImGui::TableNextColumn();
    ui::textWrapped(displayDateTime(i.receivedAt).c_str());  // date and time on two lines when narrow
  }
  ImGui::EndTable();
}

/// One row of the comparison: the item, what the images say, what the register says.
void compareRow(const App& app, T item, const std::string& sent, const std::string& registered, bool differs) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ui::textColored(ui::kMuted, app.t(item));
  ImGui::TableNextColumn();
  if (sent.empty()) ui::textColored(ui::kMuted, app.t(T::NoValue));
  else if (differs) ui::textColored(ui::kError, sent.c_str());
  else ui::text(sent.c_str());
  ImGui::TableNextColumn();
  if (differs) ui::textColored(ui::kError, registered.c_str());
  else ui::text(registered.c_str());
}

void drawAssign(App& app, const HeldStudyRow& study) {
  HeldStudiesPage& h = app.held;
  const float s = ui::scale();
  if (h.chosen && h.lookedUp != std::string(text::trim(h.patientId))) h.chosen.reset();  // typed another id
  ImGui::PushItemWidth(-1.0f);
  if (ImGui::BeginTable("##held-assign-id", 2, ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("id", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("look", ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    const bool entered = ui::inputText(app.t(T::AssignPatientIdField), "##held-patient", h.patientId);
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(" ");  // the caption's line, so that the button sits beside the field
    if ((ui::button(h.lookingUp ? app.t(T::Loading) : app.t(T::LookUpPatient), 260.0f * s) || entered) && !h.lookingUp)
      app.lookUpHeldPatient();
    ImGui::EndTable();
  }
  ImGui::PopItemWidth();
  if (!h.chosen) return;
  const RegisteredPatient& p = *h.chosen;
  const HeldSays& says = study.says;
  const HeldMismatch m = heldMismatch(says, p);
  ImGui::Spacing();
  ui::heading(app.t(T::AssignCompareHeading));
  if (ImGui::BeginTable("##held-compare", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn(app.t(T::CompareItem), ImGuiTableColumnFlags_WidthStretch, 0.7f);
    ImGui::TableSetupColumn(app.t(T::CompareSent), ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableSetupColumn(app.t(T::CompareRegistered), ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (T head : {T::CompareItem, T::CompareSent, T::CompareRegistered}) {
      ImGui::TableNextColumn();
      ui::textColored(ui::kMuted, app.t(head));
    }
    compareRow(app, T::PatientId, says.patientId, p.id, m.patientId);
    compareRow(app, T::Name, sentName(says), p.name, false);
    compareRow(app, T::NameKana, spaced(says.namePhonetic), p.nameKana, false);
    compareRow(app, T::BirthDate, says.birthDate.empty() ? "" : displayDate(says.birthDate), displayDate(p.birthDate), m.birthDate);
    compareRow(app, T::Sex, says.sex.empty() ? "" : sentSex(app, says.sex), p.sex.empty() ? "" : sexText(app, p.sex), m.sex);
    compareRow(app, T::StudyDate, says.studyDate.empty() ? "" : displayDate(says.studyDate), "", false);
    compareRow(app, T::StudyDescription, says.description, "", false);
    ImGui::EndTable();
  }
  if (m.any()) ui::textColored(ui::kError, app.t(T::HeldMismatchWarning));
  else if (says.birthDate.empty() && says.sex.empty()) ui::textColored(ui::kWarning, app.t(T::HeldNothingToCompare));
  ImGui::Spacing();
  if (ui::button(h.busy ? app.t(T::Sending) : textf(T::ConfirmAssign, app.language, p.name.c_str(), p.id.c_str()).c_str()) && !h.busy)
    app.assignHeldStudy();
}

void drawDiscard(App& app) {
  HeldStudiesPage& h = app.held;
  const float s = ui::scale();
  ui::textColored(ui::kError, app.t(T::ConfirmDiscardStudy));
  ui::inputText(app.t(T::DiscardReason), "##held-reason", h.reason);
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.75f, 0.20f, 0.20f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
  if (ui::button(h.busy ? app.t(T::Sending) : app.t(T::DiscardNow), 260.0f * s) && !h.busy) app.discardHeldStudy();
  ImGui::PopStyleColor(2);
}

void drawSelected(App& app) {
  HeldStudiesPage& h = app.held;
  const HeldStudyRow* study = nullptr;
  for (const HeldStudyRow& r : h.studies)
    if (r.studyUid == h.selected) study = &r;
  if (!study) return;
  const float s = ui::scale();
  ImGui::Spacing();
  ImGui::Separator();
  ui::heading(textf(T::HeldStudyHeading, app.language, study->studyUid.c_str()).c_str());
  drawInstances(app);
  ImGui::Spacing();
  if (ui::toggle(app.t(T::AssignToPatient), h.pending == HeldAction::Assign)) {
    h.pending = h.pending == HeldAction::Assign ? HeldAction::None : HeldAction::Assign;
    h.actionError.clear();
    h.scrollToAction = true;
  }
  ImGui::SameLine();
  if (ui::toggle(app.t(T::DiscardStudy), h.pending == HeldAction::Discard)) {
    h.pending = h.pending == HeldAction::Discard ? HeldAction::None : HeldAction::Discard;
    h.actionError.clear();
    h.scrollToAction = true;
  }
  if (h.pending != HeldAction::None) {
    ImGui::SameLine();
    if (ui::button(app.t(T::Cancel), 160.0f * s)) {
      h.pending = HeldAction::None;
      h.patientId.clear();
      h.lookedUp.clear();
      h.chosen.reset();
      h.lookingUp = false;
      h.reason.clear();
      h.actionError.clear();
    }
  }
  if (!h.actionError.empty()) ui::textColored(ui::kError, h.actionError.c_str());  // beside the buttons that caused it
  if (h.pending == HeldAction::Assign) drawAssign(app, *study);
  if (h.pending == HeldAction::Discard) drawDiscard(app);
  if (h.scrollToAction) {  // the step just opened (or the comparison just answered) ends here: show all of it
    ImGui::Dummy(ImVec2(0.0f, 16.0f * s));
    ImGui::SetScrollHereY(1.0f);
    h.scrollToAction = false;
  }
}

}  // namespace

void drawHeldStudiesScreen(App& app) {
  HeldStudiesPage& h = app.held;
  const float s = ui::scale();
  if (!beginOfficePage(app, "##held", T::HeldStudies)) {
    app.held = HeldStudiesPage{};
    return;
  }
  ImGui::PushStyleColor(ImGuiCol_Text, ui::kMuted);
  ui::textWrapped(app.t(T::HeldStudiesHint));
  ImGui::PopStyleColor();
  if (ui::button(h.loading ? app.t(T::Loading) : app.t(T::Reload), 200.0f * s) && !h.loading) app.loadHeldStudies();
  if (!h.notice.empty()) ui::textColored(ui::kOk, h.notice.c_str());
  if (!h.error.empty()) ui::textColored(ui::kError, h.error.c_str());
  ImGui::Separator();
  drawList(app);
  drawSelected(app);
  ImGui::Dummy(ImVec2(0.0f, 40.0f * s));
  ui::endPage();
}

}  // namespace renkei::app
