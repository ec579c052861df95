// SPDX-License-Identifier: MIT
// Http — the app's only way to the server: asynchronous same-origin requests through the
// browser's fetch (emscripten_fetch), scheduled by a RequestQueue (at most 6 in flight, the rest by
// priority; cancellable). Cookies go along (same origin), the answer arrives in a later frame
// through the callback (run guarded: platform/Fault). No request ever blocks the UI thread.
#pragma once

#include <functional>
#include <string>

#include "wasm-app/platform/RequestQueue.h"

namespace renkei::app {

using HttpCallback = std::function<void(const HttpResponse&)>;

/// Queues `request`; `done` runs with the answer unless the request is cancelled first.
RequestId httpSend(HttpRequest request, HttpCallback done);
/// Drops a request: a queued one is never sent; an answer still on its way is ignored.
void httpCancel(RequestId id);
/// Moves a queued request up or down (e.g. the frame now under the cursor).
void httpSetPriority(RequestId id, int priority);

// The JSON API's usual requests (Accept: application/json, priority 0).
RequestId httpGet(const std::string& path, HttpCallback done);
void httpPostJson(const std::string& path, const std::string& json, HttpCallback done);
void httpPatchJson(const std::string& path, const std::string& json, HttpCallback done);
void httpPutJson(const std::string& path, const std::string& json, HttpCallback done);
/// A POST with any body (e.g. multipart/form-data for an uploaded file).
void httpPost(const std::string& path, const std::string& contentType, const std::string& body, HttpCallback done);
void httpDelete(const std::string& path, HttpCallback done);

/// A POST or PUT whose progress is reported while its body goes out (`progress(sent, total)` in
/// bytes): the browser's XMLHttpRequest with upload.onprogress, since Emscripten's fetch reports
/// only download progress. For attachments; not queued (it starts at once), CSRF token and
/// `request.headers` sent as for httpSend.
void httpUpload(HttpRequest request, std::function<void(double sent, double total)> progress, HttpCallback done);
/// The browser's reports of an upload (Exports.cpp receives them from JavaScript).
void uploadProgress(int token, double sent, double total);
void uploadDone(int token, HttpResponse response);

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
