// SPDX-License-Identifier: MIT
#include "server/api/SessionApi.h"
#include "server/api/ErrorResponse.h"

#include <nlohmann/json.hpp>

#include "server/api/JsonBody.h"
#include "server/auth/PasswordHash.h"
#include "server/crypto/Digest.h"
#include "server/http/WebServer.h"

namespace renkei::server {
namespace {

const char* stateName(PasswordState s) {
  switch (s) {
    case PasswordState::Ok: return "ok";
    case PasswordState::Warning: return "warning";
    case PasswordState::MustChange: return "must_change";
    case PasswordState::Expired: return "expired";
  }
  return "expired";
}

nlohmann::json describe(Services& sv, const Account& a, std::int64_t now, const std::string& csrf) {
  const auto facility = sv.accounts.facility(a.facilityId);
  nlohmann::json j{{"user", {{"id", a.id}, {"name", a.name}, {"role", a.role}, {"facility", a.facilityId},
                             {"facility_name", facility ? facility->name : ""}}},
                   {"session", {{"idle_seconds", sv.sessions.idleSeconds()}, {"max_seconds", sv.sessions.maxSeconds()}}}};
  if (!csrf.empty()) j["csrf_token"] = csrf;
  const bool enrolled = sv.twoFactor.enrolled(a.id);
  j["two_factor"] = {{"enrolled", enrolled},
                     {"required", sv.config.totpRequired(a.role)},
                     {"recovery_codes_left", enrolled ? sv.twoFactor.recoveryCodesLeft(a.id) : 0}};
  if (const auto pw = sv.accounts.currentPassword(a.id)) {
    const PasswordStatus st = sv.policy.status(pw->setOn, pw->temporary, Date::fromUnixSecondsJst(now));
    j["password"] = {{"state", stateName(st.state)}, {"days_left", st.daysLeft}, {"expires_on", st.expiresOn.iso()}};
  }
  return j;
}

void invalidCredentials(httplib::Response& res) {
  sendError(res, Error::InvalidCredentials, "The user ID or password is not correct.");
}

void login(Services& sv, const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
  ctx.action = "login";
  const JsonBody body(req.body, {"user", "password", "totp"});
  const std::string id = body.text("user", 64), password = body.text("password", 1024);
  // The log names existing accounts only: a typed id that matches none may be a password typed
  // into the wrong field, so it is kept as a short hash (enough to see repeated attempts).
  ctx.auditAccountId = sv.accounts.account(id) ? id : "unknown:" + sha256Hex(id).substr(0, 12);

  // The same answers whether or not the id exists: lock-out is counted per id either way, and an
  // unknown id still costs one password hash.
  if (const auto wait = sv.loginGuard.lockedFor(id, ctx.now); wait > 0) {
    ctx.detail = "locked";
    nlohmann::json body = errorJson(Error::Locked, "Too many failed attempts. Try again in " +
                                                       std::to_string((wait + 59) / 60) + " minutes.");
    body["error"]["retry_after"] = wait;
    sendError(res, httpStatus(Error::Locked), body);
    res.set_header("Retry-After", std::to_string(wait));
    return;
  }
  const auto account = sv.accounts.account(id);
  const auto stored = account ? sv.accounts.currentPassword(id) : std::nullopt;
  static const std::string kDummy = PasswordHash::hash("renkei-dummy", sv.config.passwordIterations);
  const bool ok = PasswordHash::verify(password, stored ? stored->hash : kDummy) && stored;
  if (!ok) {
    const bool locked = sv.loginGuard.recordFailure(id, ctx.now);
    ctx.detail = locked ? "bad_credentials,locked" : "bad_credentials";
    invalidCredentials(res);
    return;
  }
  if (account->status != "active") {
    ctx.detail = "account_" + account->status;
    sendError(res, Error::AccountInactive, "This account can no longer be used. Please contact the liaison office.");
    return;
  }
  if (!account->trainingDoneOn) {  // R-ACC-2
    ctx.detail = "training_required";
    sendError(res, Error::TrainingRequired, "The privacy and security training has not been recorded for this account. Please contact the liaison office.");
    return;
  }
  const PasswordStatus st = sv.policy.status(stored->setOn, stored->temporary, Date::fromUnixSecondsJst(ctx.now));
  if (st.state == PasswordState::Expired) {  // R-PW-4: unusable, even with the right password
    ctx.detail = "password_expired";
    sendError(res, Error::PasswordExpired, "The password has expired. Please ask the liaison office to issue a new one.");
    return;
  }
  // R-PW-6: the second factor, once enrolled, is part of every log-in. A missing code is a
  // question, not a failure; a wrong or reused one counts towards the lock-out like a password.
  std::string how = stateName(st.state);
  if (sv.twoFactor.enrolled(id)) {
    const auto typed = body.optionalText("totp", 32);
    if (!typed || typed->empty()) {
      ctx.detail = "totp_required";
      sendError(res, Error::TotpRequired, "Enter the 6-digit code from your authenticator app.");
      return;
    }
    const TwoFactor::Result r = sv.twoFactor.verify(id, *typed, ctx.now);
    if (r == TwoFactor::Result::Refused) {
      const bool locked = sv.loginGuard.recordFailure(id, ctx.now);
      ctx.detail = locked ? "bad_totp,locked" : "bad_totp";
      sendError(res, Error::InvalidTotp, "The code is not correct or was already used. Wait for the next code.");
      return;
    }
    how += r == TwoFactor::Result::AcceptedRecoveryCode ? ",recovery_code" : ",totp";
  }
  sv.loginGuard.reset(id);
  // R-SES-2: a new session id at every log-in; a session cookie sent with the log-in is ended.
  if (!ctx.token.empty()) sv.sessions.remove(ctx.token);
  const auto created = sv.sessions.create(id, ctx.now, ctx.sourceIp);
  setSessionCookie(res, created.token, sv.sessions.maxSeconds());
  ctx.account = account;
  ctx.detail = how;
  res.set_content(describe(sv, *account, ctx.now, created.csrfToken).dump(), "application/json");
}

void changePassword(Services& sv, const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
  ctx.action = "password.change";
  const JsonBody body(req.body, {"current", "new"});
  const std::string current = body.text("current", 1024), fresh = body.text("new", 1024);
  const Account& a = *ctx.account;
  const auto stored = sv.accounts.currentPassword(a.id);
  if (!stored || !PasswordHash::verify(current, stored->hash)) {
    ctx.detail = "bad_current_password";
    sendError(res, 403, Error::InvalidCredentials, "The current password is not correct.");
    return;
  }
  const bool enrolled = sv.twoFactor.enrolled(a.id);
  const auto problems = sv.policy.checkNewPassword(fresh, a.id, enrolled);
  if (!problems.empty()) {
    nlohmann::json list = nlohmann::json::array();
    for (PasswordProblem p : problems) list.push_back(messageKey(p));
    ctx.detail = "policy";
    nlohmann::json body = errorJson(Error::PasswordPolicy, "The new password does not meet the rules.");
    body["error"]["problems"] = list;
    body["error"]["min_length"] = sv.policy.minLength(enrolled);
    sendError(res, httpStatus(Error::PasswordPolicy), body);
    return;
  }
  const auto recent = sv.accounts.recentPasswordHashes(a.id, sv.policy.historyDepth());
  std::optional<int> match;
  for (int i = 0; i < static_cast<int>(recent.size()) && !match; ++i)
    if (PasswordHash::verify(fresh, recent[static_cast<size_t>(i)])) match = i;
  if (sv.policy.reuseRefused(match)) {
    ctx.detail = "reuse";
    sendError(res, Error::PasswordReused, "This password was used recently. Choose one that differs from the last " +
                  std::to_string(sv.policy.historyDepth()) + ".");
    return;
  }
  sv.accounts.setPassword(a.id, PasswordHash::hash(fresh, sv.config.passwordIterations), Date::fromUnixSecondsJst(ctx.now),
                          false, ctx.now);
  // R-SES-2: every session of the account ends; this client gets a fresh one.
  sv.sessions.removeAll(a.id);
  const auto created = sv.sessions.create(a.id, ctx.now, ctx.sourceIp);
  setSessionCookie(res, created.token, sv.sessions.maxSeconds());
  res.set_content(describe(sv, a, ctx.now, created.csrfToken).dump(), "application/json");
}

}  // namespace

void registerSessionApi(Api& api) {
  Services& sv = api.services();
  api.route("POST", "/api/v1/session", Access::Open, {},
            [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) { login(sv, req, res, ctx); });
  api.route("GET", "/api/v1/session", Access::SessionPending, {},
            [&sv](const httplib::Request&, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "session.read";
              res.set_content(describe(sv, *ctx.account, ctx.now, ctx.session->csrfToken).dump(), "application/json");
            });
  api.route("DELETE", "/api/v1/session", Access::SessionPending, {},
            [&sv](const httplib::Request&, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "logout";
              sv.sessions.remove(ctx.token);
              setSessionCookie(res, "", 0);
              res.status = 204;
            });
  api.route("POST", "/api/v1/password", Access::SessionPending, {},
            [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              changePassword(sv, req, res, ctx);
            });
}

}  // namespace renkei::server
