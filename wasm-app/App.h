// SPDX-License-Identifier: MIT
// App — the single source of truth of the app's state (Dear ImGui's FAQ: the app owns its data;
// widgets read it every frame). Screens are functions that draw from and write to this struct.
// Server replies arrive through callbacks that only update this struct.
#pragma once

#include <string>
#include <vector>

#include "core/session/IdleTimeout.h"
#include "wasm-app/Text.h"

namespace renkei::app {

enum class Screen { Login, Home, ChangePassword, TwoFactorSetup };

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

struct App {
  Language language = Language::Japanese;
  Screen screen = Screen::Login;
  ServerHealth health;
  LoginForm login;
  SignedIn user;
  PasswordForm passwordForm;
  TwoFactorForm twoFactor;
  IdleState idle;  ///< this frame's idle-timeout state (core::idleState), while signed in
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
