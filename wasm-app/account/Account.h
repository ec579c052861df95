// SPDX-License-Identifier: MIT
// The account screens' state: log-in, the forced or voluntary password change, two-factor set-up.
// Only what the user is typing and what the server last said; dropped at log-out (App::signOut).
#pragma once

#include <string>
#include <vector>

namespace renkei::app {

struct App;

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

// The screens (account/*Screen.cpp).
void drawLoginScreen(App& app);
void drawHomeScreen(App& app);
void drawPasswordScreen(App& app);
void drawTwoFactorScreen(App& app);

}  // namespace renkei::app
