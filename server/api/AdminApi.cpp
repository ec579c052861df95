// SPDX-License-Identifier: MIT
#include "server/api/AdminApi.h"

#include "core/text/Trim.h"

#include <nlohmann/json.hpp>

#include <cctype>

#include "server/api/JsonBody.h"
#include "server/api/Roles.h"
#include "server/auth/PasswordHash.h"
#include "server/crypto/Digest.h"
#include "server/http/WebServer.h"

namespace renkei::server {
namespace {

using nlohmann::json;
using Handler = Api::Handler;

/// Log-in ids and facility ids: 3–32 of a–z, 0–9, '.', '_', '-', starting with a letter or digit.
std::string identifier(const JsonBody& body, const char* field) {
  const std::string v = body.text(field, 32);
  bool ok = v.size() >= 3 && std::isalnum(static_cast<unsigned char>(v[0])) != 0;
  for (const char c : v) ok &= (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  if (!ok) throw Refusal(Error::BadRequest, std::string("field '") + field + "' must be 3–32 characters: a–z, 0–9, '.', '_', '-'");
  return v;
}

std::string nonEmpty(const JsonBody& body, const char* field, std::size_t max) {
  std::string v = body.text(field, max);
  if (text::isBlank(v))
    throw Refusal(Error::BadRequest, std::string("field '") + field + "' must not be empty");
  return v;
}

std::optional<std::string> role(const JsonBody& body) {
  auto r = body.optionalText("role", 16);
  if (r && !isRole(*r))
    throw Refusal(Error::BadRequest, "field 'role' must be clinic, staff or admin");
  return r;
}

std::optional<Date> date(const JsonBody& body, const char* field) {
  const auto v = body.optionalText(field, 10);
  if (!v) return std::nullopt;
  const auto d = Date::parse(*v);
  if (!d) throw Refusal(Error::BadRequest, std::string("field '") + field + "' must be a date YYYY-MM-DD");
  return d;
}

json facilityJson(const Facility& f) {
  return {{"id", f.id}, {"name", f.name}, {"kind", f.kind}, {"address", f.address},
          {"institution_code", f.institutionCode}, {"active", f.active}};
}

json accountJson(Services& sv, const Account& a, std::int64_t now) {
  json j{{"id", a.id},
         {"name", a.name},
         {"role", a.role},
         {"facility", a.facilityId},
         {"licence_number", a.licenceNumber},
         {"setup_visit_on", a.setupVisitOn ? json(a.setupVisitOn->iso()) : json()},
         {"training_done_on", a.trainingDoneOn ? json(a.trainingDoneOn->iso()) : json()},
         {"status", a.status},
         {"two_factor", sv.twoFactor.enrolled(a.id)}};
  if (const auto pw = sv.accounts.currentPassword(a.id)) {
    const auto st = sv.policy.status(pw->setOn, pw->temporary, Date::fromUnixSecondsJst(now));
    static const char* names[] = {"ok", "warning", "must_change", "expired"};
    j["password"] = {{"state", names[static_cast<int>(st.state)]}, {"expires_on", st.expiresOn.iso()}};
  }
  return j;
}

Account existing(Services& sv, const std::string& id) {
  auto a = sv.accounts.account(id);
  if (!a) throw Refusal(Error::NotFound, "no account '" + id + "'");
  return *a;
}

/// Issues a temporary password (R-PW-4): shown once in the answer, valid 7 days, must be changed.
std::string issueTemporaryPassword(Services& sv, const std::string& id, std::int64_t now) {
  const std::string password = randomPassword(16);
  sv.accounts.setPassword(id, PasswordHash::hash(password, sv.config.passwordIterations), Date::fromUnixSecondsJst(now),
                          true, now);
  return password;
}

void created(httplib::Response& res, const json& j) {
  res.status = 201;
  res.set_content(j.dump(), "application/json");
}

}  // namespace

void registerAdminApi(Api& api) {
  Services& sv = api.services();
  const auto route = [&](const char* method, const char* pattern, Handler h) {
    api.route(method, pattern, Access::Session, kOffice, std::move(h));
  };

  route("GET", "/api/v1/admin/facilities", [&sv](const httplib::Request&, httplib::Response& res, RequestContext& ctx) {
    ctx.action = "facility.list";
    json list = json::array();
    for (const Facility& f : sv.accounts.facilities()) list.push_back(facilityJson(f));
    res.set_content(json{{"facilities", list}}.dump(), "application/json");
  });

  route("POST", "/api/v1/admin/facilities", [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
    ctx.action = "facility.create";
    const JsonBody body(req.body, {"id", "name", "kind", "address", "institution_code"});
    Facility f{identifier(body, "id"), nonEmpty(body, "name", 200), body.optionalText("kind", 16).value_or("clinic"),
               body.optionalText("address", 400).value_or(""), body.optionalText("institution_code", 10).value_or(""), true};
    if (f.kind != "clinic" && f.kind != "hospital") throw Refusal(Error::BadRequest, "field 'kind' must be clinic or hospital");
    if (!f.institutionCode.empty() &&
        (f.institutionCode.size() != 10 || f.institutionCode.find_first_not_of("0123456789") != std::string::npos))
      throw Refusal(Error::BadRequest, "field 'institution_code' must be the 10-digit medical institution code");
    ctx.detail = f.id;
    sv.accounts.createFacility(f, ctx.now);
    created(res, facilityJson(f));
  });

  route("POST", R"(/api/v1/admin/facilities/([a-z0-9._-]+)/withdrawal)",
        [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
          ctx.action = "facility.withdraw";
          const JsonBody body(req.body, {"reason"});
          const std::string reason = nonEmpty(body, "reason", 500);
          const auto ids = sv.accounts.deactivateFacility(req.matches[1], ctx.now);
          for (const auto& id : ids) sv.sessions.removeAll(id);
          ctx.detail = reason + " (" + std::to_string(ids.size()) + " accounts deactivated)";
          res.set_content(json{{"facility", req.matches[1]}, {"accounts_deactivated", ids}}.dump(), "application/json");
        });

  route("GET", "/api/v1/admin/users", [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
    ctx.action = "account.list";
    for (const auto& [key, value] : req.params)
      if (key != "facility") throw Refusal(Error::BadRequest, "unknown parameter '" + key + "'");
    json list = json::array();
    for (const Account& a : sv.accounts.accounts(req.get_param_value("facility"))) list.push_back(accountJson(sv, a, ctx.now));
    res.set_content(json{{"users", list}}.dump(), "application/json");
  });

  route("POST", "/api/v1/admin/users", [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
    ctx.action = "account.create";
    const JsonBody body(req.body, {"id", "name", "role", "facility", "licence_number", "setup_visit_on", "training_done_on"});
    Account a;
    a.id = identifier(body, "id");
    a.name = nonEmpty(body, "name", 100);
    a.role = role(body).value_or("");
    if (a.role.empty()) throw Refusal(Error::BadRequest, "field 'role' is required");
    a.facilityId = body.text("facility", 32);
    a.licenceNumber = body.optionalText("licence_number", 32).value_or("");
    if (a.role == "clinic" && normaliseLicence(a.licenceNumber).empty())
      throw Refusal(Error::BadRequest, "field 'licence_number' is required for clinic doctors");
    a.setupVisitOn = date(body, "setup_visit_on");
    a.trainingDoneOn = date(body, "training_done_on");
    a.status = "active";
    ctx.detail = a.id;
    sv.accounts.createAccount(a, ctx.now);
    const std::string password = issueTemporaryPassword(sv, a.id, ctx.now);
    json j = accountJson(sv, *sv.accounts.account(a.id), ctx.now);
    j["temporary_password"] = password;  // shown once, to the office, to hand over in person
    created(res, j);
  });

  route("PATCH", R"(/api/v1/admin/users/([a-z0-9._-]+))",
        [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
          ctx.action = "account.update";
          const JsonBody body(req.body, {"name", "role", "setup_visit_on", "training_done_on"});
          const Account before = existing(sv, req.matches[1]);
          const auto name = body.optionalText("name", 100);
          const auto newRole = role(body);
          const auto setup = date(body, "setup_visit_on"), training = date(body, "training_done_on");
          if (before.status == "revoked") throw Refusal(Error::Revoked, "a revoked account cannot be changed");
          sv.accounts.updateAccount(before.id, name, newRole);
          if (setup || training) sv.accounts.recordEnrolment(before.id, setup, training);
          // A new role takes effect at the next log-in: the person's sessions end now.
          if (newRole && *newRole != before.role) sv.sessions.removeAll(before.id);
          ctx.detail = before.id + (newRole && *newRole != before.role ? " role " + before.role + "→" + *newRole : "") +
                       (training ? " training " + training->iso() : "");
          res.set_content(accountJson(sv, existing(sv, before.id), ctx.now).dump(), "application/json");
        });

  route("POST", R"(/api/v1/admin/users/([a-z0-9._-]+)/password)",
        [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
          ctx.action = "password.reissue";
          const Account a = existing(sv, req.matches[1]);
          // A revoked person never gets a password again; a deactivated account is reactivated first.
          if (a.status == "revoked") throw Refusal(Error::Revoked, "a revoked account cannot be changed");
          if (a.status != "active") throw Refusal(Error::AlreadyInactive, "the account is " + a.status + ": reactivate it first");
          const std::string password = issueTemporaryPassword(sv, a.id, ctx.now);
          const int ended = sv.sessions.removeAll(a.id);
          ctx.detail = a.id + ", sessions ended: " + std::to_string(ended);
          json j = accountJson(sv, *sv.accounts.account(a.id), ctx.now);
          j["temporary_password"] = password;
          res.set_content(j.dump(), "application/json");
        });

  route("DELETE", R"(/api/v1/admin/users/([a-z0-9._-]+)/totp)",
        [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
          ctx.action = "totp.reset";
          const Account a = existing(sv, req.matches[1]);
          const bool had = sv.twoFactor.reset(a.id);
          const int ended = sv.sessions.removeAll(a.id);
          ctx.detail = a.id + (had ? "" : " (nothing to reset)") + ", sessions ended: " + std::to_string(ended);
          res.set_content(accountJson(sv, a, ctx.now).dump(), "application/json");
        });

  route("POST", R"(/api/v1/admin/users/([a-z0-9._-]+)/(deactivation|reactivation|revocation))",
        [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
          const std::string what = req.matches[2];
          const JsonBody body(req.body, {"reason"});
          const std::string reason = nonEmpty(body, "reason", 500);
          const Account a = existing(sv, req.matches[1]);
          if (what == "revocation") {
            ctx.action = "account.revoke";
            if (a.id == ctx.account->id) throw Refusal(Error::Self, "you cannot revoke your own account");
            sv.accounts.revoke(a.id, reason, ctx.now);
          } else {
            ctx.action = what == "deactivation" ? "account.deactivate" : "account.reactivate";
            if (a.id == ctx.account->id) throw Refusal(Error::Self, "you cannot deactivate your own account");
            sv.accounts.setStatus(a.id, what == "deactivation" ? "deactivated" : "active", ctx.now);
          }
          const int ended = sv.sessions.removeAll(a.id);
          ctx.detail = a.id + ": " + reason + ", sessions ended: " + std::to_string(ended);
          res.set_content(accountJson(sv, existing(sv, a.id), ctx.now).dump(), "application/json");
        });
}

}  // namespace renkei::server
