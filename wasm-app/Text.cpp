// SPDX-License-Identifier: MIT
#include "wasm-app/Text.h"

#include <cstdarg>
#include <cstdio>

namespace renkei::app {
namespace {

struct Row {
  T key;
  const char* ja;
  const char* en;
};

// Keep in the order of enum T; a static_assert below checks the count.
constexpr Row kRows[] = {
    {T::AppTitle, "連携ネット", "Renkei Network"},
    {T::AppSubtitle, "病院と診療所をつなぐ診療情報共有システム", "Sharing hospital records with clinic doctors"},
    {T::UserId, "利用者ID", "User ID"},
    {T::Password, "パスワード", "Password"},
    {T::LogIn, "ログイン", "Log in"},
    {T::LoggingIn, "ログインしています…", "Logging in…"},
    {T::Language, "言語", "Language"},
    {T::ServerConnected, "サーバーに接続しました", "Connected to the server"},
    {T::ServerUnreachable, "サーバーに接続できません。ネットワークを確認してください。",
     "Cannot reach the server. Please check the network."},
    {T::ServerChecking, "サーバーを確認しています…", "Checking the server…"},
    {T::LoginUnavailable, "このサーバーではまだログインできません。医療連携室にお問い合わせください。",
     "This server does not accept logins yet. Please contact the liaison office."},
    {T::LoginFailed, "ログインできませんでした。", "Login failed."},
    {T::FillBothFields, "利用者IDとパスワードを入力してください。", "Please enter your user ID and password."},
    {T::PersonalIdNotice, "利用者IDは個人ごとに発行されます。共用しないでください。",
     "User IDs are personal. Never share yours."},
    {T::InvalidCredentials, "利用者IDまたはパスワードが正しくありません。", "The user ID or password is not correct."},
    {T::LockedOut, "ログインの失敗が続いたため、一時的にログインできません。%d分後にもう一度お試しください。",
     "Too many failed attempts. Please try again in %d minutes."},
    {T::TrainingRequired, "研修の受講が記録されていないため、ログインできません。医療連携室にお問い合わせください。",
     "Your training has not been recorded yet, so you cannot log in. Please contact the liaison office."},
    {T::PasswordExpired, "パスワードの有効期限（90日）が切れています。医療連携室にパスワードの再発行を依頼してください。",
     "Your password has expired (90 days). Please ask the liaison office to issue a new one."},
    {T::AccountInactive, "このアカウントは利用できません。医療連携室にお問い合わせください。",
     "This account can no longer be used. Please contact the liaison office."},
    {T::SessionEnded, "一定時間操作がなかったため、ログアウトしました。もう一度ログインしてください。",
     "You were logged out after a period of inactivity. Please log in again."},
    {T::UnexpectedError, "予期しないエラーが発生しました（%d）。", "Something went wrong (%d)."},
    {T::LogOut, "ログアウト", "Log out"},
    {T::SignedInAs, "%s さん", "%s"},
    {T::RoleClinic, "診療所医師", "Clinic doctor"},
    {T::RoleStaff, "病院職員", "Hospital staff"},
    {T::RoleAdmin, "医療連携室", "Liaison office"},
    {T::Facility, "所属", "Facility"},
    {T::Role, "権限", "Role"},
    {T::PasswordExpiresOn, "パスワード有効期限", "Password valid until"},
    {T::PasswordWarning, "パスワードの有効期限まであと%d日です。期限を過ぎるとログインできなくなります。",
     "Your password expires in %d days. After that you cannot log in."},
    {T::HomeHeading, "ホーム", "Home"},
    {T::HomeLaterReleases, "患者情報・画像・検査結果・予約・メッセージの画面は、今後のリリースで追加されます。",
     "Patients, images, lab results, bookings and messages come in the next releases."},
    {T::ChangePassword, "パスワードを変更", "Change password"},
    {T::MustChangeNotice, "仮パスワードでログインしています。新しいパスワードを設定してください。",
     "You logged in with a temporary password. Please set a new one."},
    {T::CurrentPassword, "現在のパスワード", "Current password"},
    {T::NewPassword, "新しいパスワード", "New password"},
    {T::RepeatPassword, "新しいパスワード（確認）", "New password (again)"},
    {T::PasswordRulesHint, "%d文字以上。英大文字・英小文字・数字・記号のうち2種類以上。利用者IDや、よく使われる語は使えません。",
     "At least %d characters, two kinds of upper case, lower case, digits and symbols; not your user ID or a common word."},
    {T::PasswordsDiffer, "確認用のパスワードが一致しません。", "The two new passwords differ."},
    {T::FillAllPasswordFields, "すべての欄を入力してください。", "Please fill in every field."},
    {T::PasswordChanged, "パスワードを変更しました。", "Your password was changed."},
    {T::CurrentPasswordWrong, "現在のパスワードが正しくありません。", "The current password is not correct."},
    {T::Save, "変更する", "Change"},
    {T::Saving, "変更しています…", "Changing…"},
    {T::Back, "戻る", "Back"},
    {T::ProblemInvalidText, "使えない文字が含まれています。", "It contains characters that cannot be used."},
    {T::ProblemTooShort, "%d文字以上にしてください。", "Use at least %d characters."},
    {T::ProblemTooLong, "%d文字以下にしてください。", "Use at most %d characters."},
    {T::ProblemCommon, "よく使われるパスワードは使えません。", "Common passwords cannot be used."},
    {T::ProblemContainsUserId, "利用者IDを含めないでください。", "Do not include your user ID."},
    {T::ProblemTooFewKinds, "英大文字・英小文字・数字・記号のうち2種類以上を使ってください。",
     "Use two or more kinds: upper case, lower case, digits, symbols."},
    {T::ProblemTooRepetitive, "同じ文字の繰り返しが多すぎます。", "Too many repeated characters."},
    {T::ProblemReused, "最近使ったパスワードは使えません。", "You used this password recently; choose another."},
    {T::TotpAsk, "認証アプリに表示されている6桁の確認コードを入力してください。",
     "Enter the 6-digit code shown in your authenticator app."},
    {T::TotpCode, "確認コード（6桁）", "Code (6 digits)"},
    {T::TotpWrong, "確認コードが正しくないか、すでに使われています。次のコードを入力してください。",
     "The code is not correct or was already used. Enter the next code."},
    {T::TwoFactorHeading, "2段階認証の設定", "Set up two-factor log-in"},
    {T::TwoFactorRequiredNotice, "この権限では2段階認証が必要です。設定が終わるまで他の画面は使えません。",
     "Your role requires two-factor log-in. Other screens open once it is set up."},
    {T::TwoFactorScan, "スマートフォンの認証アプリ（Google Authenticator、Microsoft Authenticator など）で、このQRコードを読み取ってください。",
     "Scan this QR code with an authenticator app on your phone (Google Authenticator, Microsoft Authenticator, …)."},
    {T::TwoFactorSecret, "読み取れない場合は、次のキーを入力してください：", "If you cannot scan it, type this key:"},
    {T::TwoFactorConfirm, "設定する", "Set up"},
    {T::TwoFactorLoading, "QRコードを準備しています…", "Preparing the QR code…"},
    {T::TwoFactorDone, "2段階認証を設定しました。", "Two-factor log-in is set up."},
    {T::RecoveryCodesNotice, "スマートフォンをなくしたときのための回復コードです。紙に控えて安全な場所に保管してください。各コードは1回だけ使えます。この画面は二度と表示されません。",
     "Recovery codes, for when your phone is lost. Write them down and keep them safe; each works once. This screen is never shown again."},
    {T::Continue, "控えました。続ける", "I wrote them down. Continue"},
    {T::IdleWarning, "操作がないため、あと%d秒で自動的にログアウトします。", "No activity: you will be logged out in %d seconds."},
    {T::StayLoggedIn, "ログインを続ける", "Stay logged in"},
};
static_assert(sizeof kRows / sizeof kRows[0] == static_cast<int>(T::Count_), "every key needs a row");
constexpr bool rowsInKeyOrder() {
  for (int i = 0; i < static_cast<int>(T::Count_); ++i)
    if (static_cast<int>(kRows[i].key) != i) return false;
  return true;
}
static_assert(rowsInKeyOrder(), "kRows must list the keys in the order of enum T");

}  // namespace

const char* text(T key, Language lang) {
  const Row& r = kRows[static_cast<int>(key)];
  return lang == Language::Japanese ? r.ja : r.en;
}

std::string textf(T key, Language lang, ...) {
  char buf[512];
  va_list args;
  va_start(args, lang);
  std::vsnprintf(buf, sizeof buf, text(key, lang), args);
  va_end(args);
  return buf;
}

const char* languageCode(Language lang) { return lang == Language::Japanese ? "ja" : "en"; }

}  // namespace renkei::app
