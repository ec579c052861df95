// SPDX-License-Identifier: MIT
// The audit log, for the liaison office (R-AUD-1, R-AUD-3): search by user, patient, action and
// period (whole hospital-local days), page through the newest first, and export the same search as
// CSV. Denied requests are shown in the error colour: they are what an office looks for.
#include <imgui.h>

#include <cstdio>

#include "core/time/Date.h"
#include "wasm-app/App.h"
#include "wasm-app/Ui.h"

namespace renkei::app {

std::string displayDateTime(std::int64_t at) {
  const Date d = Date::fromUnixSecondsJst(at);
  const std::int64_t sec = at - d.startUnixSecondsJst();
  char buf[32];
  std::snprintf(buf, sizeof buf, " %02d:%02d:%02d", static_cast<int>(sec / 3600), static_cast<int>(sec / 60 % 60),
                static_cast<int>(sec % 60));
  return displayDate(d.iso()) + buf;
}

void drawAuditScreen(App& app) {
  AuditPage& a = app.audit;
  const float s = ui::scale();
  if (!beginOfficePage(app, "##audit", T::AuditLog)) {
    app.audit = AuditPage{};
    return;
  }
  // Purpose limits reached (R-VIEW-4): what the office follows up with the clinic first.
  if (!a.alerts.empty()) {
    ui::textColored(ui::kWarning, app.t(T::AlertsHeading));
    for (const AlertRow& alert : a.alerts)
      ui::textColored(ui::kError, textf(alert.kind == "viewing_limit" ? T::AlertViewing : T::AlertDownload, app.language,
                                        alert.user.c_str(), alert.facility.c_str(), static_cast<int>(alert.count),
                                        displayDateTime(alert.lastAt).c_str())
                                      .c_str());
    ImGui::Spacing();
  }
  bool entered = false;
  if (ImGui::BeginTable("##audit-search", 3, ImGuiTableFlags_SizingStretchSame)) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    entered |= ui::inputText(app.t(T::AuditUser), "##auser", a.user);
    ImGui::TableNextColumn();
    entered |= ui::inputText(app.t(T::AuditPatient), "##apatient", a.patient);
    ImGui::TableNextColumn();
    entered |= ui::inputText(app.t(T::AuditAction), "##aaction", a.action);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    entered |= ui::inputText(app.t(T::AuditFrom), "##afrom", a.from);
    ImGui::TableNextColumn();
    entered |= ui::inputText(app.t(T::AuditTo), "##ato", a.to);
    ImGui::EndTable();
  }
  if (ui::button(a.loading ? app.t(T::Loading) : app.t(T::Search), 180.0f * s) || entered) app.searchAudit(0);
  ImGui::SameLine();
  if (ui::button(a.exporting ? app.t(T::Exporting) : app.t(T::ExportCsv), 260.0f * s) && !a.exporting) app.exportAudit();
  if (!a.notice.empty()) ui::textColored(ui::kOk, a.notice.c_str());
  if (!a.error.empty()) ui::textColored(ui::kError, a.error.c_str());
  ImGui::Separator();

  if (!a.loading && a.records.empty() && a.error.empty()) ui::text(app.t(T::NoAuditRecords));
  if (!a.records.empty()) {
    ui::textColored(ui::kMuted, textf(T::AuditShowing, app.language, a.offset + 1,
                                      a.offset + static_cast<int>(a.records.size()))
                                    .c_str());
    if (ui::beginListTable("##audit-records", {{app.t(T::AuditTime), 1.5f},
                                               {app.t(T::AuditUser), 1.1f},
                                               {app.t(T::AuditAction), 1.2f},
                                               {app.t(T::AuditPatient), 0.9f},
                                               {app.t(T::AuditOutcome), 0.7f},
                                               {app.t(T::AuditSource), 0.9f},
                                               {app.t(T::AuditDetail), 2.6f}})) {
      for (const AuditRecord& r : a.records) {
        const bool denied = r.outcome != "allowed";
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ui::text(displayDateTime(r.at).c_str());
        ImGui::TableNextColumn();
        ui::text(r.user.c_str());
        ImGui::TableNextColumn();
        ui::text(r.action.c_str());
        ImGui::TableNextColumn();
        ui::text(r.patient.c_str());
        ImGui::TableNextColumn();
        if (denied) ui::textColored(ui::kError, app.t(T::OutcomeDenied));
        else ui::text(app.t(T::OutcomeAllowed));
        ImGui::TableNextColumn();
        ui::textColored(ui::kMuted, r.sourceIp.c_str());
        ImGui::TableNextColumn();
        ui::textWrapped(r.detail.c_str());
      }
      ImGui::EndTable();
    }
    if (a.offset > 0 && ui::button(app.t(T::PreviousPage), 200.0f * s)) app.searchAudit(a.offset - AuditPage::kPageSize);
    if (a.offset > 0) ImGui::SameLine();
    if (a.more && ui::button(app.t(T::NextPage), 200.0f * s)) app.searchAudit(a.offset + AuditPage::kPageSize);
  }
  ImGui::Dummy(ImVec2(0.0f, 40.0f * s));
  ui::endPage();
}

}  // namespace renkei::app
