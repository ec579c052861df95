// SPDX-License-Identifier: MIT
// The message threads (issue 14, R-MSG-1): newest activity first with their unread counts, a
// search over one's own threads, and a new thread — to radiology or the liaison office, about a
// patient when it was started from the patient's page — with files attached.
#include <imgui.h>

#include "wasm-app/App.h"
#include "wasm-app/Ui.h"

namespace renkei::app {

namespace {

void drawFiles(App& app, std::vector<PendingFile>& files, const char* id) {
  for (std::size_t k = 0; k < files.size(); ++k) {
    ui::textColored(ui::kMuted, files[k].name.c_str());
    ImGui::SameLine();
    if (ui::button((std::string(app.t(T::RemoveFile)) + "##" + id + std::to_string(k)).c_str())) {
      files.erase(files.begin() + static_cast<std::ptrdiff_t>(k));
      return;
    }
  }
}

void drawCompose(App& app) {
  ComposeForm& c = app.inbox.compose;
  ui::heading(app.t(T::NewThread));
  if (!c.patientId.empty())
    ui::textColored(ui::kOk, textf(T::AboutPatient, app.language, (c.patientName + "  (" + c.patientId + ")").c_str()).c_str());
  ImGui::AlignTextToFramePadding();
  ui::text(app.t(T::ToDepartment));
  // The departments, then the hospital's doctors by name (as the server lists them).
  std::vector<Destination> to = app.inbox.destinations;
  if (to.empty()) to = {{"radiology", text(T::DeptRadiology, Language::Japanese), text(T::DeptRadiology, Language::English)},
                        {"liaison", text(T::DeptLiaison, Language::Japanese), text(T::DeptLiaison, Language::English)}};
  const float right = ImGui::GetWindowContentRegionMax().x + ImGui::GetWindowPos().x;
  for (const Destination& d : to) {
    const std::string label = (app.language == Language::Japanese ? d.nameJa : d.nameEn) + "##to" + d.code;
    const float w = ImGui::CalcTextSize(label.c_str(), nullptr, true).x + 2.0f * ImGui::GetStyle().FramePadding.x;
    if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + w <= right) ImGui::SameLine();
    if (ui::toggle(label.c_str(), c.department == d.code)) c.department = d.code;
  }
  if (app.user.role == "clinic") {
    ImGui::SameLine();
    if (ui::toggle(app.t(T::WholeClinic), c.wholeClinic)) c.wholeClinic = !c.wholeClinic;
  }
  ui::inputText(app.t(T::SubjectField), "##subject", c.subject);
  ui::inputText(app.t(T::MessageText), "##text", c.text);
  drawFiles(app, c.files, "c");
  if (ui::button(app.t(T::AttachFile))) app.chooseMessageFile(true);
  ImGui::SameLine();
  if (ui::button(app.t(c.busy ? T::Sending : T::SendMessage))) app.sendThread();
  ImGui::SameLine();
  if (ui::button(app.t(T::Cancel))) c = ComposeForm{};
  drawUploadProgress(app, c.upload);
  if (!c.error.empty()) ui::textColored(ui::kError, c.error.c_str());
  ImGui::Separator();
}

}  // namespace

void drawInboxScreen(App& app) {
  InboxPage& p = app.inbox;
  if (!beginOfficePage(app, "##inbox", T::MessagesMenu)) return;
  // A clinic starts threads; the hospital answers in them (a new one to a clinic: the API).
  if (p.compose.open) drawCompose(app);
  else if (app.user.role == "clinic" && ui::button(app.t(T::NewThread))) {
    p.compose.open = true;
    app.loadDestinations();
  }
  if (ImGui::BeginTable("##search", 2, ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("##q", ImGuiTableColumnFlags_WidthStretch, 4.0f);
    ImGui::TableSetupColumn("##b", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    const bool entered = ui::inputText(app.t(T::SearchMessages), "##q", p.query);
    ImGui::TableNextColumn();
    ImGui::Dummy(ImVec2(0.0f, ImGui::GetTextLineHeightWithSpacing()));
    if (ui::button(app.t(T::Search)) || entered) app.loadThreads();
    ImGui::EndTable();
  }
  if (!p.notice.empty()) ui::textColored(ui::kOk, p.notice.c_str());
  if (!p.error.empty()) ui::textColored(ui::kError, p.error.c_str());
  if (p.loading) ui::textColored(ui::kMuted, app.t(T::Loading));
  else if (p.threads.empty()) ui::text(app.t(T::NoThreads));
  const bool ja = app.language == Language::Japanese;
  std::int64_t open = 0;
  if (!p.threads.empty() && ui::beginListTable("##threads", {{app.t(T::LastActivity), 1.2f},
                                                             {app.t(T::SubjectField), 2.4f},
                                                             {app.t(T::BookingPatient), 1.2f},
                                                             {app.t(T::ThreadWith), 1.6f},
                                                             {app.t(T::NotReadYet), 0.6f}})) {
    for (const ThreadSummary& t : p.threads) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      if (ui::selectableRow((displayDateTime(t.lastMessageAt).substr(0, 16) + "##t" + std::to_string(t.id)).c_str())) open = t.id;
      ImGui::TableNextColumn();
      ui::textWrapped(t.subject.c_str());
      ImGui::TableNextColumn();
      ui::text(t.patientName.empty() ? t.patientId.c_str() : t.patientName.c_str());
      ImGui::TableNextColumn();
      // The other side: the department for the clinic, the clinic for the hospital.
      const std::string other = app.user.role == "clinic" ? (ja ? t.departmentNameJa : t.departmentNameEn)
                                                          : t.facilityName + (t.clinicUserName.empty() ? "" : "  " + t.clinicUserName);
      ui::textWrapped(other.c_str());
      ImGui::TableNextColumn();
      if (t.unread > 0) ui::textColored(ui::kError, std::to_string(t.unread).c_str());
    }
    ImGui::EndTable();
  }
  ui::endPage();
  if (open) app.openThread(open);
}

}  // namespace renkei::app
