// SPDX-License-Identifier: MIT
#include "wasm-app/platform/Http.h"

#include <emscripten.h>
#include <emscripten/fetch.h>
#include <nlohmann/json.hpp>

#include <cctype>
#include <cstring>
#include <map>
#include <vector>

#include "core/text/PercentEncoding.h"
#include "core/text/Trim.h"
#include "wasm-app/Glyphs.h"
#include "wasm-app/platform/Fault.h"
#include "wasm-app/platform/Redraw.h"

namespace renkei::app {
namespace {

// Browsers keep six HTTP/1.1 connections per host. More than six in flight queue in the browser,
// out of reach of our priorities, but keep every connection busy while answers that have arrived
// wait for the main thread (measured: 6 left the connections idle half of the time).
constexpr int kMaxInFlight = 12;

std::string gCsrfToken;
double gLastSessionRequestMs = 0;

RequestQueue& queue() {
  static RequestQueue q(kMaxInFlight);
  return q;
}

std::map<RequestId, HttpCallback>& callbacks() {
  static std::map<RequestId, HttpCallback> c;
  return c;
}

/// What a started request keeps alive until it completes (fetch reads the pointers late).
struct InFlight {
  RequestId id;
  HttpRequest request;
  std::string csrf;
  std::vector<const char*> headers;  // name, value, …, nullptr
};

void startReady();

std::string contentTypeOf(emscripten_fetch_t* fetch) {
  const size_t n = emscripten_fetch_get_response_headers_length(fetch);
  if (n == 0) return {};
  std::string headers(n + 1, '\0');
  emscripten_fetch_get_response_headers(fetch, headers.data(), headers.size());
  // "name: value\r\n" lines; names compared case-insensitively.
  std::size_t pos = 0;
  while (pos < n) {
    const std::size_t end = std::min(headers.find("\r\n", pos), n);
    const std::string line = headers.substr(pos, end - pos);
    const std::size_t colon = line.find(':');
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (colon != std::string::npos && name == "content-type") {
      return std::string(text::trimStart(std::string_view(line).substr(colon + 1), " "));
    }
    pos = end + 2;
  }
  return {};
}

void finished(emscripten_fetch_t* fetch) {
  auto* f = static_cast<InFlight*>(fetch->userData);
  HttpResponse r;
  r.status = fetch->status;
  if (fetch->data && fetch->numBytes > 0) r.body.assign(fetch->data, static_cast<size_t>(fetch->numBytes));
  r.contentType = contentTypeOf(fetch);
  emscripten_fetch_close(fetch);
  // Names and text from the server may need glyphs the first font lacks.
  if (r.contentType.find("json") != std::string::npos) noteGlyphs(r.body);
  const RequestId id = f->id;
  const bool background = f->request.background;
  delete f;
  HttpCallback done;
  if (const auto it = callbacks().find(id); it != callbacks().end()) {
    done = std::move(it->second);
    callbacks().erase(it);
  }
  // The answer first: what it asks for next (the first frame after the metadata) must compete
  // for the freed slot by its priority with what was queued before.
  if (queue().finish(id) && done) guarded("http answer", [&] { done(r); });
  startReady();
  if (background) redrawWithin(100);
  else redrawNow();
}

void start(RequestId id, HttpRequest request) {
  emscripten_fetch_attr_t attr;
  emscripten_fetch_attr_init(&attr);
  std::strncpy(attr.requestMethod, request.method.c_str(), sizeof attr.requestMethod - 1);
  // REPLACE: straight to the network. Without it Emscripten first looks every URL up in IndexedDB
  // (~80 ms a request, measured) — and patient data has no business in a browser store.
  attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY | EMSCRIPTEN_FETCH_REPLACE;
  attr.onsuccess = finished;
  attr.onerror = finished;  // HTTP errors arrive here too; status tells them apart
  auto* f = new InFlight{id, std::move(request), gCsrfToken, {}};
  attr.userData = f;
  const HttpRequest& r = f->request;
  f->headers = {"Accept", r.accept.c_str()};
  if (r.hasBody) f->headers.insert(f->headers.end(), {"Content-Type", r.contentType.c_str()});
  if (r.method != "GET" && !f->csrf.empty()) f->headers.insert(f->headers.end(), {"X-CSRF-Token", f->csrf.c_str()});
  for (const auto& [name, value] : r.headers) f->headers.insert(f->headers.end(), {name.c_str(), value.c_str()});
  f->headers.push_back(nullptr);
  attr.requestHeaders = f->headers.data();
  if (r.hasBody) {
    attr.requestData = r.body.data();
    attr.requestDataSize = r.body.size();
  }
  if (r.path.rfind("/api/", 0) == 0 && r.path != "/api/v1/health") gLastSessionRequestMs = emscripten_get_now();
  emscripten_fetch(&attr, r.path.c_str());
}

void startReady() {
  for (auto& [id, request] : queue().takeReady()) start(id, std::move(request));
}

HttpRequest jsonRequest(const char* method, const std::string& path) {
  HttpRequest r;
  r.method = method;
  r.path = path;
  return r;
}

HttpRequest withBody(HttpRequest r, const std::string& contentType, const std::string& body) {
  r.contentType = contentType;
  r.body = body;
  r.hasBody = true;
  return r;
}

}  // namespace

RequestId httpSend(HttpRequest request, HttpCallback done) {
  const RequestId id = queue().add(std::move(request));
  callbacks()[id] = std::move(done);
  startReady();
  return id;
}

void httpCancel(RequestId id) {
  if (queue().cancel(id)) callbacks().erase(id);
}

void httpSetPriority(RequestId id, int priority) { queue().setPriority(id, priority); }

RequestId httpGet(const std::string& path, HttpCallback done) { return httpSend(jsonRequest("GET", path), std::move(done)); }

void httpPostJson(const std::string& path, const std::string& json, HttpCallback done) {
  httpSend(withBody(jsonRequest("POST", path), "application/json", json), std::move(done));
}

void httpPatchJson(const std::string& path, const std::string& json, HttpCallback done) {
  httpSend(withBody(jsonRequest("PATCH", path), "application/json", json), std::move(done));
}

void httpPutJson(const std::string& path, const std::string& json, HttpCallback done) {
  httpSend(withBody(jsonRequest("PUT", path), "application/json", json), std::move(done));
}

void httpPost(const std::string& path, const std::string& contentType, const std::string& body, HttpCallback done) {
  httpSend(withBody(jsonRequest("POST", path), contentType, body), std::move(done));
}

void httpDelete(const std::string& path, HttpCallback done) { httpSend(jsonRequest("DELETE", path), std::move(done)); }

std::string urlEncode(const std::string& s) { return text::percentEncode(s); }

void setCsrfToken(const std::string& token) { gCsrfToken = token; }

namespace {

// clang-format off
EM_JS(void, js_upload, (int token, const char* method, const char* path, const char* headersJson, const char* data, int size), {
  var xhr = new XMLHttpRequest();
  xhr.open(UTF8ToString(method), UTF8ToString(path));
  xhr.responseType = "arraybuffer";
  var headers = JSON.parse(UTF8ToString(headersJson));
  for (var i = 0; i < headers.length; ++i) xhr.setRequestHeader(headers[i][0], headers[i][1]);
  xhr.upload.onprogress = function(e) {
    Module.ccall("renkei_upload_progress", null, ["number", "number", "number"], [token, e.loaded, e.total]);
  };
  var answer = function(status) {
    var bytes = xhr.response ? new Uint8Array(xhr.response) : new Uint8Array(0);
    var p = _malloc(bytes.length > 0 ? bytes.length : 1);
    if (bytes.length > 0) HEAPU8.set(bytes, p);
    Module.ccall("renkei_upload_done", null, ["number", "number", "number", "number", "string"],
                 [token, status, p, bytes.length, xhr.getResponseHeader("Content-Type") || ""]);
    _free(p);
  };
  xhr.onload = function() { answer(xhr.status); };
  xhr.onerror = function() { answer(0); };
  xhr.send(HEAPU8.slice(data, data + size));
});
// clang-format on

struct Upload {
  std::function<void(double, double)> progress;
  HttpCallback done;
};
std::map<int, Upload>& uploads() {
  static std::map<int, Upload> m;
  return m;
}

}  // namespace

void httpUpload(HttpRequest request, std::function<void(double, double)> progress, HttpCallback done) {
  static int next = 1;
  const int token = next++;
  uploads()[token] = {std::move(progress), std::move(done)};
  std::string headers = "[[\"Accept\"," + nlohmann::json(request.accept).dump() + "]";
  headers += ",[\"Content-Type\"," + nlohmann::json(request.contentType).dump() + "]";
  if (!gCsrfToken.empty()) headers += ",[\"X-CSRF-Token\"," + nlohmann::json(gCsrfToken).dump() + "]";
  for (const auto& [name, value] : request.headers) headers += ",[" + nlohmann::json(name).dump() + "," + nlohmann::json(value).dump() + "]";
  headers += "]";
  gLastSessionRequestMs = emscripten_get_now();
  js_upload(token, request.method.c_str(), request.path.c_str(), headers.c_str(), request.body.data(), static_cast<int>(request.body.size()));
}

void uploadProgress(int token, double sent, double total) {
  const auto it = uploads().find(token);
  if (it != uploads().end() && it->second.progress) it->second.progress(sent, total);
  redrawWithin(100);
}

void uploadDone(int token, HttpResponse response) {
  const auto it = uploads().find(token);
  if (it == uploads().end()) return;
  HttpCallback done = std::move(it->second.done);
  uploads().erase(it);
  if (response.contentType.find("json") != std::string::npos) noteGlyphs(response.body);
  if (done) guarded("http upload", [&] { done(response); });
  redrawNow();
}

double secondsSinceSessionRequest() { return (emscripten_get_now() - gLastSessionRequestMs) / 1000.0; }

}  // namespace renkei::app
