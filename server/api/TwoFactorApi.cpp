// SPDX-License-Identifier: MIT
#include "server/api/TwoFactorApi.h"
#include "server/api/ErrorResponse.h"

#include <nlohmann/json.hpp>

#include "server/api/JsonBody.h"
#include "server/http/WebServer.h"

namespace renkei::server {

void registerTwoFactorApi(Api& api) {
  Services& sv = api.services();
  api.route("POST", "/api/v1/totp/enrolment", Access::SessionPending, {},
            [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "totp.enrol";
              const JsonBody body(req.body.empty() ? "{}" : req.body, {});
              const TotpEnrolment e = sv.twoFactor.begin(ctx.account->id, ctx.now);
              // The secret is shown to its owner only, once per enrolment; it is never logged.
              res.set_content(nlohmann::json{{"secret", e.secretBase32},
                                             {"uri", e.uri},
                                             {"qr", {{"size", e.qrRows.size()}, {"rows", e.qrRows}}}}
                                  .dump(),
                              "application/json");
            });
  api.route("POST", "/api/v1/totp/confirm", Access::SessionPending, {},
            [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "totp.confirm";
              const JsonBody body(req.body, {"code"});
              const auto codes = sv.twoFactor.confirm(ctx.account->id, body.text("code", 32), ctx.now);
              if (!codes) {
                ctx.detail = "bad_totp";
                sendError(res, 422, Error::InvalidTotp, "The code does not match. Check the phone's clock and enter the current code.");
                return;
              }
              res.set_content(nlohmann::json{{"recovery_codes", *codes}}.dump(), "application/json");
            });
}

}  // namespace renkei::server
