// SPDX-License-Identifier: MIT
// App — the single source of truth of the app's state (Dear ImGui's FAQ: the app owns its data;
// widgets read it every frame). Screens are functions that draw from and write to this struct.
// Server replies arrive through callbacks that only update this struct.
#pragma once

#include <string>

#include "wasm-app/Text.h"

namespace renkei::app {

enum class Screen { Login };

struct ServerHealth {
  enum class Status { Checking, Connected, Unreachable } status = Status::Checking;
  std::string version;
  std::string commit;
  int schemaVersion = -1;
};

struct LoginForm {
  std::string userId;
  std::string password;
  bool busy = false;
  std::string error;  ///< shown under the form, in the user's language
  bool focusUserId = true;
};

struct App {
  Language language = Language::Japanese;
  Screen screen = Screen::Login;
  ServerHealth health;
  LoginForm login;
  unsigned long frames = 0;

  /// Reads preferences and asks the server for its health.
  void start();
  /// Draws one frame of the current screen.
  void frame();
  /// Switches language from the next frame on (a frame is drawn in one language only).
  void setLanguage(Language lang) { requestedLanguage = lang; }
  Language requestedLanguage = Language::Japanese;
  const char* t(T key) const { return text(key, language); }

  /// Large title font (set by main; may be null).
  struct ImFont* titleFont = nullptr;
};

/// The one App instance (the WASM edge and the test hook reach it here).
App& theApp();

void drawLoginScreen(App& app);

}  // namespace renkei::app
