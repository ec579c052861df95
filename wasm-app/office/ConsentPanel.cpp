// SPDX-License-Identifier: MIT
// A patient's consents, for the liaison office (R-CON-1, R-CON-3): each consent with whom it names,
// the date signed and the look-back start it gives (core::ConsentScope, decided by the server), and
// its withdrawal; a new consent is recorded with the scanned signed form (PDF, PNG or JPEG).
#include <imgui.h>

#include "wasm-app/App.h"
#include "wasm-app/Ui.h"

namespace renkei::app {
namespace {

void drawConsentTable(App& app) {
  ConsentPanel& c = app.page.consents;
  if (c.consents.empty()) {
    if (!c.loading) ui::text(app.t(T::NoConsents));
    return;
  }
  if (!ui::beginListTable("##consents", {{app.t(T::ConsentGrantee), 1.8f},
                                         {app.t(T::SignedOn), 1.0f},
                                         {app.t(T::VisibleFromColumn), 1.0f},
                                         {app.t(T::WithdrawnOn), 1.6f},
                                         {"", 1.0f}}))
    return;
  for (const ConsentRow& r : c.consents) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ui::text(((r.granteeKind == "doctor" ? app.t(T::GranteeDoctor) : app.t(T::GranteeClinic)) + std::string(": ") +
              r.granteeId)
                 .c_str());
    ImGui::TableNextColumn();
    ui::text(displayDate(r.signedOn).c_str());
    ImGui::TableNextColumn();
    ui::text(displayDate(r.visibleFrom).c_str());
    ImGui::TableNextColumn();
    if (!r.withdrawnOn.empty()) {
      ui::textColored(ui::kError, (displayDate(r.withdrawnOn) + "  " + r.withdrawalReason).c_str());
    } else {
      ui::textColored(ui::kOk, app.t(T::ConsentInForce));
    }
    ImGui::TableNextColumn();
    if (r.withdrawnOn.empty() &&
        ui::button((std::string(app.t(T::WithdrawConsent)) + "##w" + std::to_string(r.id)).c_str())) {
      c.withdrawing = r.id;
      c.withdrawalReason.clear();
      c.withdrawnOn.clear();
    }
  }
  ImGui::EndTable();
}

void drawWithdrawal(App& app) {
  ConsentPanel& c = app.page.consents;
  if (c.withdrawing == 0) return;
  ImGui::Spacing();
  ui::textColored(ui::kWarning, app.t(T::ConfirmConsentWithdrawal));
  if (ImGui::BeginTable("##withdrawal", 2, ImGuiTableFlags_SizingStretchSame)) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ui::inputText(app.t(T::WithdrawalReason), "##wreason", c.withdrawalReason);
    ImGui::TableNextColumn();
    ui::inputText(app.t(T::WithdrawnOnOptional), "##wdate", c.withdrawnOn);
    ImGui::EndTable();
  }
  if (ui::button(app.t(T::ConfirmWithdrawal), 240.0f * ui::scale())) app.withdrawConsent();
  ImGui::SameLine();
  if (ui::button(app.t(T::Cancel), 200.0f * ui::scale())) c.withdrawing = 0;
}

void drawNewConsent(App& app) {
  ConsentPanel& c = app.page.consents;
  const float s = ui::scale();
  ImGui::Spacing();
  ImGui::Separator();
  ui::text(app.t(T::RecordConsent));
  ImGui::AlignTextToFramePadding();
  ui::text(app.t(T::ConsentGrantee));
  ImGui::SameLine();
  if (ui::toggle(app.t(T::GranteeClinic), !c.doctor)) c.doctor = false;
  ImGui::SameLine();
  if (ui::toggle(app.t(T::GranteeDoctor), c.doctor)) c.doctor = true;
  if (ImGui::BeginTable("##new-consent", 2, ImGuiTableFlags_SizingStretchSame)) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ui::inputText(c.doctor ? app.t(T::GranteeDoctorId) : app.t(T::GranteeClinicId), "##grantee", c.granteeId);
    ImGui::TableNextColumn();
    ui::inputText(app.t(T::SignedOnField), "##signed", c.signedOn);
    ImGui::EndTable();
  }
  ui::textColored(ui::kMuted, app.t(T::ScanHint));
  if (ui::button(app.t(T::ChooseScan), 260.0f * s)) app.chooseConsentScan();
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  if (c.scanName.empty()) {
    ui::textColored(ui::kMuted, app.t(T::NoFileChosen));
  } else {
    ui::text(textf(T::FileChosen, app.language, c.scanName.c_str(), static_cast<int>((c.scanBytes.size() + 1023) / 1024)).c_str());
  }
  if (ui::button(c.busy ? app.t(T::Sending) : app.t(T::RecordConsentNow), 260.0f * s) && !c.busy) app.recordConsent();
}

}  // namespace

void drawConsentPanel(App& app) {
  ConsentPanel& c = app.page.consents;
  if (c.loading) ui::textColored(ui::kMuted, app.t(T::Loading));
  if (!c.notice.empty()) ui::textColored(ui::kOk, c.notice.c_str());
  if (!c.error.empty()) ui::textColored(ui::kError, c.error.c_str());
  drawConsentTable(app);
  drawWithdrawal(app);
  drawNewConsent(app);
}

}  // namespace renkei::app
