// SPDX-License-Identifier: MIT
#include "server/api/TokenApi.h"

#include "core/text/Trim.h"

#include <nlohmann/json.hpp>

#include <charconv>

#include "server/api/ErrorResponse.h"
#include "server/api/JsonBody.h"
#include "server/api/QueryParams.h"
#include "server/api/Roles.h"

namespace renkei::server {
namespace {

using nlohmann::json;

json tokenJson(const ApiToken& t) {
  const auto opt = [](const std::optional<std::int64_t>& v) { return v ? json(*v) : json(); };
  return {{"id", t.id},
          {"name", t.name},
          {"created_at", t.createdAt},
          {"expires_at", t.expiresAt},
          {"last_used_at", opt(t.lastUsedAt)},
          {"revoked_at", opt(t.revokedAt)}};
}

}  // namespace

void registerTokenApi(Api& api) {
  Services& sv = api.services();
  api.route("GET", "/api/v1/tokens", Access::Session, kClinical,
            [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "token.list";
              QueryParams(req, {});
              json out = json::array();
              for (const ApiToken& t : sv.tokens.list(ctx.account->id)) out.push_back(tokenJson(t));
              res.set_content(json{{"tokens", out}}.dump(), "application/json");
            });
  api.route("POST", "/api/v1/tokens", Access::Session, kClinical,
            [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "token.create";
              const JsonBody body(req.body, {"name", "days"});
              const std::string name = body.text("name", 80);
              if (text::isBlank(name)) throw Refusal(Error::BadRequest, "field 'name' must say what the token is for");
              const int days = body.optionalInteger("days", 1, ApiTokens::kMaxDays).value_or(30);
              const auto c = sv.tokens.create(ctx.account->id, name, days, ctx.now);
              ctx.detail = "token " + std::to_string(c.token.id) + " (" + name.substr(0, 80) + "), " + std::to_string(days) + " days";
              json j = tokenJson(c.token);
              j["token"] = c.secret;  // shown this once
              res.status = 201;
              res.set_content(j.dump(), "application/json");
            });
  api.route("DELETE", R"(/api/v1/tokens/([0-9]+))", Access::Session, kClinical,
            [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "token.revoke";
              const std::string s = req.matches[1];
              std::int64_t id = 0;
              std::from_chars(s.data(), s.data() + std::min<std::size_t>(s.size(), 18), id);
              ctx.detail = "token " + std::to_string(id);
              if (!sv.tokens.revoke(ctx.account->id, id, ctx.now)) throw Refusal(Error::UnknownToken, "No such token of yours.");
              res.status = 204;
            });
}

}  // namespace renkei::server
