// SPDX-License-Identifier: MIT
#include "server/api/Api.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <ctime>

#include "server/api/ErrorResponse.h"
#include "server/http/WebServer.h"

namespace renkei::server {

std::string sessionCookie(const httplib::Request& req) {
  const std::string cookies = req.get_header_value("Cookie");
  const std::string name = std::string(Api::kCookie) + "=";
  std::size_t pos = 0;
  while (pos < cookies.size()) {
    while (pos < cookies.size() && (cookies[pos] == ' ' || cookies[pos] == ';')) ++pos;
    const std::size_t end = std::min(cookies.find(';', pos), cookies.size());
    if (cookies.compare(pos, name.size(), name) == 0) return cookies.substr(pos + name.size(), end - pos - name.size());
    pos = end;
  }
  return {};
}

void setSessionCookie(httplib::Response& res, const std::string& token, int maxAgeSeconds) {
  res.set_header("Set-Cookie", std::string(Api::kCookie) + "=" + token + "; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=" +
                                   std::to_string(token.empty() ? 0 : maxAgeSeconds));
}

std::int64_t requestNow(const Config& config, const httplib::Request& req) {
  if (config.testMode && req.has_header("X-Renkei-Test-Now")) {
    const std::string v = req.get_header_value("X-Renkei-Test-Now");
    std::int64_t t = 0;
    const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), t);
    if (ec == std::errc() && p == v.data() + v.size()) return t;
  }
  return static_cast<std::int64_t>(std::time(nullptr));
}

bool Api::authorise(const httplib::Request& req, httplib::Response& res, RequestContext& ctx, Access access,
                    const std::vector<std::string>& roles) {
  if (access == Access::Open) return true;
  const std::string authorization = req.get_header_value("Authorization");
  if (access == Access::SessionOrToken && authorization.rfind("Bearer ", 0) == 0) return authoriseToken(req, res, ctx, roles);
  Session session;
  const SessionLookup found = services_.sessions.find(ctx.token, ctx.now, session);
  if (found != SessionLookup::Valid) {
    ctx.detail = toString(found);
    if (!ctx.token.empty()) setSessionCookie(res, "", 0);
    sendError(res, found == SessionLookup::Missing ? Error::SessionRequired : Error::SessionExpired,
              found == SessionLookup::Missing ? "Please log in." : "Your session has ended. Please log in again.");
    return false;
  }
  ctx.session = session;
  ctx.account = services_.accounts.account(session.accountId);
  // The account's state is checked on every request, not only at log-in (R-PW-4, R-ACC-2..4): a
  // password that expires, a lock-out, a deactivation or a withdrawn facility ends open sessions.
  if (const auto why = unusable(ctx.account, session.accountId, ctx.now)) {
    services_.sessions.removeAll(session.accountId);
    ctx.detail = "session ended: " + why->second;
    setSessionCookie(res, "", 0);
    // 401: the session is over; the code says why, so that the app can tell the user.
    nlohmann::json body = errorJson(why->first, std::string(errorText(why->first, Language::English)));
    if (why->first == Error::Locked) body["error"]["retry_after"] = services_.loginGuard.lockedFor(session.accountId, ctx.now);
    sendError(res, 401, body);
    return false;
  }
  // SameSite=Strict already keeps other sites' requests cookie-less; the header token also covers
  // same-site attackers and older browsers.
  if (req.method != "GET" && req.method != "HEAD" && req.get_header_value("X-CSRF-Token") != session.csrfToken) {
    ctx.detail = "csrf";
    sendError(res, Error::Csrf, "The request is missing its security token. Please reload the page.");
    return false;
  }
  if (!roles.empty() && std::find(roles.begin(), roles.end(), ctx.account->role) == roles.end()) {
    ctx.detail = "role";
    sendError(res, Error::Forbidden, "Your role does not allow this.");
    return false;
  }
  if (access == Access::Session || access == Access::SessionOrToken) {
    const auto pw = services_.accounts.currentPassword(ctx.account->id);
    if (!pw || pw->temporary) {
      ctx.detail = "password_change_required";
      sendError(res, Error::PasswordChangeRequired, "Please change your temporary password first.");
      return false;
    }
    if (services_.config.totpRequired(ctx.account->role) && !services_.twoFactor.enrolled(ctx.account->id)) {
      ctx.detail = "totp_enrolment_required";
      sendError(res, Error::TotpEnrolmentRequired, "Please set up two-factor log-in first.");
      return false;
    }
  }
  return true;
}

