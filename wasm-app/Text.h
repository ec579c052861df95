// SPDX-License-Identifier: MIT
// Text — every user-visible string of the app, in Japanese and English.
//
// Strings are looked up by a key (T::Login, …). Both languages are complete by construction: the
// table has one row per key with both columns, and tests check no cell is empty.
#pragma once

namespace renkei::app {

enum class Language { Japanese, English };

enum class T {
  AppTitle,
  AppSubtitle,
  UserId,
  Password,
  LogIn,
  LoggingIn,
  Language,
  ServerConnected,
  ServerUnreachable,
  ServerChecking,
  LoginUnavailable,
  LoginFailed,
  FillBothFields,
  PersonalIdNotice,
  Count_
};

/// The text of `key` in `lang` (UTF-8, never null).
const char* text(T key, Language lang);

/// "ja" / "en".
const char* languageCode(Language lang);

}  // namespace renkei::app
