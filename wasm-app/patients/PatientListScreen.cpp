// SPDX-License-Identifier: MIT
// The patient list (R-CON-2, R-DATA-4): a clinic doctor sees the patients who consented to share
// with them or their clinic, hospital staff and the office see everyone. Search by name in kanji or
// kana (hiragana finds katakana) or by patient id; "new" marks results that arrived since the last
// visit. The server decides who is listed; the app only shows it.
#include <imgui.h>

#include "wasm-app/App.h"
#include "wasm-app/Ui.h"

namespace renkei::app {

const char* sexText(const App& app, const std::string& sex) {
  if (sex == "M") return app.t(T::SexMale);
  if (sex == "F") return app.t(T::SexFemale);
  if (sex == "O") return app.t(T::SexOther);
  return app.t(T::SexUnknown);
}

void drawPatientListScreen(App& app) {
  drawSignedInBar(app);
  const float s = ui::scale();
  ui::beginPage("##patients", app.barHeight);
  pageTitle(app, T::Patients);
  ImGui::Separator();

  PatientList& list = app.patients;
  const bool entered = ui::inputText(app.t(T::PatientSearchHint), "##query", list.query, false, list.focusQuery);
  list.focusQuery = false;
  if (ui::button(app.t(T::Search), 160.0f * s) || entered) app.searchPatients();
  if (list.loading) ui::textColored(ui::kMuted, app.t(T::Loading));
  if (!list.error.empty()) ui::textColored(ui::kError, list.error.c_str());
  if (list.loaded && !list.loading && list.rows.empty() && list.error.empty()) ui::text(app.t(T::NoPatients));

  if (!list.rows.empty()) {
    ui::textColored(ui::kMuted, textf(T::PatientCount, app.language, list.total).c_str());
    if (ui::beginListTable("##patient-table", {{app.t(T::Name), 2.0f},
                                               {app.t(T::NameKana), 2.0f},
                                               {app.t(T::PatientId), 1.4f},
                                               {app.t(T::BirthDate), 1.4f},
                                               {app.t(T::Sex), 0.7f},
                                               {"", 1.0f}})) {
      std::string open;
      for (const PatientSummary& p : list.rows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        // The whole row is the tap target (44 px); the name is its label.
        if (ui::selectableRow((p.name + "##" + p.id).c_str())) open = p.id;
        ImGui::TableNextColumn();
        ui::text(p.nameKana.c_str());
        ImGui::TableNextColumn();
        ui::text(p.id.c_str());
        ImGui::TableNextColumn();
        ui::text(displayDate(p.birthDate).c_str());
        ImGui::TableNextColumn();
        ui::text(sexText(app, p.sex));
        ImGui::TableNextColumn();
        if (p.newItems > 0) ui::textColored(ui::kError, textf(T::NewItems, app.language, p.newItems).c_str());
      }
      ImGui::EndTable();
      if (!open.empty()) app.openPatient(open);
    }
  }
  ImGui::Spacing();
  if (ui::button(app.t(T::Back))) {
    app.patients = PatientList{};
    app.screen = Screen::Home;
  }
  ui::endPage();
}

}  // namespace renkei::app