std::optional<std::pair<Error, std::string>> Api::unusable(const std::optional<Account>& account, const std::string& id,
                                                          std::int64_t now) {
  if (!account || account->status != "active") return std::pair{Error::AccountInactive, "account " + (account ? account->status : "gone")};
  const auto facility = services_.accounts.facility(account->facilityId);
  if (!facility || !facility->active) return std::pair{Error::AccountInactive, "facility withdrawn"};
  if (!account->trainingDoneOn) return std::pair{Error::TrainingRequired, "training not recorded"};
  const auto pw = services_.accounts.currentPassword(id);
  if (!pw) return std::pair{Error::AccountInactive, "no password"};
  if (services_.policy.status(pw->setOn, pw->temporary, Date::fromUnixSecondsJst(now)).state == PasswordState::Expired)
    return std::pair{Error::PasswordExpired, "password expired"};
  if (services_.loginGuard.lockedFor(id, now) > 0) return std::pair{Error::Locked, "locked out"};
  return std::nullopt;
}

bool Api::authoriseToken(const httplib::Request& req, httplib::Response& res, RequestContext& ctx,
                         const std::vector<std::string>& roles) {
  const auto token = services_.tokens.find(req.get_header_value("Authorization").substr(7), ctx.now);
  if (!token) {
    ctx.detail = "api_token: unknown, revoked or expired";
    res.set_header("WWW-Authenticate", "Bearer realm=\"renkei\"");
    sendError(res, Error::InvalidToken, "The API token is unknown, revoked or expired.");
    return false;
  }
  ctx.apiToken = token->id;
  ctx.account = services_.accounts.account(token->accountId);
  // The account must still be one that could log in: active, trained, not locked, password neither
  // temporary nor expired, two-factor set up where required (a token is no way around any of it).
  const auto why = unusable(ctx.account, token->accountId, ctx.now);
  const auto pw = ctx.account ? services_.accounts.currentPassword(ctx.account->id) : std::nullopt;
  if (why || !pw || pw->temporary ||
      (services_.config.totpRequired(ctx.account->role) && !services_.twoFactor.enrolled(ctx.account->id))) {
    ctx.detail = "api_token " + std::to_string(token->id) + ": account cannot be used" + (why ? " (" + why->second + ")" : "");
    sendError(res, Error::AccountInactive, "This account cannot be used now; its API token does not work either.");
    return false;
  }
  if (!roles.empty() && std::find(roles.begin(), roles.end(), ctx.account->role) == roles.end()) {
    ctx.detail = "role";
    sendError(res, Error::Forbidden, "Your role does not allow this.");
    return false;
  }
  return true;
}

