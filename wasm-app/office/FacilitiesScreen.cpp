// SPDX-License-Identifier: MIT
// Facilities and users, for the liaison office (R-ACC-1..4, R-PW-4): register a clinic, register a
// person at it with their own id (no shared ids), record the set-up visit and the training, grant a
// role, re-issue a password (shown once), reset two-factor log-in, deactivate (withdrawal) or revoke
// for good. Whatever needs a reason asks for it before anything is sent.
#include <imgui.h>

#include "wasm-app/App.h"
#include "wasm-app/Ui.h"

namespace renkei::app {
namespace {

const char* statusText(const App& app, const std::string& status) {
  if (status == "active") return app.t(T::UserActive);
  if (status == "revoked") return app.t(T::UserStatusRevoked);
  return app.t(T::UserStatusDeactivated);
}

const char* passwordText(const App& app, const std::string& state) {
  if (state == "warning") return app.t(T::PasswordStateWarning);
  if (state == "must_change") return app.t(T::PasswordStateTemporary);
  if (state == "expired") return app.t(T::PasswordStateExpired);
  return app.t(T::PasswordStateOk);
}

/// Two text fields side by side in a form table row (the second may be absent).
void fieldRow(const char* label1, const char* id1, std::string& v1, const char* label2 = nullptr,
              const char* id2 = nullptr, std::string* v2 = nullptr) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ui::inputText(label1, id1, v1);
  ImGui::TableNextColumn();
  if (label2) ui::inputText(label2, id2, *v2);
}

void roleChoice(App& app, std::string& role) {
  ImGui::AlignTextToFramePadding();
  ui::text(app.t(T::Role));
  for (const char* r : {"clinic", "staff", "admin"}) {
    ImGui::SameLine();
    if (ui::toggle(roleText(app, r), role == r)) role = r;
  }
}

void drawTemporaryPassword(App& app) {
  FacilitiesPage& o = app.office;
  if (o.temporaryPassword.empty()) return;
  ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(1.0f, 0.97f, 0.85f, 1.0f));
  ImGui::BeginChild("##temporary", ImVec2(0.0f, 150.0f * ui::scale()), true);
  ui::textColored(ui::kWarning, textf(T::TemporaryPasswordFor, app.language, o.temporaryFor.c_str()).c_str());
  if (app.titleFont) ImGui::PushFont(app.titleFont);
  ui::text(o.temporaryPassword.c_str());
  if (app.titleFont) ImGui::PopFont();
  if (ui::button(app.t(T::TemporaryPasswordNoted))) {
    o.temporaryPassword.clear();
    o.temporaryFor.clear();
  }
  ImGui::EndChild();
  ImGui::PopStyleColor();
}

void drawFacilityForm(App& app) {
  FacilityForm& f = app.office.facilityForm;
  if (ImGui::BeginTable("##facility-form", 2, ImGuiTableFlags_SizingStretchSame)) {
    fieldRow(app.t(T::FacilityIdField), "##fid", f.id, app.t(T::FacilityNameField), "##fname", &f.name);
    fieldRow(app.t(T::InstitutionCode), "##fcode", f.institutionCode, app.t(T::Address), "##faddr", &f.address);
    ImGui::EndTable();
  }
  ImGui::AlignTextToFramePadding();
  ui::text(app.t(T::FacilityKind));
  ImGui::SameLine();
  if (ui::toggle(app.t(T::KindClinic), !f.hospital)) f.hospital = false;
  ImGui::SameLine();
  if (ui::toggle(app.t(T::KindHospital), f.hospital)) f.hospital = true;
  if (!f.error.empty()) ui::textColored(ui::kError, f.error.c_str());
  if (ui::button(f.busy ? app.t(T::Sending) : app.t(T::RegisterFacilityNow), 260.0f * ui::scale()) && !f.busy)
    app.registerFacility();
}

