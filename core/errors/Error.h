// SPDX-License-Identifier: MIT
// Error — the one catalogue of refusals. Every refusal the server sends and the app explains has an
// entry here: a stable code string (the `error.code` of the JSON answer, docs/api.md) and what the
// user is told in Japanese and English. The HTTP status is not here: server/api/ErrorResponse maps
// an Error to a status, and only that layer knows HTTP.
//
// Stores and rules throw a Refusal (an Error with a precise English message for the log and the
// API's `message`, and optionally a more precise detail for the audit record).
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/text/Language.h"

namespace renkei {

enum class Error {
  // Requests in general
  BadRequest,        ///< text has a %s for the server's reason (which names the field)
  NotFound,
  MethodNotAllowed,
  PayloadTooLarge,
  RequestTimeout,
  InternalError,
  AuditUnavailable,
  Failed,  ///< any other HTTP failure ("error")
  // Sessions and log-in
  SessionRequired,
  SessionExpired,
  InvalidCredentials,
  Locked,  ///< text has a %d for the minutes to wait
  TotpRequired,
  InvalidTotp,
  TrainingRequired,
  PasswordExpired,
  AccountInactive,
  Csrf,
  Forbidden,
  PasswordChangeRequired,
  TotpEnrolmentRequired,
  PasswordPolicy,
  PasswordReused,
  InvalidToken,
  UnknownToken,
  // Accounts and facilities
  DuplicateId,
  DuplicateFacility,
  LicenceRevoked,
  NoFacility,
  FacilityInactive,
  Revoked,
  Self,
  AlreadyInactive,
  InvalidAccount,
  InvalidStatus,
  TotpAlreadyEnrolled,
  // Records
  UnknownPatient,
  UnknownDocument,
  UnknownAttachment,
  UnknownConsent,
  UnknownClinic,
  UnknownDoctor,
  OutsideConsentPeriod,
  DuplicatePatient,
  AlreadyWithdrawn,
  SourceIdInUse,
  StatusRegression,
  ScanTooLarge,
  AttachmentTooLarge,
  UnsupportedScan,
  UnsupportedAttachment,
  ScanMissing,
  AttachmentMissing,
  InvalidLabMessage,
  // Imaging
  UnknownStudy,
  UnknownSeries,
  UnknownInstance,
  UnknownFrame,
  NotAcceptable,
  UnsupportedMediaType,
  DownloadLimit,
  ViewingLimit,
  TooManyFrames,
  UnknownHeldStudy,
  HeldStudyConflict,
  // Booking
  UnknownEquipment,
  UnknownBooking,
  SlotTaken,
  SafetyBlocked,
  BookingState,  ///< the step does not apply to the booking's state (confirmed twice, cancelled, …)
  // Messaging
  UnknownThread,
  UnknownMessage,
  MessageAttachmentTooLarge,
  UnsupportedMessageAttachment,
  AttachmentWindowClosed,  ///< attachments are added by the sender, within 10 minutes of sending
};

/// Number of entries (the catalogue's tests walk all of them).
inline constexpr int kErrorCount = static_cast<int>(Error::AttachmentWindowClosed) + 1;

/// "unknown_patient" for Error::UnknownPatient.
std::string_view errorCode(Error e);
/// The entry for a code string from the server; nullopt for a code this build does not know.
std::optional<Error> errorFromCode(std::string_view code);
/// What the user is told, in their language (printf format where the entry says so).
const char* errorText(Error e, Language language);

/// A refusal: thrown by stores and rules, answered by the API layer with the entry's status.
class Refusal : public std::runtime_error {
 public:
  /// `message` is precise English for the API answer and the log (the app shows the catalogue's text).
  Refusal(Error error, const std::string& message, std::string auditDetail = "")
      : std::runtime_error(message), error_(error), auditDetail_(std::move(auditDetail)) {}
  Error error() const { return error_; }
  std::string_view code() const { return errorCode(error_); }
  /// What the audit record says (may be more precise than what the user is told, e.g. why a
  /// patient is "not found" for them); the code when nothing more was given.
  std::string auditDetail() const { return auditDetail_.empty() ? std::string(code()) : auditDetail_; }

 private:
  Error error_;
  std::string auditDetail_;
};

}  // namespace renkei
