// SPDX-License-Identifier: MIT
// The liaison office's state (role admin, R-ACC, R-CON-1/3, R-AUD-3): facilities and their users,
// a patient's consents, and the audit log. Like every state of the app it is what the server last
// said; the forms hold only what the office is typing. Dropped at log-out with everything else.
#pragma once

#include <cstdint>
#include <optional>
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

/// What a held instance says of its patient and study, as it was sent (issue 11 §10).
struct HeldSays {
  std::string patientId;
  std::string name;  ///< the name to show (alphabetic, else ideographic, else phonetic)
  std::string nameAlphabetic, nameIdeographic, namePhonetic;
  std::string birthDate, sex;  ///< YYYY-MM-DD when it was a date, else as sent
  std::string studyDate, studyTime, description, accession;
};

/// A study in the office's queue (GET /api/v1/admin/held-studies): its first instance's values.
struct HeldStudyRow {
  std::string studyUid, state, reason;
  HeldSays says;
  std::string modalities;  ///< "CT/SR" (DICOM's backslash shown as '/')
  int series = 0, instances = 0;
  std::vector<std::string> sources;  ///< "dimse:OLD-PACS", "stow:rad-sato", "import-dicom"…
  std::int64_t receivedAt = 0, lastReceivedAt = 0;
};

/// One instance of a held study (GET /api/v1/admin/held-studies/{study}).
struct HeldInstanceRow {
  std::string sopUid, seriesUid, sopClass, transferSyntax, modality, sha256, source, reason, state;
  std::int64_t bytes = 0, receivedAt = 0;
  HeldSays says;
};

/// A registered patient as the office looked them up by id (GET /api/v1/patients/{id}).
struct RegisteredPatient {
  std::string id, name, nameKana, sex, birthDate;
};

/// What the office is doing to the selected held study.
enum class HeldAction { None, Assign, Discard };

/// The liaison office's queue of held studies: instances whose patient could not be matched.
struct HeldStudiesPage {
  bool loading = false;
  std::string error, notice;
  std::vector<HeldStudyRow> studies;
  std::string selected;  ///< the Study Instance UID shown below the list
  bool instancesLoading = false;
  std::vector<HeldInstanceRow> instances;  ///< the selected study's
  HeldAction pending = HeldAction::None;
  // Assigning: the patient id typed, then the registered patient it names, shown beside what the
  // instance says before anything is sent.
  std::string patientId;
  std::string lookedUp;  ///< the id `chosen` was looked up for (typing another hides it)
  bool lookingUp = false;
  std::optional<RegisteredPatient> chosen;
  // Discarding: the reason (required).
  std::string reason;
  bool busy = false;
  std::string actionError;  ///< the refusal of the look-up, assignment or discard
  bool scrollToAction = false;  ///< a step below the fold was opened or answered: bring it into view
};

// The screens (office/*Screen.cpp, ConsentPanel.cpp).
void drawFacilitiesScreen(App& app);
void drawAuditScreen(App& app);
void drawHeldStudiesScreen(App& app);
/// The office's consent tab on a patient's page.
void drawConsentPanel(App& app);

}  // namespace renkei::app
