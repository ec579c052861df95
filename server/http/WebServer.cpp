// SPDX-License-Identifier: MIT
#include "server/http/WebServer.h"

#include <netinet/in.h>
#include <netinet/tcp.h>

#include "server/api/ErrorResponse.h"
#include "server/http/RequestBody.h"
#include "server/api/StudyApi.h"
#include "server/api/HeldStudyApi.h"
#include "server/api/TokenApi.h"
#include "server/imaging/DicomWebApi.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

#include <sys/socket.h>

#include "server/api/AdminApi.h"
#include "server/api/BookingApi.h"
#include "server/api/MessageApi.h"
#include "server/api/AuditApi.h"
#include "server/api/ConsentApi.h"
#include "server/api/PatientApi.h"
#include "server/api/HealthApi.h"
#include "server/api/SessionApi.h"
#include "server/api/TwoFactorApi.h"

namespace renkei::server {
namespace {

// The app is one WebAssembly module and its glue script, all from this origin. 'wasm-unsafe-eval'
// lets the browser compile WebAssembly without allowing JavaScript eval; nothing may frame us.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

std::string utcNow() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool isApi(const std::string& path) {
  return path.rfind("/api/", 0) == 0 || path == "/api" || path.rfind("/dicomweb", 0) == 0;  // patient data: never cached
}

PasswordPolicy::Rules policyRules(const Config& c) {
  PasswordPolicy::Rules r;
  r.historyDepth = c.passwordHistory;
  return r;
}

}  // namespace

void addSecurityHeaders(httplib::Response& res) {
  res.set_header("Content-Security-Policy", kContentSecurityPolicy);
  res.set_header("Strict-Transport-Security", "max-age=31536000");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Cross-Origin-Opener-Policy", "same-origin");
  res.set_header("Cross-Origin-Resource-Policy", "same-origin");
  res.set_header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
}

WebServer::WebServer(const Config& config, Database& db)
    : config_(config),
      db_(db),
      https_(config.certPath().c_str(), config.keyPath().c_str()),
      files_({config.appDir, config.webRoot}),
      anchor_(config.dataDir / "audit", config.dataDir / "keys" / "audit-signing.pem"),
      audit_(db),
      accounts_(db),
      sessions_(db, config.sessionIdleMinutes * 60, config.sessionMaxHours * 3600),
      loginGuard_(db, config.lockoutFailures, config.lockoutMinutes * 60),
      secrets_(config.dataDir / "keys" / "secrets.key"),
      twoFactor_(db, secrets_, config.totpIssuer),
      patients_(db),
      consents_(db, config.dataDir / "consents"),
      labs_(db),
      documents_(db),
      labImport_(db, patients_, labs_),
      images_(db, patients_, config.imagesDir()),
      tokens_(db),
      bookings_(db),
      messageKeys_(config.messageKeyPath()),
      messages_(db, messageKeys_, config.messagesDir()),
      services_{config,   db,        audit_, accounts_,  sessions_, loginGuard_, twoFactor_, PasswordPolicy(policyRules(config)),
                patients_, consents_, labs_,  documents_, labImport_, images_, tokens_, frameReads_},
      api_(https_, services_) {
  audit_.anchorIn(anchor_);
  if (!https_.is_valid()) throw std::runtime_error("cannot load the TLS certificate or key (" + config.certPath().string() + ")");
  // The outer bound; each route reads its own body under its own limit (Api::route, RequestBody).
  https_.set_payload_max_length(std::max<std::size_t>(config.maxBodyBytes, Api::kUploadBodyBytes) + kDrainBytes);
  https_.set_read_timeout(30);
  https_.set_write_timeout(60);
  https_.set_keep_alive_timeout(15);
  // cpp-httplib closes a connection after 5 requests by default: a viewer loading a 300-image
  // series paid a TCP and TLS handshake every 5 frames (measured: 50-60 per series).
  https_.set_keep_alive_max_count(1000);
  https_.new_task_queue = [n = config.threads] { return new httplib::ThreadPool(static_cast<size_t>(n)); };
  // cpp-httplib's default adds SO_REUSEPORT, which lets a second server bind the same port and
  // silently take half of the connections. Only SO_REUSEADDR (fast restarts) is wanted.
  https_.set_socket_options([](socket_t sock) {
    const int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    // Answers go out at once: without this, Nagle's algorithm holds a response's last segment for
    // the client's delayed ACK (~40 ms per request on keep-alive connections).
    ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  });

  https_.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    addSecurityHeaders(res);
    // Patient data must never sit in a browser or proxy cache.
    if (isApi(req.path)) res.set_header("Cache-Control", "no-store");
    return httplib::Server::HandlerResponse::Unhandled;
  });
  https_.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    addSecurityHeaders(res);
    if (!res.body.empty()) return;
    switch (res.status) {
      case 404: sendError(res, Error::NotFound, "No such resource: " + req.path); break;
      case 413: sendError(res, Error::PayloadTooLarge, "The request body is larger than this server accepts."); break;
      case 400: sendError(res, Error::BadRequest, "The request could not be read."); break;
      case 405: sendError(res, Error::MethodNotAllowed, "This method is not allowed here."); break;
      default: sendError(res, res.status, Error::Failed, "The request failed."); break;
    }
  });
  https_.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    std::fprintf(stderr, "[renkei] internal error: %s\n", what.c_str());  // never the request body
    addSecurityHeaders(res);
    sendError(res, Error::InternalError, "The server could not complete the request.");
  });
  // Access log: time, method, path (never the query: it may carry patient identifiers), status and
  // bytes sent (a streamed answer's — frames, instances — is its content provider's length).
  https_.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    std::fprintf(stderr, "%s %s %s %d %zu\n", utcNow().c_str(), req.method.c_str(), req.path.c_str(), res.status,
                 res.body.empty() ? res.content_length_ : res.body.size());
  });
  routes();
}

