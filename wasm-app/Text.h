// SPDX-License-Identifier: MIT
// Text — every user-visible string of the app, in Japanese and English.
//
// Strings are looked up by a key (T::Login, …). Both languages are complete by construction: the
// table has one row per key with both columns, and tests check no cell is empty.
#pragma once

#include <string>

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
  InvalidCredentials,
  LockedOut,
  TrainingRequired,
  PasswordExpired,
  AccountInactive,
  SessionEnded,
  UnexpectedError,
  LogOut,
  SignedInAs,
  RoleClinic,
  RoleStaff,
  RoleAdmin,
  Facility,
  Role,
  PasswordExpiresOn,
  PasswordWarning,
  HomeHeading,
  HomeLaterReleases,
  ChangePassword,
  MustChangeNotice,
  CurrentPassword,
  NewPassword,
  RepeatPassword,
  PasswordRulesHint,
  PasswordsDiffer,
  FillAllPasswordFields,
  PasswordChanged,
  CurrentPasswordWrong,
  Save,
  Saving,
  Back,
  ProblemInvalidText,
  ProblemTooShort,
  ProblemTooLong,
  ProblemCommon,
  ProblemContainsUserId,
  ProblemTooFewKinds,
  ProblemTooRepetitive,
  ProblemReused,
  TotpAsk,
  TotpCode,
  TotpWrong,
  TwoFactorHeading,
  TwoFactorRequiredNotice,
  TwoFactorScan,
  TwoFactorSecret,
  TwoFactorConfirm,
  TwoFactorLoading,
  TwoFactorDone,
  RecoveryCodesNotice,
  Continue,
  IdleWarning,
  StayLoggedIn,
  Count_
};

/// The text of `key` in `lang` (UTF-8, never null).
const char* text(T key, Language lang);

/// `key`'s text with printf-style arguments (the table's %d / %s), in `lang`.
std::string textf(T key, Language lang, ...);

/// "ja" / "en".
const char* languageCode(Language lang);

}  // namespace renkei::app
