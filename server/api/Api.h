// SPDX-License-Identifier: MIT
// Api — how every JSON endpoint is registered: one wrapper resolves the session, checks role, CSRF
// token and a pending forced password change, catches bad input, and writes exactly one audit
// record per request, allowed or denied (R-AUD-1, R-SES-2). An endpoint cannot forget any of this:
// there is no other way to register one.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/password/PasswordPolicy.h"
#include "server/Config.h"
#include "server/audit/AuditLog.h"
#include "server/audit/FrameReads.h"
#include "server/auth/Accounts.h"
#include "server/auth/ApiTokens.h"
#include "server/auth/Sessions.h"
#include "server/auth/TwoFactor.h"
#include "server/records/Consents.h"
#include "server/records/Documents.h"
#include "server/records/LabImport.h"
#include "server/records/Labs.h"
#include "server/records/Patients.h"
#include "server/imaging/ImageStore.h"
#include "server/http/RequestBody.h"

namespace renkei::server {

struct Services {
  const Config& config;
  Database& db;
  AuditLog& audit;
  Accounts& accounts;
  Sessions& sessions;
  LoginGuard& loginGuard;
  TwoFactor& twoFactor;
  PasswordPolicy policy;
  Patients& patients;
  Consents& consents;
  Labs& labs;
  Documents& documents;
  LabImport& labImport;
  ImageStore& images;
  ApiTokens& tokens;
  FrameReads& frameReads;
};

struct RequestContext {
  std::int64_t now = 0;
  std::string sourceIp;
  std::string token;  ///< the session cookie's value, when one was sent
  std::optional<Session> session;
  std::optional<Account> account;
  // Filled by handlers for the audit record:
  std::string action;
  std::string detail;
  std::string patientId;
  std::string auditAccountId;  ///< for anonymous requests: whom they concern (a log-in id)
  std::int64_t apiToken = 0;   ///< the API token the request came with (0: a session)
  std::string frameWindow;     ///< a frame read of this series: audited by its window (FrameReads)
};

enum class Access {
  Open,                    ///< no session (log-in, health)
  Session,         ///< a valid session with nothing pending
  SessionPending,  ///< a valid session, also while a temporary password must be changed or a
                   ///< required second factor is not yet set up (only the endpoints that fix that)
  SessionOrToken,  ///< Session, or an API token (Authorization: Bearer) — the DICOMweb routes
};

class Api {
 public:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&, RequestContext&)>;

  Api(httplib::Server& http, Services& services) : http_(http), services_(services) {}

  /// Registers `method` `pattern`; `roles` empty = any signed-in role. A request body (POST, PUT,
  /// PATCH, DELETE) is read by the route itself, up to `maxBodyBytes` (server/http/RequestBody):
  /// past it the answer is 413, a body still arriving after `body_seconds` 408, both audited.
  void route(const std::string& method, const std::string& pattern, Access access, std::vector<std::string> roles,
             Handler handler, std::size_t maxBodyBytes = kJsonBodyBytes);

  /// The body limits of the routes (docs/api.md, Request bodies).
  static constexpr std::size_t kJsonBodyBytes = 64u << 10;           ///< log-in and every JSON request
  static constexpr std::size_t kDocumentBodyBytes = 1u << 20;        ///< a document with its long fields
  static constexpr std::size_t kUploadBodyBytes = 21u << 20;         ///< a 20 MB scan or attachment and its framing
  static constexpr std::size_t kLabImportBodyBytes = 16u << 20;      ///< HL7 v2 batches, CSV files

  Services& services() { return services_; }

  static constexpr const char* kCookie = "renkei_session";

 private:
  bool authorise(const httplib::Request& req, httplib::Response& res, RequestContext& ctx, Access access,
                 const std::vector<std::string>& roles);
  /// Why an account cannot use the system at `now` (error and audit detail), or nullopt: inactive,
  /// its facility withdrawn, training not recorded, password expired, locked out.
  std::optional<std::pair<Error, std::string>> unusable(const std::optional<Account>& account, const std::string& id,
                                                        std::int64_t now);
  /// One request, start to audit record; `body` says whether its body was read (None) or refused.
  void serve(const httplib::Request& req, httplib::Response& res, Access access, const std::vector<std::string>& roles,
             const Handler& handler, const std::string& method, BodyProblem body, std::size_t maxBodyBytes);
  bool authoriseToken(const httplib::Request& req, httplib::Response& res, RequestContext& ctx,
                      const std::vector<std::string>& roles);
  httplib::Server& http_;
  Services& services_;
};

/// The session cookie's value in a request, or "".
std::string sessionCookie(const httplib::Request& req);
/// Sets (token non-empty) or clears the session cookie.
void setSessionCookie(httplib::Response& res, const std::string& token, int maxAgeSeconds);
/// "now" for a request: the system clock, or in test mode the X-Renkei-Test-Now header.
std::int64_t requestNow(const Config& config, const httplib::Request& req);

}  // namespace renkei::server
