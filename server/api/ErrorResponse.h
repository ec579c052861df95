// SPDX-License-Identifier: MIT
// ErrorResponse — the one place where a refusal of the catalogue (core/errors/Error.h) becomes an
// HTTP status and the JSON error body {"error": {"code", "message", …}} (docs/api.md, Errors).
#pragma once

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <string>

#include "core/errors/Error.h"

namespace renkei::server {

/// The status an error is answered with, wherever it was raised.
int httpStatus(Error e);

/// {"error": {"code": …, "message": …}}; callers may add fields to ["error"] (retry_after, problems).
nlohmann::json errorJson(Error e, const std::string& message);

/// Answers `e` with its status. The message may echo a path or parameter with invalid UTF-8: it is
/// replaced rather than thrown.
void sendError(httplib::Response& res, Error e, const std::string& message);
/// The same with a status that differs from the usual one in this one context (a wrong current
/// password at a password change is 403, not the log-in's 401).
void sendError(httplib::Response& res, int status, Error e, const std::string& message);
/// A prepared body (errorJson with extra fields).
void sendError(httplib::Response& res, int status, const nlohmann::json& body);

}  // namespace renkei::server
