// SPDX-License-Identifier: MIT
// One thread (issue 14, R-MSG-1): its messages oldest first, who has read each, the attachments
// (images shown in place, PDF and DICOM saved), and the reply with files attached.
#include <imgui.h>

#include <algorithm>

#include "wasm-app/App.h"
#include "wasm-app/Ui.h"

namespace renkei::app {

void drawThreadScreen(App& app) {
  ThreadPage& t = app.thread;
  const float s = ui::scale();
  drawSignedInBar(app);
  ui::beginPage("##thread", app.barHeight);
  if (ui::button(app.t(T::BackToInbox))) {
    app.openInbox();
    ui::endPage();
    return;
  }
  if (t.loading) ui::textColored(ui::kMuted, app.t(T::Loading));
  if (!t.error.empty()) ui::textColored(ui::kError, t.error.c_str());
  if (!t.notice.empty()) ui::textColored(ui::kOk, t.notice.c_str());
  const bool ja = app.language == Language::Japanese;
  if (t.thread.id) {
    ui::heading(t.thread.subject.c_str());
    std::string line = std::string(app.t(T::ToDepartment)) + ": " + (ja ? t.thread.departmentNameJa : t.thread.departmentNameEn) +
                       "    " + t.thread.facilityName;
    if (!t.thread.patientId.empty()) line += "    " + textf(T::AboutPatient, app.language, (t.thread.patientName + "  (" + t.thread.patientId + ")").c_str());
    ui::textColored(ui::kMuted, line.c_str());
  }
  ImGui::Separator();
  const AttachmentInfo* open = nullptr;
  for (const MessageRow& m : t.messages) {
    const std::string who = m.senderName + (m.senderFacilityName.empty() ? "" : "（" + m.senderFacilityName + "）") + "    " +
                            displayDateTime(m.sentAt);
    ui::textColored(ImVec4(0.08f, 0.16f, 0.32f, 1.0f), who.c_str());
    ui::textWrapped(m.text.c_str());
    for (const AttachmentInfo& a : m.attachments) {
      const bool image = a.mediaType == "image/png" || a.mediaType == "image/jpeg";
      const std::string label = a.name + "  (" + std::to_string((a.bytes + 1023) / 1024) + " KB)";
      ui::textColored(ui::kMuted, label.c_str());
      ImGui::SameLine();
      const std::string button = std::string(app.t(image ? T::ShowAttachment : T::SaveAttachment)) + "##a" + std::to_string(a.id);
      if (ui::button(button.c_str())) open = &a;
      for (const Preview& p : t.previews)
        if (p.attachment == a.id && p.texture) {
          const float w = std::min(static_cast<float>(p.width) * s, 480.0f * s);
          ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(p.texture)), ImVec2(w, w * p.height / std::max(1, p.width)));
        }
    }
    std::string readers;
    for (const auto& [name, at] : m.readBy)
      if (name != m.senderName) readers += (readers.empty() ? "" : "、") + name;
    if (!readers.empty()) ui::textColored(ui::kOk, textf(T::ReadBy, app.language, readers.c_str()).c_str());
    ImGui::Separator();
  }
  if (t.thread.id) {
    ui::inputText(app.t(T::ReplyField), "##reply", t.reply);
    for (std::size_t k = 0; k < t.files.size(); ++k) {
      ui::textColored(ui::kMuted, t.files[k].name.c_str());
      ImGui::SameLine();
      if (ui::button((std::string(app.t(T::RemoveFile)) + "##r" + std::to_string(k)).c_str())) {
        t.files.erase(t.files.begin() + static_cast<std::ptrdiff_t>(k));
        break;
      }
    }
    if (ui::button(app.t(T::AttachFile))) app.chooseMessageFile(false);
    ImGui::SameLine();
    if (ui::button(app.t(t.busy ? T::Sending : T::SendMessage))) app.sendReply();
    drawUploadProgress(app, t.upload);
  }
  ui::endPage();
  if (open) app.openAttachment(*open);
}

}  // namespace renkei::app
