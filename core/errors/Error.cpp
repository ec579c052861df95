// SPDX-License-Identifier: MIT
#include "core/errors/Error.h"

namespace renkei {
namespace {

struct Entry {
  Error error;
  const char* code;
  const char* ja;
  const char* en;
};

// In the order of enum Error (checked below and by tests/core/ErrorTests.cpp).
constexpr Entry kCatalogue[] = {
    {Error::BadRequest, "bad_request", "入力内容に誤りがあります：%s", "Please check the input: %s"},
    {Error::NotFound, "not_found", "見つかりません。", "Not found."},
    {Error::MethodNotAllowed, "method_not_allowed", "この操作はできません。", "This is not allowed here."},
    {Error::PayloadTooLarge, "payload_too_large", "ファイルが大きすぎます。", "The file is too large."},
    {Error::RequestTimeout, "request_timeout", "送信に時間がかかりすぎたため、中断しました。回線を確認してもう一度お試しください。",
     "Sending took too long and was stopped. Please check the connection and try again."},
    {Error::InternalError, "internal_error", "サーバーで問題が発生しました。しばらくしてからもう一度お試しください。",
     "The server could not complete the request. Please try again later."},
    {Error::AuditUnavailable, "audit_unavailable", "記録できなかったため、実行しませんでした。しばらくしてからもう一度お試しください。",
     "The request could not be recorded, so it was not carried out. Please try again later."},
    {Error::Failed, "error", "要求を処理できませんでした。", "The request failed."},

    {Error::SessionRequired, "session_required", "一定時間操作がなかったため、ログアウトしました。もう一度ログインしてください。",
     "You were logged out after a period of inactivity. Please log in again."},
    {Error::SessionExpired, "session_expired", "一定時間操作がなかったため、ログアウトしました。もう一度ログインしてください。",
     "You were logged out after a period of inactivity. Please log in again."},
    {Error::InvalidCredentials, "invalid_credentials", "利用者IDまたはパスワードが正しくありません。",
     "The user ID or password is not correct."},
    {Error::Locked, "locked", "ログインの失敗が続いたため、一時的にログインできません。%d分後にもう一度お試しください。",
     "Too many failed attempts. Please try again in %d minutes."},
    {Error::TotpRequired, "totp_required", "認証アプリに表示されている6桁の確認コードを入力してください。",
     "Enter the 6-digit code from your authenticator app."},
    {Error::InvalidTotp, "invalid_totp", "確認コードが正しくないか、すでに使われています。次のコードを入力してください。",
     "The code is not correct or was already used. Please enter the next code."},
    {Error::TrainingRequired, "training_required",
     "研修の受講が記録されていないため、ログインできません。医療連携室にお問い合わせください。",
     "Your training has not been recorded yet, so you cannot log in. Please contact the liaison office."},
    {Error::PasswordExpired, "password_expired",
     "パスワードの有効期限（90日）が切れています。医療連携室にパスワードの再発行を依頼してください。",
     "Your password has expired (90 days). Please ask the liaison office to issue a new one."},
    {Error::AccountInactive, "account_inactive", "このアカウントは利用できません。医療連携室にお問い合わせください。",
     "This account can no longer be used. Please contact the liaison office."},
    {Error::Csrf, "csrf", "セキュリティ確認ができませんでした。ページを再読み込みしてください。",
     "The request is missing its security token. Please reload the page."},
    {Error::Forbidden, "forbidden", "この操作の権限がありません。", "You are not allowed to do this."},
    {Error::PasswordChangeRequired, "password_change_required", "先に仮パスワードを変更してください。",
     "Please change your temporary password first."},
    {Error::TotpEnrolmentRequired, "totp_enrolment_required", "先に2段階認証を設定してください。",
     "Please set up two-factor log-in first."},
    {Error::PasswordPolicy, "password_policy", "新しいパスワードが規則を満たしていません。",
     "The new password does not meet the rules."},
    {Error::PasswordReused, "password_reused", "最近使ったパスワードは使えません。", "You used this password recently; choose another."},
    {Error::InvalidToken, "invalid_token", "APIトークンが無効か、失効しています。", "The API token is unknown, revoked or expired."},
    {Error::UnknownToken, "unknown_token", "このAPIトークンは見つかりません。", "No such API token of yours."},

    {Error::DuplicateId, "duplicate_id", "この利用者IDはすでに使われています。", "This user ID is already taken."},
    {Error::DuplicateFacility, "duplicate_facility", "この施設IDまたは医療機関コードはすでに登録されています。",
     "This facility ID or institution code is already registered."},
    {Error::LicenceRevoked, "licence_revoked", "この医籍登録番号の方は資格停止されているため、登録できません。",
     "This licence number is revoked: the person cannot be registered."},
    {Error::NoFacility, "no_facility", "施設が見つかりません。", "No such facility."},
    {Error::FacilityInactive, "facility_inactive", "この施設は退会しています。", "This facility has withdrawn."},
    {Error::Revoked, "revoked", "資格停止された利用者は変更できません。", "A revoked user cannot be changed."},
    {Error::Self, "self", "ご自身のアカウントにはこの操作はできません。", "You cannot do this to your own account."},
    {Error::AlreadyInactive, "already_inactive", "すでに退会・停止しています。", "This is already inactive."},
    {Error::InvalidAccount, "invalid_account", "アカウントを登録・変更できませんでした。", "The account could not be registered or changed."},
    {Error::InvalidStatus, "invalid_status", "指定された状態にはできません。", "This status cannot be set."},
    {Error::TotpAlreadyEnrolled, "totp_already_enrolled", "2段階認証はすでに設定されています。",
     "Two-factor log-in is already set up."},

    {Error::UnknownPatient, "unknown_patient", "この患者さんの情報は表示できません（同意がないか、撤回されています）。",
     "This patient cannot be shown (no consent, or it was withdrawn)."},
    {Error::UnknownDocument, "unknown_document", "見つかりません。", "Not found."},
    {Error::UnknownAttachment, "unknown_attachment", "添付ファイルが見つかりません。", "No such attachment."},
    {Error::UnknownConsent, "unknown_consent", "見つかりません。", "Not found."},
    {Error::UnknownClinic, "unknown_clinic", "同意の相手（診療所または医師）が見つかりません。",
     "The clinic or doctor named is not registered."},
    {Error::UnknownDoctor, "unknown_doctor", "同意の相手（診療所または医師）が見つかりません。",
     "The clinic or doctor named is not registered."},
    {Error::OutsideConsentPeriod, "outside_consent_period", "この項目は同意書の対象期間より前のものです。",
     "This item is dated before the period the consent covers."},
    {Error::DuplicatePatient, "duplicate_patient", "この患者IDはすでに登録されています。", "A patient with this id is already registered."},
    {Error::AlreadyWithdrawn, "already_withdrawn", "この同意はすでに撤回されています。", "This consent is already withdrawn."},
    {Error::SourceIdInUse, "source_id_in_use", "この文書IDは別の患者さんの文書に使われています。",
     "This document id belongs to another patient."},
    {Error::StatusRegression, "status_regression", "確定した文書を仮の状態に戻すことはできません。",
     "A final document cannot become preliminary again."},
    {Error::ScanTooLarge, "scan_too_large", "ファイルが大きすぎます。", "The file is too large."},
    {Error::AttachmentTooLarge, "attachment_too_large", "ファイルが大きすぎます。", "The file is too large."},
    {Error::UnsupportedScan, "unsupported_scan", "同意書のスキャンは PDF・PNG・JPEG のいずれかにしてください。",
     "The scan must be a PDF, PNG or JPEG file."},
    {Error::UnsupportedAttachment, "unsupported_attachment", "添付ファイルは PDF・PNG・JPEG のいずれかにしてください。",
     "An attachment must be a PDF, PNG or JPEG file."},
    {Error::ScanMissing, "scan_missing", "同意書のスキャンのファイルがサーバーにありません。医療連携室にお問い合わせください。",
     "The scan's file is missing on the server. Please contact the liaison office."},
    {Error::AttachmentMissing, "attachment_missing", "添付ファイルがサーバーにありません。医療連携室にお問い合わせください。",
     "The attachment's file is missing on the server. Please contact the liaison office."},
    {Error::InvalidLabMessage, "invalid_lab_message", "検査結果のメッセージを取り込めませんでした。",
     "The laboratory message was refused."},

    {Error::UnknownStudy, "unknown_study", "この検査の画像は表示できません。", "This study cannot be shown."},
    {Error::UnknownSeries, "unknown_series", "このシリーズは見つかりません。", "No such series."},
    {Error::UnknownInstance, "unknown_instance", "この画像は見つかりません。", "No such image."},
    {Error::UnknownFrame, "unknown_frame", "このフレームは見つかりません。", "No such frame."},
    {Error::NotAcceptable, "not_acceptable", "この形式では送れません。", "This cannot be sent in the form asked for."},
    {Error::UnsupportedMediaType, "unsupported_media_type", "この形式のデータは受け付けられません。",
     "This kind of data is not accepted."},
    {Error::DownloadLimit, "download_limit", "1時間あたりのダウンロード上限に達しました。しばらくしてからもう一度お試しください。",
     "You have reached the download limit for this hour. Please try again later."},
    {Error::ViewingLimit, "viewing_limit",
     "この1時間に開いた画像の量が上限に達したため、新しいシリーズは開けません。しばらくしてからもう一度お試しください。医療連携室にも通知されています。",
     "You have opened as many images as one hour allows: no further series can be opened for now. Please try again later. The liaison office has been notified."},
    {Error::TooManyFrames, "too_many_frames", "一度に要求するフレームが多すぎます。", "Too many frames asked for at once."},
    {Error::UnknownHeldStudy, "unknown_held_study", "この保留中の検査は見つかりません（すでに処理済みの可能性があります）。",
     "No such held study (it may have been assigned or discarded already)."},
    {Error::HeldStudyConflict, "held_study_conflict", "この検査はすでに別の患者に登録されているため、割り当てられません。",
     "This study is already filed under another patient, so it cannot be assigned to this one."},

    {Error::UnknownEquipment, "unknown_equipment", "この検査機器は見つかりません。", "No such scanner."},
    {Error::UnknownBooking, "unknown_booking", "この予約は見つかりません。", "No such booking."},
    {Error::SlotTaken, "slot_taken", "この時間はすでに予約されています。別の時間を選んでください。",
     "This time has just been booked; please choose another."},
    {Error::SafetyBlocked, "safety_blocked", "安全確認の結果、この依頼は送れません。表示された項目を確認してください。",
     "The safety checklist does not allow this request; see the items shown."},
    {Error::BookingState, "booking_state", "この予約の状態では、この操作はできません。最新の状態を確認してください。",
     "This cannot be done in the booking's present state; please check its latest state."},

    {Error::UnknownThread, "unknown_thread", "このスレッドは見つかりません。", "No such thread."},
    {Error::UnknownMessage, "unknown_message", "このメッセージは見つかりません。", "No such message."},
    {Error::MessageAttachmentTooLarge, "message_attachment_too_large", "添付ファイルが大きすぎます（上限より大きいファイルは送れません）。",
     "The attachment is larger than the limit."},
    {Error::UnsupportedMessageAttachment, "unsupported_message_attachment",
     "添付ファイルは PDF・PNG・JPEG・DICOM のいずれかにしてください。", "An attachment must be a PDF, PNG, JPEG or DICOM file."},
    {Error::AttachmentWindowClosed, "attachment_window_closed",
     "送信から10分を過ぎたため、このメッセージには添付できません。新しいメッセージで送ってください。",
     "Files can be attached to a message by its sender within 10 minutes of sending; please send a new message."},
};

static_assert(sizeof kCatalogue / sizeof kCatalogue[0] == kErrorCount, "one catalogue entry per Error");

constexpr bool inOrder() {
  for (int i = 0; i < kErrorCount; ++i)
    if (static_cast<int>(kCatalogue[i].error) != i) return false;
  return true;
}
static_assert(inOrder(), "the catalogue lists the errors in the order of enum Error");

const Entry& entry(Error e) { return kCatalogue[static_cast<int>(e)]; }

}  // namespace

std::string_view errorCode(Error e) { return entry(e).code; }

std::optional<Error> errorFromCode(std::string_view code) {
  for (const Entry& x : kCatalogue)
    if (code == x.code) return x.error;
  return std::nullopt;
}

const char* errorText(Error e, Language language) { return language == Language::Japanese ? entry(e).ja : entry(e).en; }

}  // namespace renkei