namespace {

/// A refusal that never reads the body (issue 17): without a content reader cpp-httplib would read
/// a chunked body whole first. The connection closes after the answer, so the unread rest cannot
/// be taken for the next request.
httplib::Server::HandlerWithContentReader unread(httplib::Server::Handler answer) {
  return [answer = std::move(answer)](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
    answer(req, res);
    if (!hasUnreadBody(req)) return;
    // A small body is read and thrown away (the client then gets the answer); a large or endless one
    // is left unread and the connection's reading ended.
    httplib::Request ignored;
    if (readBody(req, reader, BodyLimit{0, 10}, ignored).restUnread) stopReading(req);
    res.set_header("Connection", "close");
  };
}

}  // namespace

void WebServer::routes() {
  https_.Get("/api/v1/health", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(healthJson(db_, utcNow()).dump(), "application/json");
  });
  // cpp-httplib tries a method's routes in the order they were registered, each by a regular
  // expression: the most frequent requests (a viewer's frames and metadata, the patient pages) first.
  registerDicomWebApi(api_, images_);
  registerPatientApi(api_);
  registerSessionApi(api_);
  registerAuditApi(api_);
  registerTwoFactorApi(api_);
  registerAdminApi(api_);
  registerConsentApi(api_);
  registerStudyApi(api_, images_);
  registerHeldStudyApi(api_, images_);
  registerTokenApi(api_);
  registerBookingApi(api_, bookings_);
  registerMessageApi(api_, messages_);
  const auto unknownDicomWeb = [](const httplib::Request& req, httplib::Response& res) {
    sendError(res, Error::NotFound, "No such DICOMweb resource: " + req.method + " " + req.path);
  };
  https_.Get(R"(/dicomweb(/.*)?)", unknownDicomWeb);
  https_.Post(R"(/dicomweb(/.*)?)", unread(unknownDicomWeb));
  // Anything else under /api/ is a JSON 404, whatever the method.
  const auto unknownApi = [](const httplib::Request& req, httplib::Response& res) {
    sendError(res, Error::NotFound, "No such API endpoint: " + req.method + " " + req.path);
  };
  https_.Get(R"(/api/.*)", unknownApi);
  https_.Post(R"(/api/.*)", unread(unknownApi));
  https_.Put(R"(/api/.*)", unread(unknownApi));
  https_.Delete(R"(/api/.*)", unread(unknownApi));
  https_.Patch(R"(/api/.*)", unread(unknownApi));

  const auto files = [this](const httplib::Request& req, httplib::Response& res) {
    if (!files_.serve(req, res)) sendError(res, Error::NotFound, "No such file: " + req.path);
  };
  https_.Get(R"(/.*)", files);
  // State-changing methods on static paths are refused explicitly (405), not treated as GET.
  const auto notAllowed = [](const httplib::Request&, httplib::Response& res) {
    sendError(res, Error::MethodNotAllowed, "Static files are read-only.");
  };
  https_.Post(R"(/.*)", unread(notAllowed));
  https_.Put(R"(/.*)", unread(notAllowed));
  https_.Delete(R"(/.*)", unread(notAllowed));
  https_.Patch(R"(/.*)", unread(notAllowed));
}

bool WebServer::bind() { return https_.bind_to_port(config_.bind, config_.port); }
bool WebServer::run() { return https_.listen_after_bind(); }
void WebServer::stop() { https_.stop(); }

}  // namespace renkei::server
