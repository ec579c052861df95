// SPDX-License-Identifier: MIT
#include "server/api/ErrorResponse.h"

namespace renkei::server {

int httpStatus(Error e) {
  switch (e) {
    case Error::BadRequest: return 400;
    case Error::NotFound: return 404;
    case Error::MethodNotAllowed: return 405;
    case Error::PayloadTooLarge: return 413;
    case Error::RequestTimeout: return 408;
    case Error::InternalError: return 500;
    case Error::AuditUnavailable: return 500;
    case Error::Failed: return 500;

    case Error::SessionRequired:
    case Error::SessionExpired:
    case Error::InvalidCredentials:
    case Error::TotpRequired:
    case Error::InvalidTotp:
    case Error::InvalidToken: return 401;
    case Error::Locked: return 423;
    case Error::TrainingRequired:
    case Error::PasswordExpired:
    case Error::AccountInactive:
    case Error::Csrf:
    case Error::Forbidden:
    case Error::PasswordChangeRequired:
    case Error::TotpEnrolmentRequired: return 403;
    case Error::PasswordPolicy:
    case Error::PasswordReused: return 422;
    case Error::UnknownToken: return 404;

    case Error::DuplicateId:
    case Error::DuplicateFacility:
    case Error::LicenceRevoked:
    case Error::NoFacility:
    case Error::FacilityInactive:
    case Error::Revoked:
    case Error::Self:
    case Error::AlreadyInactive:
    case Error::InvalidAccount:
    case Error::InvalidStatus:
    case Error::TotpAlreadyEnrolled: return 409;

    case Error::UnknownPatient:
    case Error::UnknownDocument:
    case Error::UnknownAttachment:
    case Error::UnknownConsent:
    case Error::UnknownClinic:
    case Error::UnknownDoctor: return 404;
    case Error::OutsideConsentPeriod: return 403;
    case Error::DuplicatePatient:
    case Error::AlreadyWithdrawn:
    case Error::SourceIdInUse:
    case Error::StatusRegression: return 409;
    case Error::ScanTooLarge:
    case Error::AttachmentTooLarge: return 413;
    case Error::UnsupportedScan:
    case Error::UnsupportedAttachment: return 415;
    case Error::ScanMissing:
    case Error::AttachmentMissing: return 500;
    case Error::InvalidLabMessage: return 422;

    case Error::UnknownStudy:
    case Error::UnknownSeries:
    case Error::UnknownInstance:
    case Error::UnknownFrame: return 404;
    case Error::NotAcceptable: return 406;
    case Error::UnsupportedMediaType: return 415;
    case Error::DownloadLimit: return 429;
    case Error::ViewingLimit: return 429;
    case Error::TooManyFrames: return 413;
    case Error::UnknownHeldStudy: return 404;
    case Error::HeldStudyConflict: return 409;
    case Error::UnknownEquipment:
    case Error::UnknownBooking: return 404;
    case Error::SlotTaken: return 409;
    case Error::SafetyBlocked: return 422;
    case Error::BookingState: return 409;
    case Error::UnknownThread:
    case Error::UnknownMessage: return 404;
    case Error::MessageAttachmentTooLarge: return 413;
    case Error::UnsupportedMessageAttachment: return 415;
    case Error::AttachmentWindowClosed: return 409;
  }
  return 500;
}

nlohmann::json errorJson(Error e, const std::string& message) {
  return nlohmann::json{{"error", {{"code", std::string(errorCode(e))}, {"message", message}}}};
}

void sendError(httplib::Response& res, int status, const nlohmann::json& body) {
  // An answer prepared before (a body written by a content provider) is never sent with an error.
  res.content_provider_ = nullptr;
  res.content_length_ = 0;
  res.is_chunked_content_provider_ = false;
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), "application/json");
}

void sendError(httplib::Response& res, Error e, const std::string& message) {
  sendError(res, httpStatus(e), errorJson(e, message));
}

void sendError(httplib::Response& res, int status, Error e, const std::string& message) {
  sendError(res, status, errorJson(e, message));
}

}  // namespace renkei::server
