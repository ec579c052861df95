// SPDX-License-Identifier: MIT
#include "wasm-app/Text.h"

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
};
static_assert(sizeof kRows / sizeof kRows[0] == static_cast<int>(T::Count_), "every key needs a row");

}  // namespace

const char* text(T key, Language lang) {
  const Row& r = kRows[static_cast<int>(key)];
  return lang == Language::Japanese ? r.ja : r.en;
}

const char* languageCode(Language lang) { return lang == Language::Japanese ? "ja" : "en"; }

}  // namespace renkei::app
