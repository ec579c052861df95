// SPDX-License-Identifier: MIT
// One patient's page (R-DATA-1..4): who the patient is, the consent's period for clinic users, and
// three views — the lab table (tests down, dates across, abnormal values coloured), trend plots per
// test, and reports and documents with a reader. What is shown is what the server allowed.
#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <span>

#include "core/records/Document.h"
#include "wasm-app/App.h"
#include "wasm-app/patients/TrendPlot.h"
#include "wasm-app/viewer/GreyShader.h"
#include "wasm-app/Ui.h"

namespace renkei::app {

const char* sexText(const App& app, const std::string& sex);  // PatientListScreen.cpp

namespace {

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

const ImVec4 kHighText(0.78f, 0.10f, 0.10f, 1.0f);
const ImVec4 kLowText(0.10f, 0.30f, 0.78f, 1.0f);

const char* statusText(const App& app, const std::string& status) {
  if (status == "final") return app.t(T::StatusFinal);
  if (status == "amended") return app.t(T::StatusAmended);
  return app.t(T::StatusPreliminary);
}

void drawHeader(App& app) {
  const PatientSummary& p = app.page.patient;
  ui::heading(p.name.empty() ? p.id.c_str() : p.name.c_str());
  if (!p.name.empty()) {
    const std::string line = p.nameKana + "    " + app.t(T::PatientId) + " " + p.id + "    " + app.t(T::BirthDate) + " " +
                             displayDate(p.birthDate) + "    " + sexText(app, p.sex);
    ui::textColored(ui::kMuted, line.c_str());
  }
  if (p.limited && !p.visibleFrom.empty())
    ui::textColored(ui::kWarning, textf(T::ConsentScopeNotice, app.language, displayDate(p.visibleFrom).c_str()).c_str());
}

void drawLabTable(App& app) {
  PatientPage& page = app.page;
  if (page.labsLoading) ui::textColored(ui::kMuted, app.t(T::Loading));
  if (!page.labsError.empty()) ui::textColored(ui::kError, page.labsError.c_str());
  if (page.labsLoading || !page.labsError.empty()) return;
  if (page.labs.rows.empty()) {
    ui::text(app.t(T::NoLabResults));
    return;
  }
  const float s = ui::scale();
  const int dates = static_cast<int>(std::min<std::size_t>(page.labs.times.size(), 24));
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollX |
                                ImGuiTableFlags_SizingFixedFit;
  // Test, unit and range stay in view while the dates scroll sideways.
  if (ImGui::BeginTable("##labs", 3 + dates, flags, ImVec2(0.0f, 0.0f))) {
    ImGui::TableSetupScrollFreeze(1, 1);
    ImGui::TableSetupColumn(app.t(T::LabTest), ImGuiTableColumnFlags_WidthFixed, 170.0f * s);
    ImGui::TableSetupColumn(app.t(T::LabUnit), ImGuiTableColumnFlags_WidthFixed, 100.0f * s);
    ImGui::TableSetupColumn(app.t(T::LabRange), ImGuiTableColumnFlags_WidthFixed, 90.0f * s);
    std::vector<std::string> headers;
    for (int i = 0; i < dates; ++i) headers.push_back(displayDate(page.labs.times[i]) + "##d" + std::to_string(i));
    for (const std::string& h : headers) ImGui::TableSetupColumn(h.c_str(), ImGuiTableColumnFlags_WidthFixed, 96.0f * s);
    ImGui::TableHeadersRow();
    for (const LabRow& row : page.labs.rows) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ui::text(row.name.c_str());
      ImGui::TableNextColumn();
      ui::textColored(ui::kMuted, row.unit.c_str());
      ImGui::TableNextColumn();
      ui::textColored(ui::kMuted, row.range.c_str());
      for (int i = 0; i < dates; ++i) {
        ImGui::TableNextColumn();
        const LabRow::Cell* c = row.at(page.labs.times[i]);
        if (!c) continue;
        const bool high = c->flag == "H" || c->flag == "HH", low = c->flag == "L" || c->flag == "LL";
        const std::string shown = c->value + (c->flag.empty() ? "" : " " + c->flag);
        if (high || low || c->flag == "A") ui::textColored(low ? kLowText : kHighText, shown.c_str());
        else ui::text(shown.c_str());
        if (!c->comment.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", c->comment.c_str());
      }
    }
    ImGui::EndTable();
  }
}

void drawTrends(App& app) {
  PatientPage& page = app.page;
  if (page.trendsLoading) ui::textColored(ui::kMuted, app.t(T::Loading));
  if (!page.labsError.empty()) ui::textColored(ui::kError, page.labsError.c_str());
  if (page.trendsLoading || !page.labsError.empty()) return;
  if (page.trends.empty()) {
    ui::text(app.t(T::NoLabResults));
    return;
  }
  const float s = ui::scale();
  page.selectedTrend = std::clamp(page.selectedTrend, 0, static_cast<int>(page.trends.size()) - 1);
  const bool narrow = ImGui::GetContentRegionAvail().x < 700.0f * s;  // portrait tablet: list above the plot
  const float listWidth = narrow ? 0.0f : 260.0f * s;
  ImGui::BeginChild("##trend-list", ImVec2(listWidth, narrow ? 190.0f * s : 420.0f * s), true);
  for (int i = 0; i < static_cast<int>(page.trends.size()); ++i) {
    const Trend& t = page.trends[i];
    if (ui::selectableRow((t.name + "##t" + std::to_string(i)).c_str(), i == page.selectedTrend)) page.selectedTrend = i;
  }
  ImGui::EndChild();
  if (!narrow) ImGui::SameLine();
  ImGui::BeginGroup();
  const Trend& t = page.trends[page.selectedTrend];
  std::string title = t.name + (t.unit.empty() ? "" : " (" + t.unit + ")");
  ui::text(title.c_str());
  if (t.low || t.high) {
    const std::string range = std::string(app.t(T::ReferenceBand)) + ": " + (t.low ? number(*t.low) : "") + " – " +
                              (t.high ? number(*t.high) : "");
    ui::textColored(ui::kOk, range.c_str());
  }
  drawTrendPlot(t, narrow ? 340.0f * s : 380.0f * s);
  ImGui::EndGroup();
}

void drawDocument(App& app) {
  DocumentView& v = app.page.document;
  if (ui::button(app.t(T::Close))) {
    v = DocumentView{};
    return;
  }
  if (v.loading) ui::textColored(ui::kMuted, app.t(T::Loading));
  if (!v.error.empty()) ui::textColored(ui::kError, v.error.c_str());
  if (v.loading || !v.error.empty()) return;
  ui::heading(v.title.c_str());
  const std::string meta = v.kindName + "    " + displayDate(v.date) + "    " + v.author + "    " + statusText(app, v.status);
  ui::textColored(v.status == "preliminary" ? ui::kWarning : ui::kMuted, meta.c_str());
  ImGui::Separator();
  if (!v.text.empty()) ui::textWrapped(v.text.c_str());
  for (const auto& [name, value] : v.fields) {  // name: the kind's label in the user's language
    ImGui::Spacing();
    ui::textColored(ui::kMuted, name.c_str());
    ui::textWrapped(value.c_str());
  }
}

void drawDocuments(App& app) {
  PatientPage& page = app.page;
  if (page.document.id != 0) {
    drawDocument(app);
    return;
  }
  if (page.documentsLoading) ui::textColored(ui::kMuted, app.t(T::Loading));
  if (!page.documentsError.empty()) ui::textColored(ui::kError, page.documentsError.c_str());
  if (page.documentsLoading || !page.documentsError.empty()) return;
  if (page.documents.empty()) {
    ui::text(app.t(T::NoDocuments));
    return;
  }
  if (ui::beginListTable("##documents", {{app.t(T::DocumentDate), 1.0f},
                                         {app.t(T::DocumentKind), 1.4f},
                                         {app.t(T::DocumentTitle), 2.4f},
                                         {app.t(T::DocumentStatus), 0.7f},
                                         {app.t(T::DocumentAuthor), 1.4f}})) {
    std::int64_t open = 0;
    for (const DocumentSummary& d : page.documents) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      if (ui::selectableRow((displayDate(d.date) + "##doc" + std::to_string(d.id)).c_str())) open = d.id;
      ImGui::TableNextColumn();
      ui::text(d.kindName.c_str());
      ImGui::TableNextColumn();
      ui::text(d.title.c_str());
      if (d.isNew) {
        ImGui::SameLine();
        ui::textColored(ui::kError, app.t(T::NewMark));
      }
      ImGui::TableNextColumn();
      ui::textColored(d.status == "preliminary" ? ui::kWarning : ui::kMuted, statusText(app, d.status));
      ImGui::TableNextColumn();
      ui::text(d.author.c_str());
    }
    ImGui::EndTable();
    if (open != 0) app.openDocument(open);
  }
}

/// Everything the page holds, newest first: lab reports (with how many results were abnormal) and
/// documents; a tap opens the item in its own view. (Imaging studies join with the imaging issue.)
void drawTimeline(App& app) {
  PatientPage& page = app.page;
  if (page.labsLoading || page.documentsLoading || page.studiesLoading) ui::textColored(ui::kMuted, app.t(T::Loading));
  if (!page.labsError.empty()) ui::textColored(ui::kError, page.labsError.c_str());
  if (!page.documentsError.empty() && page.documentsError != page.labsError)
    ui::textColored(ui::kError, page.documentsError.c_str());
  struct Entry {
    std::string when;  ///< ISO date or date-time: sorts newest first as text
    std::string what, detail;
    bool abnormal = false, isNew = false;
    std::int64_t document = 0;  ///< 0: a lab report; −1: a study
    std::string study;          ///< a study's uid: the row opens the viewer
  };
  std::vector<Entry> entries;
  for (const std::string& time : page.labs.times) {
    int results = 0, abnormal = 0;
    for (const LabRow& row : page.labs.rows)
      if (const LabRow::Cell* c = row.at(time)) {
        ++results;
        abnormal += c->flag.empty() ? 0 : 1;
      }
    entries.push_back({time, app.t(T::TabLabs), textf(T::TimelineLabSummary, app.language, results, abnormal), abnormal > 0,
                       false, 0, {}});
  }
  for (const DocumentSummary& d : page.documents)
    entries.push_back({d.date, d.kindName, d.title, false, d.isNew, d.id, {}});
  for (const StudySummary& st : page.studies) {
    std::string what = textf(T::StudyImages, app.language, st.modalities.c_str(), st.instances);
    for (const auto& [id, title] : st.reports) what += "  —  " + title;
    // A study opens the image viewer (its report is a row of its own, and named here).
    entries.push_back({st.date, app.t(T::ImagingStudy), what, false, false, -1, st.uid});
  }
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.when > b.when; });
  if (entries.empty()) {
    if (!page.labsLoading && !page.documentsLoading) ui::text(app.t(T::NoTimeline));
    return;
  }
  if (!ui::beginListTable(
          "##timeline",
          {{app.t(T::DocumentDate), 1.0f}, {app.t(T::DocumentKind), 1.4f}, {app.t(T::TimelineWhat), 3.0f}}))
    return;
  const Entry* open = nullptr;
  int i = 0;
  for (const Entry& e : entries) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    if (ui::selectableRow((displayDate(e.when) + "##tl" + std::to_string(i++)).c_str())) open = &e;
    ImGui::TableNextColumn();
    ui::text(e.what.c_str());
    ImGui::TableNextColumn();
    if (e.abnormal) ui::textColored(kHighText, e.detail.c_str());
    else ui::text(e.detail.c_str());
    if (e.isNew) {
      ImGui::SameLine();
      ui::textColored(ui::kError, app.t(T::NewMark));
    }
  }
  ImGui::EndTable();
  if (open && !open->study.empty()) {
    openViewer(app, open->study);
  } else if (open && open->document != 0) {
    page.tab = PatientTab::Documents;
    app.openDocument(open->document);
  } else if (open) {
    page.tab = PatientTab::Labs;
  }
}

}  // namespace

