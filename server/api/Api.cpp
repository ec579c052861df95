// SPDX-License-Identifier: MIT
#include "server/api/Api.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <ctime>

#include "server/api/ApiError.h"
#include "server/api/JsonBody.h"
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
    jsonError(res, 401, found == SessionLookup::Missing ? "session_required" : "session_expired",
              found == SessionLookup::Missing ? "Please log in." : "Your session has ended. Please log in again.");
    return false;
  }
  ctx.session = session;
  ctx.account = services_.accounts.account(session.accountId);
  if (!ctx.account || ctx.account->status != "active") {
    services_.sessions.removeAll(session.accountId);
    ctx.detail = "account_inactive";
    setSessionCookie(res, "", 0);
    jsonError(res, 401, "account_inactive", "This account can no longer be used. Please contact the liaison office.");
    return false;
  }
  // SameSite=Strict already keeps other sites' requests cookie-less; the header token also covers
  // same-site attackers and older browsers.
  if (req.method != "GET" && req.method != "HEAD" && req.get_header_value("X-CSRF-Token") != session.csrfToken) {
    ctx.detail = "csrf";
    jsonError(res, 403, "csrf", "The request is missing its security token. Please reload the page.");
    return false;
  }
  if (!roles.empty() && std::find(roles.begin(), roles.end(), ctx.account->role) == roles.end()) {
    ctx.detail = "role";
    jsonError(res, 403, "forbidden", "Your role does not allow this.");
    return false;
  }
  if (access == Access::Session || access == Access::SessionOrToken) {
    const auto pw = services_.accounts.currentPassword(ctx.account->id);
    if (!pw || pw->temporary) {
      ctx.detail = "password_change_required";
      jsonError(res, 403, "password_change_required", "Please change your temporary password first.");
      return false;
    }
    if (services_.config.totpRequired(ctx.account->role) && !services_.twoFactor.enrolled(ctx.account->id)) {
      ctx.detail = "totp_enrolment_required";
      jsonError(res, 403, "totp_enrolment_required", "Please set up two-factor log-in first.");
      return false;
    }
  }
  return true;
}

bool Api::authoriseToken(const httplib::Request& req, httplib::Response& res, RequestContext& ctx,
                         const std::vector<std::string>& roles) {
  const auto token = services_.tokens.find(req.get_header_value("Authorization").substr(7), ctx.now);
  if (!token) {
    ctx.detail = "api_token: unknown, revoked or expired";
    res.set_header("WWW-Authenticate", "Bearer realm=\"renkei\"");
    jsonError(res, 401, "invalid_token", "The API token is unknown, revoked or expired.");
    return false;
  }
  ctx.apiToken = token->id;
  ctx.account = services_.accounts.account(token->accountId);
  // The account must still be one that could log in: active, password neither temporary nor
  // expired, two-factor set up where required (a token is no way around any of it).
  const auto pw = ctx.account ? services_.accounts.currentPassword(ctx.account->id) : std::nullopt;
  const bool expired =
      pw && services_.policy.status(pw->setOn, pw->temporary, Date::fromUnixSecondsJst(ctx.now)).state == PasswordState::Expired;
  if (!ctx.account || ctx.account->status != "active" || !pw || pw->temporary || expired ||
      (services_.config.totpRequired(ctx.account->role) && !services_.twoFactor.enrolled(ctx.account->id))) {
    ctx.detail = "api_token " + std::to_string(token->id) + ": account cannot be used";
    jsonError(res, 403, "account_inactive", "This account cannot be used now; its API token does not work either.");
    return false;
  }
  if (!roles.empty() && std::find(roles.begin(), roles.end(), ctx.account->role) == roles.end()) {
    ctx.detail = "role";
    jsonError(res, 403, "forbidden", "Your role does not allow this.");
    return false;
  }
  return true;
}

void Api::route(const std::string& method, const std::string& pattern, Access access, std::vector<std::string> roles,
                Handler handler) {
  auto wrapped = [this, access, roles = std::move(roles), handler = std::move(handler), method](
                     const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(services_.db.mutex());  // see Database::mutex()
    RequestContext ctx;
    res.status = 200;  // handlers set another status only when something is wrong
    ctx.now = requestNow(services_.config, req);
    ctx.sourceIp = req.remote_addr;
    ctx.token = sessionCookie(req);
    if (authorise(req, res, ctx, access, roles)) {
      try {
        handler(req, res, ctx);
      } catch (const BadRequest& e) {
        ctx.detail = "bad_request";
        jsonError(res, 400, "bad_request", e.what());
      } catch (const AccountError& e) {
        ctx.detail = e.code();
        jsonError(res, 409, e.code(), e.what());
      } catch (const ApiError& e) {
        ctx.detail = ctx.detail.empty() ? e.auditDetail() : ctx.detail + "; " + e.auditDetail();
        jsonError(res, e.status(), e.code(), e.what());
      } catch (const std::exception& e) {
        // A fault (database, disk): the request still gets its audit record.
        std::fprintf(stderr, "[renkei] internal error in %s %s: %s\n", method.c_str(), req.path.c_str(), e.what());
        ctx.detail = "internal_error";
        jsonError(res, 500, "internal_error", "The server could not complete the request.");
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
      services_.audit.append(entry);
    } catch (const std::exception& e) {
      // What cannot be audited is not answered (R-AUD-1): the data prepared for it is withheld.
      std::fprintf(stderr, "[renkei] AUDIT FAILED for %s %s: %s\n", method.c_str(), req.path.c_str(), e.what());
      jsonError(res, 500, "audit_unavailable", "The request could not be recorded, so it was not carried out.");
    }
  };
  if (method == "GET") http_.Get(pattern, wrapped);
  else if (method == "POST") http_.Post(pattern, wrapped);
  else if (method == "PUT") http_.Put(pattern, wrapped);
  else if (method == "PATCH") http_.Patch(pattern, wrapped);
  else if (method == "DELETE") http_.Delete(pattern, wrapped);
}

}  // namespace renkei::server