void drawUserForm(App& app) {
  UserForm& f = app.office.userForm;
  if (ImGui::BeginTable("##user-form", 2, ImGuiTableFlags_SizingStretchSame)) {
    fieldRow(app.t(T::NewUserId), "##uid", f.id, app.t(T::FullName), "##uname", &f.name);
    fieldRow(app.t(T::LicenceNumber), "##ulic", f.licenceNumber, app.t(T::SetupVisitOn), "##usetup", &f.setupVisitOn);
    fieldRow(app.t(T::TrainingDoneOn), "##utrain", f.trainingDoneOn);
    ImGui::EndTable();
  }
  roleChoice(app, f.role);
  ui::textColored(ui::kMuted, app.t(T::DateFormatHint));
  if (!f.error.empty()) ui::textColored(ui::kError, f.error.c_str());
  if (ui::button(f.busy ? app.t(T::Sending) : app.t(T::RegisterUserNow), 260.0f * ui::scale()) && !f.busy) app.registerUser();
}

/// The reason field and confirm/cancel for an action that needs one.
void drawPendingAction(App& app) {
  FacilitiesPage& o = app.office;
  if (o.pending == OfficeAction::None) return;
  const T prompt = o.pending == OfficeAction::WithdrawFacility ? T::ConfirmFacilityWithdrawal
                   : o.pending == OfficeAction::Deactivate     ? T::ConfirmDeactivation
                   : o.pending == OfficeAction::Reactivate     ? T::ConfirmReactivation
                                                               : T::ConfirmRevocation;
  ui::textColored(o.pending == OfficeAction::Revoke ? ui::kError : ui::kWarning, app.t(prompt));
  ui::inputText(app.t(T::Reason), "##reason", o.reason);
  if (ui::button(app.t(T::Confirm), 200.0f * ui::scale())) app.confirmOfficeAction();
  ImGui::SameLine();
  if (ui::button(app.t(T::Cancel), 200.0f * ui::scale())) {
    o.pending = OfficeAction::None;
    o.reason.clear();
  }
}

void drawSelectedUser(App& app) {
  FacilitiesPage& o = app.office;
  const UserRow* u = app.selectedUser();
  if (!u) return;
  const float s = ui::scale();
  ImGui::Spacing();
  ImGui::Separator();
  ui::heading(textf(T::UserHeading, app.language, u->name.c_str(), u->id.c_str()).c_str());
  if (u->status == "revoked") {
    ui::textColored(ui::kError, app.t(T::RevokedForGood));
    return;
  }
  UserForm& f = o.editForm;
  if (ImGui::BeginTable("##edit-form", 2, ImGuiTableFlags_SizingStretchSame)) {
    fieldRow(app.t(T::EditFullName), "##ename", f.name, app.t(T::EditSetupVisitOn), "##esetup", &f.setupVisitOn);
    fieldRow(app.t(T::EditTrainingDoneOn), "##etrain", f.trainingDoneOn);
    ImGui::EndTable();
  }
  roleChoice(app, f.role);
  if (!f.error.empty()) ui::textColored(ui::kError, f.error.c_str());
  if (ui::button(f.busy ? app.t(T::Sending) : app.t(T::SaveUser), 200.0f * s) && !f.busy) app.saveUser();
  ImGui::Spacing();
  if (ui::button(app.t(T::ReissuePassword))) app.reissuePassword();
  if (u->twoFactor) {
    ImGui::SameLine();
    if (ui::button(app.t(T::ResetTwoFactor))) app.resetTwoFactor();
  }
  ImGui::SameLine();
  if (u->status == "active") {
    if (ui::button(app.t(T::Deactivate))) o.pending = OfficeAction::Deactivate;
  } else if (ui::button(app.t(T::Reactivate))) {
    o.pending = OfficeAction::Reactivate;
  }
  ImGui::SameLine();
  ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.75f, 0.20f, 0.20f, 1.0f));
  ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
  if (ui::button(app.t(T::Revoke))) o.pending = OfficeAction::Revoke;
  ImGui::PopStyleColor(2);
}

}  // namespace