void drawPatientScreen(App& app) {
  drawSignedInBar(app);
  ui::beginPage("##patient", app.barHeight);
  if (ui::button(app.t(T::BackToList))) {
    app.openPatientList();
    ui::endPage();
    return;
  }
  PatientPage& page = app.page;
  if (page.loading) ui::textColored(ui::kMuted, app.t(T::Loading));
  if (!page.error.empty()) {
    ui::textColored(ui::kError, page.error.c_str());
    ui::endPage();
    return;
  }
  drawHeader(app);
  // The patient has images: get the viewer's shader ready before a study is opened.
  if (!page.studies.empty()) prepareGrey(ImGui::GetWindowDrawList());
  // A clinic doctor books the hospital's scanners for the patient (issue 12, R-BOOK-1).
  if (app.user.role == "clinic" && !page.loading && ui::button(app.t(T::BookExam)))
    app.openBooking(page.patient.id, page.patient.name);
  // A question to the hospital about the patient (issue 14; the consent scope applies there too).
  if (app.user.role == "clinic" && !page.loading) {
    ImGui::SameLine();
    if (ui::button(app.t(T::AskAboutPatient))) app.composeThread(page.patient.id, page.patient.name);
  }
  ImGui::Separator();
  struct Tab {
    PatientTab tab;
    T label;
  };
  static const Tab kClinical[] = {{PatientTab::Timeline, T::TabTimeline},
                                  {PatientTab::Labs, T::TabLabs},
                                  {PatientTab::Trends, T::TabTrends},
                                  {PatientTab::Documents, T::TabDocuments}};
  static const Tab kOffice[] = {{PatientTab::Consents, T::TabConsents}};
  const bool office = app.user.role == "admin";
  for (const Tab& t : office ? std::span<const Tab>(kOffice) : std::span<const Tab>(kClinical)) {
    if (ui::toggle(app.t(t.label), page.tab == t.tab)) page.tab = t.tab;
    ImGui::SameLine();
  }
  ImGui::NewLine();
  ImGui::Spacing();
  switch (page.tab) {
    case PatientTab::Timeline: drawTimeline(app); break;
    case PatientTab::Labs: drawLabTable(app); break;
    case PatientTab::Trends: drawTrends(app); break;
    case PatientTab::Documents: drawDocuments(app); break;
    case PatientTab::Consents: drawConsentPanel(app); break;
  }
  ui::endPage();
}

}  // namespace renkei::app
