// SPDX-License-Identifier: MIT
#include "wasm-app/platform/Http.h"

#include <emscripten.h>
#include <emscripten/fetch.h>

#include <cstring>
#include <vector>

namespace renkei::app {
namespace {

std::string gCsrfToken;
double gLastSessionRequestMs = 0;

struct Pending {
  HttpCallback done;
  std::string body;                  // kept alive until the request completes
  std::string csrf;                  // likewise, the header value
  std::string contentType;           // likewise
  std::vector<const char*> headers;  // name, value, …, nullptr
};

void finished(emscripten_fetch_t* fetch) {
  auto* pending = static_cast<Pending*>(fetch->userData);
  HttpResponse r;
  r.status = fetch->status;
  if (fetch->data && fetch->numBytes > 0) r.body.assign(fetch->data, static_cast<size_t>(fetch->numBytes));
  emscripten_fetch_close(fetch);
  pending->done(r);
  delete pending;
}

void send(const char* method, const std::string& path, const char* contentType, const std::string* body,
          HttpCallback done) {
  emscripten_fetch_attr_t attr;
  emscripten_fetch_attr_init(&attr);
  std::strncpy(attr.requestMethod, method, sizeof attr.requestMethod - 1);
  attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY;
  attr.onsuccess = finished;
  attr.onerror = finished;  // HTTP errors arrive here too; status tells them apart
  auto* pending = new Pending{std::move(done), body ? *body : std::string(), gCsrfToken, contentType ? contentType : "", {}};
  attr.userData = pending;
  pending->headers = {"Accept", "application/json"};
  if (body) pending->headers.insert(pending->headers.end(), {"Content-Type", pending->contentType.c_str()});
  if (std::strcmp(method, "GET") != 0 && !pending->csrf.empty())
    pending->headers.insert(pending->headers.end(), {"X-CSRF-Token", pending->csrf.c_str()});
  pending->headers.push_back(nullptr);
  attr.requestHeaders = pending->headers.data();
  if (body) {
    attr.requestData = pending->body.data();
    attr.requestDataSize = pending->body.size();
  }
  if (path.rfind("/api/", 0) == 0 && path != "/api/v1/health") gLastSessionRequestMs = emscripten_get_now();
  emscripten_fetch(&attr, path.c_str());
}

}  // namespace

void httpGet(const std::string& path, HttpCallback done) { send("GET", path, nullptr, nullptr, std::move(done)); }

void httpPostJson(const std::string& path, const std::string& json, HttpCallback done) {
  send("POST", path, "application/json", &json, std::move(done));
}

void httpPatchJson(const std::string& path, const std::string& json, HttpCallback done) {
  send("PATCH", path, "application/json", &json, std::move(done));
}

void httpPost(const std::string& path, const std::string& contentType, const std::string& body, HttpCallback done) {
  send("POST", path, contentType.c_str(), &body, std::move(done));
}

void httpDelete(const std::string& path, HttpCallback done) { send("DELETE", path, nullptr, nullptr, std::move(done)); }

std::string urlEncode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
        c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

void setCsrfToken(const std::string& token) { gCsrfToken = token; }

double secondsSinceSessionRequest() { return (emscripten_get_now() - gLastSessionRequestMs) / 1000.0; }

}  // namespace renkei::app
