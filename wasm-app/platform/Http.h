// SPDX-License-Identifier: MIT
// Http — the app's only way to the server: asynchronous same-origin requests through the
// browser's fetch (emscripten_fetch). Cookies go along (same origin), the response arrives in a
// later frame through the callback. No request ever blocks the UI thread.
#pragma once

#include <functional>
#include <string>

namespace renkei::app {

struct HttpResponse {
  int status = 0;  ///< 0 when the server could not be reached at all
  std::string body;
};

using HttpCallback = std::function<void(const HttpResponse&)>;

void httpGet(const std::string& path, HttpCallback done);
void httpPostJson(const std::string& path, const std::string& json, HttpCallback done);
void httpPatchJson(const std::string& path, const std::string& json, HttpCallback done);
/// A POST with any body (e.g. multipart/form-data for an uploaded file).
void httpPost(const std::string& path, const std::string& contentType, const std::string& body, HttpCallback done);
void httpDelete(const std::string& path, HttpCallback done);

/// Percent-encodes a path segment or query value (every UTF-8 byte outside RFC 3986's unreserved set).
std::string urlEncode(const std::string& s);

/// The session's CSRF token (from the log-in answer), sent as X-CSRF-Token with every request
/// that changes state; "" after log-out. The session cookie itself is HttpOnly: the app never
/// sees it.
void setCsrfToken(const std::string& token);

/// Seconds since the app last sent a request that keeps the session alive (every /api/ request but
/// the health check) — what the server's idle timer counts from.
double secondsSinceSessionRequest();

}  // namespace renkei::app
