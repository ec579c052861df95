// SPDX-License-Identifier: MIT
#include "server/api/ConsentApi.h"

#include "core/text/Trim.h"

#include <nlohmann/json.hpp>

#include <charconv>

#include "server/api/ConsentJson.h"
#include "server/api/ErrorResponse.h"
#include "server/api/JsonBody.h"
#include "server/api/QueryParams.h"
#include "server/api/Roles.h"
#include "server/records/StoredFile.h"

namespace renkei::server {
namespace {

using nlohmann::json;

std::string formField(const httplib::Request& req, const char* name, std::size_t max) {
  if (!req.has_file(name)) throw Refusal(Error::BadRequest, std::string("form field '") + name + "' is required");
  std::string v = req.get_file_value(name).content;
  if (v.size() > max) throw Refusal(Error::BadRequest, std::string("form field '") + name + "' is too long");
  return v;
}

std::int64_t consentId(const std::string& s) {
  std::int64_t id = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc() || p != s.data() + s.size() || id <= 0) throw Refusal(Error::UnknownConsent, "No such consent.");
  return id;
}

}  // namespace

void registerConsentApi(Api& api) {
  Services& sv = api.services();
  api.route("GET", "/api/v1/admin/consents", Access::Session, kOffice,
            [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "consent.list";
              const QueryParams params(req, {"patient", "limit", "offset"});
              const std::string patient = params.text("patient", 32);
              std::vector<StoredConsent> list;
              if (!patient.empty()) {
                ctx.patientId = patient;
                list = sv.consents.forPatient(patient);
              } else {
                list = sv.consents.all(params.integer("limit", 100, 1, 500), params.integer("offset", 0, 0, 1000000));
              }
              json out = json::array();
              for (const StoredConsent& c : list) out.push_back(consentJson(c, true));
              res.set_content(json{{"consents", out}}.dump(), "application/json");
            });

  // multipart/form-data: patient_id, grantee_kind (clinic|doctor), grantee_id, signed_on, scan (the file).
  api.route("POST", "/api/v1/admin/consents", Access::Session, kOffice,
            [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "consent.record";
              if (!req.is_multipart_form_data())
                throw Refusal(Error::BadRequest, "send multipart/form-data with patient_id, grantee_kind, grantee_id, signed_on and scan");
              for (const auto& [name, part] : req.files)
                if (name != "patient_id" && name != "grantee_kind" && name != "grantee_id" && name != "signed_on" && name != "scan")
                  throw Refusal(Error::BadRequest, "unknown form field '" + name + "'");
              const std::string patient = formField(req, "patient_id", 32);
              ctx.patientId = patient;
              const std::string kind = formField(req, "grantee_kind", 10);
              if (kind != "clinic" && kind != "doctor") throw Refusal(Error::BadRequest, "form field 'grantee_kind' must be clinic or doctor");
              const std::string grantee = formField(req, "grantee_id", 32);
              const std::string date = formField(req, "signed_on", 10);
              const auto signedOn = Date::parse(date);
              if (!signedOn || date.size() != 10) throw Refusal(Error::BadRequest, "form field 'signed_on' must be a date YYYY-MM-DD");
              if (!req.has_file("scan")) throw Refusal(Error::BadRequest, "form field 'scan' (the scanned form) is required");
              const StoredConsent c = sv.consents.record(
                  patient, kind == "doctor" ? ConsentGrantee::Doctor : ConsentGrantee::Clinic, grantee, *signedOn,
                  req.get_file_value("scan").content, ctx.account->id, Date::fromUnixSecondsJst(ctx.now), ctx.now);
              ctx.detail = "consent " + std::to_string(c.id) + " for " + kind + " " + grantee + " signed " + date;
              res.status = 201;
              res.set_content(consentJson(c, true).dump(), "application/json");
            },
            Api::kUploadBodyBytes);

  api.route("POST", R"(/api/v1/admin/consents/([^/]+)/withdrawal)", Access::Session, kOffice,
            [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "consent.withdraw";
              const JsonBody body(req.body, {"withdrawn_on", "reason"});
              const Date today = Date::fromUnixSecondsJst(ctx.now);
              Date on = today;
              if (const auto d = body.optionalText("withdrawn_on", 10)) {
                const auto parsed = Date::parse(*d);
                if (!parsed || d->size() != 10) throw Refusal(Error::BadRequest, "field 'withdrawn_on' must be a date YYYY-MM-DD");
                on = *parsed;
              }
              const std::string reason = body.text("reason", 500);
              if (text::isBlank(reason)) throw Refusal(Error::BadRequest, "field 'reason' must not be empty");
              const std::int64_t id = consentId(req.matches[1]);
              if (const auto c = sv.consents.find(id)) ctx.patientId = c->patientId;
              const StoredConsent c = sv.consents.withdraw(id, on, reason, ctx.account->id, today, ctx.now);
              ctx.detail = "consent " + std::to_string(id) + " withdrawn on " + on.iso() + ": " + reason;
              res.set_content(consentJson(c, true).dump(), "application/json");
            });

  api.route("GET", R"(/api/v1/admin/consents/([^/]+)/scan)", Access::Session, kOffice,
            [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "consent.scan";
              const auto c = sv.consents.find(consentId(req.matches[1]));
              if (!c) throw Refusal(Error::UnknownConsent, "No such consent.");
              ctx.patientId = c->patientId;
              const auto content = readStoredFile(sv.consents.scanPath(*c));
              if (!content) throw Refusal(Error::ScanMissing, "The scan's file is missing on the server.");
              ctx.detail = "consent " + std::to_string(c->id);
              res.set_header("Content-Disposition", "inline; filename=\"consent-" + std::to_string(c->id) + extensionFor(c->scanType) + "\"");
              res.set_content(*content, c->scanType.c_str());
            });
}

}  // namespace renkei::server
