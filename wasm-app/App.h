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
#include "wasm-app/account/Account.h"
#include "wasm-app/booking/Booking.h"
#include "wasm-app/messages/Messages.h"
#include "wasm-app/office/Office.h"
#include "wasm-app/patients/Patients.h"
#include "wasm-app/viewer/Viewer.h"
#include "wasm-app/Text.h"

namespace renkei::app {

enum class Screen { Login, Home, ChangePassword, TwoFactorSetup, Patients, Patient, Viewer, Facilities, Audit, HeldStudies, Booking, Bookings, Schedule, Inbox, Thread };

struct ServerHealth {
  enum class Status { Checking, Connected, Unreachable } status = Status::Checking;
  std::string version;
  std::string commit;
  int schemaVersion = -1;
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
  ViewerPage viewer;  ///< the image viewer (viewer/)
  FacilitiesPage office;
  AuditPage audit;
  HeldStudiesPage held;  ///< the office's queue of held studies
  BookingPage booking;    ///< a new exam request, or a booking's new time
  BookingListPage bookings;  ///< the clinic's bookings, or the hospital's queue
  SchedulePage schedule;     ///< the office's scanners and closures
  InboxPage inbox;           ///< the message threads (messages/)
  ThreadPage thread;         ///< one thread open
  int unreadMessages = 0;    ///< over every thread the user sees (the bar shows it)
  double lastUnreadPoll = -1e9, lastInputAt = 0;  ///< seconds (ImGui time)
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
  // The held-study queue (issue 11 §10): list, one study's instances, assign or discard.
  void openHeldStudies();
  void loadHeldStudies();
  void selectHeldStudy(const std::string& studyUid);
  /// Looks up the typed patient id (GET /api/v1/patients/{id}) for the confirmation step.
  void lookUpHeldPatient();
  /// Files the selected study under the patient looked up (after the confirmation).
  void assignHeldStudy();
  /// Discards the selected study with the reason typed.
  void discardHeldStudy();

  // Booking (booking/Bookings.cpp, issue 12).
  /// A new exam request for the patient on screen (a clinic user); the latest eGFR is taken from
  /// the labs already loaded.
  void openBooking(const std::string& patientId, const std::string& patientName);
  void loadEquipment();
  /// Chooses the scanner and exam (indices into booking.equipment) and loads their free slots.
  void chooseScanner(int equipmentIndex, int examIndex);
  void showWeek(Date monday);
  void loadSlots();
  /// Sends the request (or the new time when rescheduling) as the form holds it.
  void sendBooking();
  /// A new time for an existing booking: the same scanner and exam, the calendar again.
  void rescheduleBooking(const BookingRow& row);
  /// The bookings list: the hospital's queue of requests (`queue`) or every booking one may see.
  void openBookings(bool queue);
  void loadBookings();
  void selectBooking(std::int64_t id);
  /// Sends bookings.pending (confirm, reject, cancel, done, no-show) for the booking shown.
  void sendBookingAction();
  /// The office's scanners: booking horizon and lead time, weekly hours, closures.
  void openSchedule();
  void loadSchedule();
  void selectScanner(const std::string& id);
  void saveScanner();
  /// Sends the selected scanner's weekly hours as typed; the server flags the bookings left outside.
  void saveHours();
  /// Sends the closure typed; the server flags the bookings it hits for the office.
  void addClosure();
  // Messaging (messages/Messages.cpp, issue 14).
  void openInbox();
  void loadThreads();
  /// Where a clinic may write: the departments and the hospital's doctors by name.
  void loadDestinations();
  /// The inbox with a new thread being written, about `patientId` when not empty.
  void composeThread(const std::string& patientId, const std::string& patientName);
  void sendThread();
  void openThread(std::int64_t id);
  void sendReply();
  /// The browser's file chooser; the file goes with the next message (of the compose form or the reply).
  void chooseMessageFile(bool forCompose);
  /// An image attachment is shown in the thread; any other is saved (downloaded).
  void openAttachment(const AttachmentInfo& a);
  /// Asks the server for the unread count (GET /api/v1/messages/unread).
  void refreshUnread();
  /// Polls the unread count once a minute while the user is at the screen: a poll keeps the
  /// session alive, so it runs only when the user has touched the app in the last minute.
  void pollUnread();
  /// Opens the server's printable page of a booking ("referral-letter", "instruction-sheet") in a new tab.
  void openBookingPage(std::int64_t id, const char* which);

  /// Height of the signed-in bar in the last frame (screens start below it).
  float barHeight = 0.0f;

  /// Large title font (set by main; may be null).
  struct ImFont* titleFont = nullptr;
};

/// The one App instance (the WASM edge and the test hook reach it here).
App& theApp();

/// The titles drawn in the large title font, which holds only their glyphs (main.cpp builds it from
/// this list). A title of a page must be here, or pageTitle draws it in the body font.
inline constexpr T kPageTitles[] = {T::AppTitle,     T::Patients,        T::FacilitiesAndUsers, T::AuditLog,
                                    T::HeldStudies,  T::BookingsMenu,    T::BookingQueue,       T::BookingTitle,
                                    T::RescheduleTitle, T::ScheduleMenu, T::MessagesMenu};
/// A page's title in the title font (the body font for a key not in kPageTitles).
void pageTitle(App& app, T key);
/// The top of a full page reached from home: the bar, a back button and the title. False when the
/// user went back (home is shown from the next frame; the caller forgets the page's data).
bool beginOfficePage(App& app, const char* id, T title);
/// "2026/11/25" for "2026-11-25…" (the date part of an ISO date or date-time).
std::string displayDate(const std::string& iso);
/// "2026/12/02 12:34:56" in hospital-local time (JST) for Unix seconds.
std::string displayDateTime(std::int64_t unixSeconds);
/// The last fault caught at the app's edge (platform/Fault), over any screen, until closed.
void drawFaultBanner(App& app);
/// The idle-timeout warning over any signed-in screen (R-SES-1).
void drawIdleWarning(App& app);
/// The bar at the top of every signed-in screen: who is signed in, the password warning, log-out.
void drawSignedInBar(App& app);
/// "Clinic doctor" / "病院職員" … for a role name from the server.
const char* roleText(const App& app, const std::string& role);
/// The user's-language text for an error code from the server ({error: {code, message}}).
std::string serverErrorText(const App& app, int status, const std::string& body);

}  // namespace renkei::app
