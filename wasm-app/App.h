// SPDX-License-Identifier: MIT
// App — the single source of truth of the app's state (Dear ImGui's FAQ: the app owns its data;
// widgets read it every frame). Screens are functions that draw from and write to this struct.
// Server replies arrive through callbacks that only update this struct.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/session/IdleTimeout.h"
#include "wasm-app/Office.h"
#include "wasm-app/Text.h"

namespace renkei::app {

enum class Screen { Login, Home, ChangePassword, TwoFactorSetup, Patients, Patient, Facilities, Audit };

struct ServerHealth {
  enum class Status { Checking, Connected, Unreachable } status = Status::Checking;
  std::string version;
  std::string commit;
  int schemaVersion = -1;
};

struct LoginForm {
  std::string userId;
  std::string password;
  std::string totp;
  bool askTotp = false;  ///< the server asked for the second factor: the password is kept until it is sent
  bool focusTotp = false;
  bool busy = false;
  std::string error;  ///< shown under the form, in the user's language
  bool focusUserId = true;
};

/// The signed-in user as the server described them (GET/POST /api/v1/session). Empty when signed out.
struct SignedIn {
  std::string userId, name, role, facility;
  std::string passwordState;  ///< ok | warning | must_change (expired never signs in)
  int passwordDaysLeft = 0;
  std::string passwordExpiresOn;
  int idleSeconds = 0;
  bool totpEnrolled = false, totpRequired = false;
  int recoveryCodesLeft = 0;
};

/// Setting up two-factor log-in: the QR code from the server, the first code, then the recovery
/// codes shown once.
struct TwoFactorForm {
  bool loading = false;
  std::string secret;
  std::vector<std::string> qrRows;
  std::string code;
  bool busy = false;
  std::string error;
  std::vector<std::string> recoveryCodes;  ///< non-empty: set-up done, codes on screen
  bool focusCode = true;
};

struct PasswordForm {
  std::string current, fresh, repeat;
  bool busy = false;
  std::string error;    ///< the server's refusal, in the user's language
  std::string notice;   ///< "changed" confirmation
  bool focusCurrent = true;
};

// ---- Patient data. All of it is dropped at log-out and on session expiry (App::signOut). ----

struct PatientSummary {
  std::string id, name, nameKana, sex, birthDate;
  bool limited = false;     ///< a clinic user's view: only data from `visibleFrom` on
  std::string visibleFrom;  ///< YYYY-MM-DD, from the server (core::ConsentScope decided it there)
  int newItems = 0;
};

struct PatientList {
  std::string query;
  bool loading = false, loaded = false;
  std::string error;
  std::vector<PatientSummary> rows;
  int total = 0;
  bool focusQuery = true;
};

/// One test's results by specimen time: a row of the lab table.
struct LabRow {
  std::string code, name, unit, range;
  struct Cell {
    std::string value, flag, comment;
  };
  std::vector<std::pair<std::string, Cell>> cells;  ///< by specimen time (a time of LabTable::times)
  const Cell* at(const std::string& time) const;
};

struct LabTable {
  std::vector<std::string> times;  ///< specimen times, newest first (the columns)
  std::vector<LabRow> rows;        ///< tests in the order the newest report lists them
};

/// One test's numeric results over time, for a trend plot.
struct Trend {
  std::string code, name, unit;
  std::optional<double> low, high;
  struct Point {
    double day = 0;  ///< days since 1970-01-01, with the time of day as a fraction
    double value = 0;
    std::string time, text, flag;
  };
  std::vector<Point> points;  ///< oldest first
};

struct DocumentSummary {
  std::int64_t id = 0;
  std::string kind, kindName, title, author, date, status;
  bool isNew = false;
};

struct DocumentView {
  std::int64_t id = 0;  ///< 0: none open
  bool loading = false;
  std::string error, title, kindName, author, date, status, text;
  std::vector<std::pair<std::string, std::string>> fields;  ///< the kind's own fields (label, value), in order
};

/// An imaging study as the patient page lists it (the viewer opens it in a later release).
struct StudySummary {
  std::string uid, date, modalities, description;
  int instances = 0;
  std::vector<std::pair<std::int64_t, std::string>> reports;  ///< document id, title
};

enum class PatientTab { Timeline, Labs, Trends, Documents, Consents };

struct PatientPage {
  PatientSummary patient;
  bool loading = false;
  std::string error;
  std::int64_t previousVisitAt = 0;
  PatientTab tab = PatientTab::Timeline;
  bool labsLoading = false, trendsLoading = false, documentsLoading = false;
  std::string labsError, documentsError;
  LabTable labs;
  std::vector<Trend> trends;
  int selectedTrend = 0;
  std::vector<DocumentSummary> documents;
  std::vector<StudySummary> studies;
  bool studiesLoading = false;
  DocumentView document;
  ConsentPanel consents;  ///< the office's view of the patient's consents
};

struct App {
  Language language = Language::Japanese;
  Screen screen = Screen::Login;
  ServerHealth health;
  LoginForm login;
  SignedIn user;
  PasswordForm passwordForm;
  TwoFactorForm twoFactor;
  IdleState idle;  ///< this frame's idle-timeout state (core::idleState), while signed in
  PatientList patients;
  PatientPage page;
  FacilitiesPage office;
  AuditPage audit;
  unsigned long frames = 0;