void Api::serve(const httplib::Request& req, httplib::Response& res, Access access, const std::vector<std::string>& roles,
                const Handler& handler, const std::string& method, BodyProblem body, std::size_t maxBodyBytes) {
  RequestContext ctx;
  res.status = 200;  // handlers set another status only when something is wrong
  ctx.now = requestNow(services_.config, req);
  ctx.sourceIp = req.remote_addr;
  ctx.token = sessionCookie(req);
  if (body != BodyProblem::None) {
    // The body was refused before anything else: the record names whoever's session it came with.
    Session session;
    if (services_.sessions.find(ctx.token, ctx.now, session) == SessionLookup::Valid)
      ctx.account = services_.accounts.account(session.accountId);
    res.set_header("Connection", "close");
    if (body == BodyProblem::TooLarge) {
      ctx.detail = "body: over " + std::to_string(maxBodyBytes) + " bytes";
      sendError(res, Error::PayloadTooLarge,
                "The request body is larger than this endpoint accepts (" + std::to_string(maxBodyBytes) + " bytes).");
    } else if (body == BodyProblem::TooSlow) {
      ctx.detail = "body: not complete after " + std::to_string(services_.config.bodySeconds) + " s";
      sendError(res, Error::RequestTimeout, "The request body took too long to arrive.");
    } else {
      ctx.detail = "body: unreadable";
      sendError(res, Error::BadRequest, "The request body could not be read.");
    }
  } else {
    try {
      // Inside the try: a fault while checking the session (the database) is still answered and audited.
      if (authorise(req, res, ctx, access, roles)) handler(req, res, ctx);
    } catch (const Refusal& e) {
      ctx.detail = ctx.detail.empty() ? e.auditDetail() : ctx.detail + "; " + e.auditDetail();
      sendError(res, e.error(), e.what());
    } catch (const std::exception& e) {
      // A fault (database, disk): the request still gets its audit record.
      std::fprintf(stderr, "[renkei] internal error in %s %s: %s\n", method.c_str(), req.path.c_str(), e.what());
      ctx.detail = "internal_error";
      sendError(res, Error::InternalError, "The server could not complete the request.");
    }
  }
  AuditEntry entry;
  entry.at = ctx.now;
  entry.accountId = ctx.account ? ctx.account->id : ctx.auditAccountId;
  entry.facilityId = ctx.account ? ctx.account->facilityId : "";
  entry.sourceIp = ctx.sourceIp;
  entry.action = ctx.action.empty() ? method : ctx.action;
  entry.resource = req.path;
  entry.patientId = ctx.patientId;
  entry.outcome = res.status >= 200 && res.status < 400 ? "allowed" : "denied";
  // Which credential acted: a request with an API token says so in its record.
  entry.detail = ctx.apiToken ? "api_token " + std::to_string(ctx.apiToken) + (ctx.detail.empty() ? "" : "; " + ctx.detail)
                              : ctx.detail;
  try {
    if (!ctx.frameWindow.empty() && entry.outcome == "allowed" && !entry.accountId.empty())
      services_.frameReads.record(entry, ctx.frameWindow, res.body.empty() ? res.content_length_ : res.body.size());
    else
      services_.audit.append(entry);
  } catch (const std::exception& e) {
    // What cannot be audited is not answered (R-AUD-1): the data prepared for it is withheld.
    std::fprintf(stderr, "[renkei] AUDIT FAILED for %s %s: %s\n", method.c_str(), req.path.c_str(), e.what());
    sendError(res, Error::AuditUnavailable, "The request could not be recorded, so it was not carried out.");
  }
}

void Api::route(const std::string& method, const std::string& pattern, Access access, std::vector<std::string> roles,
                Handler handler, std::size_t maxBodyBytes) {
  if (method == "GET") {
    http_.Get(pattern, [this, access, roles = std::move(roles), handler = std::move(handler)](const httplib::Request& req,
                                                                                              httplib::Response& res) {
      serve(req, res, access, roles, handler, "GET", BodyProblem::None, 0);
    });
    return;
  }
  // Every other method reads its body here, under the route's limit, before anything else.
  auto reading = [this, access, roles = std::move(roles), handler = std::move(handler), method, maxBodyBytes](
                     const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
    httplib::Request withBody = req;  // `matches` still point into `req`, which outlives the call
    const BodyRead body = readBody(req, reader, BodyLimit{maxBodyBytes, services_.config.bodySeconds}, withBody);
    if (body.restUnread) stopReading(req);  // the answer still goes out; nothing more is read
    serve(withBody, res, access, roles, handler, method, body.problem, maxBodyBytes);
  };
  if (method == "POST") http_.Post(pattern, reading);
  else if (method == "PUT") http_.Put(pattern, reading);
  else if (method == "PATCH") http_.Patch(pattern, reading);
  else if (method == "DELETE") http_.Delete(pattern, reading);
}

}  // namespace renkei::server
