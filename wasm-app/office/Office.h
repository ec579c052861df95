// SPDX-License-Identifier: MIT
// The liaison office's state (role admin, R-ACC, R-CON-1/3, R-AUD-3): facilities and their users,
// a patient's consents, and the audit log. Like every state of the app it is what the server last
// said; the forms hold only what the office is typing. Dropped at log-out with everything else.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace renkei::app {

struct App;

struct FacilityRow {
  std::string id, name, kind, address, institutionCode;
  bool active = true;
};

struct UserRow {
  std::string id, name, role, facility, licenceNumber, setupVisitOn, trainingDoneOn, status;
  bool twoFactor = false;
  std::string passwordState, passwordExpiresOn;
};

/// Registering a facility.
struct FacilityForm {
  std::string id, name, address, institutionCode;
  bool hospital = false;  ///< kind: clinic (false) or hospital
  bool busy = false;
  std::string error;
};

/// Registering a user, or editing the selected one (the same fields).
struct UserForm {
  std::string id, name, role = "clinic", licenceNumber, setupVisitOn, trainingDoneOn;
  bool busy = false;
  std::string error;
};

/// What the office is doing to the selected user or facility that needs a reason first.
enum class OfficeAction { None, WithdrawFacility, Deactivate, Reactivate, Revoke };

struct FacilitiesPage {
  bool loading = false;
  std::string error;
  std::vector<FacilityRow> facilities;
  std::vector<UserRow> users;  ///< every user; the table shows the selected facility's
  std::string selectedFacility, selectedUser;
  bool showFacilityForm = false, showUserForm = false;
  FacilityForm facilityForm;
  UserForm userForm;  ///< registration
  UserForm editForm;  ///< the selected user's editable fields
  OfficeAction pending = OfficeAction::None;
  std::string reason;
  std::string notice;             ///< the last change's confirmation
  std::string temporaryPassword;  ///< shown once, for `temporaryFor`, until the office closes it
  std::string temporaryFor;
  bool scrollToTop = false;  ///< a new temporary password or notice is shown at the top: bring it into view
};

struct ConsentRow {
  std::int64_t id = 0;
  std::string granteeKind, granteeId, signedOn, visibleFrom, withdrawnOn, withdrawalReason, recordedBy, scanType;
  std::int64_t scanBytes = 0;
};

/// A patient's consents as the office manages them (on the patient page).
struct ConsentPanel {
  bool loading = false;
  std::string error, notice;
  std::vector<ConsentRow> consents;
  // Recording a new consent.
  bool doctor = false;  ///< grantee kind: the clinic (false) or one doctor
  std::string granteeId, signedOn;
  std::string scanName, scanType, scanBytes;  ///< the chosen file of the signed form
  bool busy = false;
  // Withdrawing one.
  std::int64_t withdrawing = 0;
  std::string withdrawalReason, withdrawnOn;
};

struct AuditRecord {
  std::int64_t seq = 0, at = 0;
  std::string user, facility, sourceIp, action, resource, patient, outcome, detail;
};

/// A person who reached a purpose limit in the last week (GET /api/v1/audit/alerts, R-VIEW-4).
struct AlertRow {
  std::string user, facility, kind;  ///< kind: viewing_limit | download_limit
  std::int64_t count = 0, lastAt = 0;
};

struct AuditPage {
  std::vector<AlertRow> alerts;
  std::string user, patient, action, from, to;  ///< the search as typed (dates YYYY-MM-DD)
  int offset = 0;
  static constexpr int kPageSize = 50;
  bool loading = false, exporting = false;
  std::string error, notice;
  std::vector<AuditRecord> records;
  bool more = false;  ///< a full page came back: there may be a next one
};

// The screens (office/*Screen.cpp, ConsentPanel.cpp).
void drawFacilitiesScreen(App& app);
void drawAuditScreen(App& app);
/// The office's consent tab on a patient's page.
void drawConsentPanel(App& app);

}  // namespace renkei::app