  /// Reads preferences and asks the server for its health.
  void start();
  /// Draws one frame of the current screen.
  void frame();
  /// Switches language from the next frame on (a frame is drawn in one language only).
  void setLanguage(Language lang) { requestedLanguage = lang; }
  Language requestedLanguage = Language::Japanese;
  const char* t(T key) const { return text(key, language); }

  /// Takes a session description from the server and shows the screen it calls for.
  void signIn(const std::string& sessionJson);
  /// Forgets the session locally (after log-out or when the server says it has ended).
  void signOut(const char* reason = "");
  /// The screen the session needs next: password change, two-factor set-up, or home.
  void showNextStep();
  /// Any request keeps the session alive; this one asks only who is signed in (idle warning).
  void stayLoggedIn();
  /// Sends DELETE /api/v1/session, then signs out.
  void logOut();

  /// Shows the patient list and (re)loads it with the current query.
  void openPatientList();
  void searchPatients();
  /// Shows one patient's page and loads its header, lab results, trends and documents.
  void openPatient(const std::string& id);
  void openDocument(std::int64_t id);

  // The liaison office (Office.cpp).
  static constexpr std::size_t kMaxScanBytes = 20u << 20;  ///< the server's limit for a consent scan
  void openFacilities();
  void loadFacilities();
  const UserRow* selectedUser() const;
  void selectUser(const std::string& id);
  void registerFacility();
  void registerUser();
  void saveUser();
  void reissuePassword();
  void resetTwoFactor();
  /// Sends the pending withdrawal, deactivation, reactivation or revocation with its reason.
  void confirmOfficeAction();
  void loadConsents();
  void chooseConsentScan();
  void recordConsent();
  void withdrawConsent();
  void openAudit();
  void searchAudit(int offset);
  void exportAudit();

  /// Height of the signed-in bar in the last frame (screens start below it).
  float barHeight = 0.0f;

  /// Large title font (set by main; may be null).
  struct ImFont* titleFont = nullptr;
};

/// The one App instance (the WASM edge and the test hook reach it here).
App& theApp();

void drawLoginScreen(App& app);
void drawHomeScreen(App& app);
void drawPasswordScreen(App& app);
void drawTwoFactorScreen(App& app);
void drawPatientListScreen(App& app);
void drawPatientScreen(App& app);
void drawFacilitiesScreen(App& app);
void drawAuditScreen(App& app);
/// The top of a full page reached from home: the bar, a back button and the title. False when the
/// user went back (home is shown from the next frame; the caller forgets the page's data).
bool beginOfficePage(App& app, const char* id, T title);
/// The office's consent tab on a patient's page.
void drawConsentPanel(App& app);
/// "2026/11/25" for "2026-11-25…" (the date part of an ISO date or date-time).
std::string displayDate(const std::string& iso);
/// The idle-timeout warning over any signed-in screen (R-SES-1).
void drawIdleWarning(App& app);
/// The bar at the top of every signed-in screen: who is signed in, the password warning, log-out.
void drawSignedInBar(App& app);
/// "Clinic doctor" / "病院職員" … for a role name from the server.
const char* roleText(const App& app, const std::string& role);
/// The `error.code` of a JSON error body, or "".
std::string errorCode(const std::string& body);
/// The user's-language text for an error code from the server ({error: {code, message}}).
std::string serverErrorText(const App& app, int status, const std::string& body);

}  // namespace renkei::app