void drawFacilitiesScreen(App& app) {
  FacilitiesPage& o = app.office;
  const float s = ui::scale();
  if (!beginOfficePage(app, "##facilities", T::FacilitiesAndUsers)) {
    app.office = FacilitiesPage{};
    return;
  }
  if (o.scrollToTop) {  // the office pressed a button far down; the answer is up here
    ImGui::SetScrollY(0.0f);
    o.scrollToTop = false;
  }
  if (o.loading) ui::textColored(ui::kMuted, app.t(T::Loading));
  if (!o.notice.empty()) ui::textColored(ui::kOk, o.notice.c_str());
  if (!o.error.empty()) ui::textColored(ui::kError, o.error.c_str());
  drawTemporaryPassword(app);
  ImGui::Separator();

  // Facilities.
  if (ui::beginListTable("##facility-table", {{app.t(T::FacilityNameField), 2.4f},
                                              {app.t(T::FacilityIdField), 1.4f},
                                              {app.t(T::FacilityKind), 0.8f},
                                              {app.t(T::InstitutionCode), 1.2f},
                                              {app.t(T::UserStatus), 0.8f}})) {
    std::string pick;
    for (const FacilityRow& f : o.facilities) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      if (ui::selectableRow((f.name + "##f-" + f.id).c_str(), f.id == o.selectedFacility)) pick = f.id;
      ImGui::TableNextColumn();
      ui::text(f.id.c_str());
      ImGui::TableNextColumn();
      ui::text(f.kind == "hospital" ? app.t(T::KindHospital) : app.t(T::KindClinic));
      ImGui::TableNextColumn();
      ui::text(f.institutionCode.c_str());
      ImGui::TableNextColumn();
      if (f.active) ui::text(app.t(T::UserActive));
      else ui::textColored(ui::kMuted, app.t(T::FacilityWithdrawnState));
    }
    ImGui::EndTable();
    if (!pick.empty() && pick != o.selectedFacility) {
      o.selectedFacility = pick;
      o.selectedUser.clear();
      o.pending = OfficeAction::None;
    }
  }
  if (ui::toggle(app.t(T::RegisterFacility), o.showFacilityForm)) o.showFacilityForm = !o.showFacilityForm;
  if (o.showFacilityForm) drawFacilityForm(app);

  // The selected facility's users.
  const FacilityRow* facility = nullptr;
  for (const FacilityRow& f : o.facilities)
    if (f.id == o.selectedFacility) facility = &f;
  if (facility) {
    ImGui::Spacing();
    ImGui::Separator();
    ui::heading(textf(T::UsersOf, app.language, facility->name.c_str()).c_str());
    if (ui::beginListTable("##user-table", {{app.t(T::FullName), 1.6f},
                                            {app.t(T::UserId), 1.3f},
                                            {app.t(T::Role), 1.1f},
                                            {app.t(T::TrainingDoneOn), 1.1f},
                                            {app.t(T::PasswordColumn), 1.1f},
                                            {app.t(T::UserStatus), 0.9f}})) {
      std::string pick;
      for (const UserRow& u : o.users) {
        if (u.facility != facility->id) continue;
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        if (ui::selectableRow((u.name + "##u-" + u.id).c_str(), u.id == o.selectedUser)) pick = u.id;
        ImGui::TableNextColumn();
        ui::text(u.id.c_str());
        ImGui::TableNextColumn();
        ui::text(roleText(app, u.role));
        ImGui::TableNextColumn();
        if (u.trainingDoneOn.empty()) ui::textColored(ui::kError, app.t(T::NotRecorded));
        else ui::text(displayDate(u.trainingDoneOn).c_str());
        ImGui::TableNextColumn();
        ui::text(passwordText(app, u.passwordState));
        ImGui::TableNextColumn();
        if (u.status == "active") ui::text(statusText(app, u.status));
        else ui::textColored(u.status == "revoked" ? ui::kError : ui::kMuted, statusText(app, u.status));
      }
      ImGui::EndTable();
      if (!pick.empty()) app.selectUser(pick);
    }
    if (facility->active) {
      if (ui::toggle(app.t(T::RegisterUser), o.showUserForm)) o.showUserForm = !o.showUserForm;
      ImGui::SameLine();
      if (ui::button(app.t(T::WithdrawFacility))) {
        o.selectedUser.clear();
        o.pending = OfficeAction::WithdrawFacility;
      }
      if (o.showUserForm) drawUserForm(app);
    }
    drawSelectedUser(app);
    ImGui::Spacing();
    drawPendingAction(app);
  }
  ImGui::Dummy(ImVec2(0.0f, 40.0f * s));
  ui::endPage();
}

}  // namespace renkei::app
