// SPDX-License-Identifier: MIT
#include "server/api/ConsentApi.h"

#include <nlohmann/json.hpp>

#include <charconv>

#include "server/api/ApiError.h"
#include "server/api/JsonBody.h"
#include "server/api/QueryParams.h"
#include "server/records/StoredFile.h"

namespace renkei::server {
namespace {

using nlohmann::json;

json consentJson(const StoredConsent& c) {
  return {{"id", c.id},
          {"patient_id", c.patientId},
          {"grantee_kind", c.consent.grantee == ConsentGrantee::Doctor ? "doctor" : "clinic"},
          {"grantee_id", c.consent.granteeId},
          {"signed_on", c.consent.signedOn.iso()},
          {"visible_from", ConsentScope::lookBackStart(c.consent.signedOn).iso()},
          {"withdrawn_on", c.consent.withdrawnOn ? json(c.consent.withdrawnOn->iso()) : json()},
          {"withdrawal_reason", c.withdrawalReason},
          {"recorded_by", c.recordedBy},
          {"recorded_at", c.recordedAt},
          {"scan", {{"media_type", c.scanType}, {"bytes", c.scanBytes}, {"sha256", c.scanSha256},
                    {"url", "/api/v1/admin/consents/" + std::to_string(c.id) + "/scan"}}}};
}

std::string formField(const httplib::Request& req, const char* name, std::size_t max) {
  if (!req.has_file(name)) throw BadRequest(std::string("form field '") + name + "' is required");
  std::string v = req.get_file_value(name).content;
  if (v.size() > max) throw BadRequest(std::string("form field '") + name + "' is too long");
  return v;
}

std::int64_t consentId(const std::string& s) {
  std::int64_t id = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc() || p != s.data() + s.size() || id <= 0) throw ApiError(404, "unknown_consent", "No such consent.");
  return id;
}

}  // namespace

void registerConsentApi(Api& api) {
  Services& sv = api.services();
  const std::vector<std::string> office{"admin"};

  api.route("GET", "/api/v1/admin/consents", Access::Session, office,
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
              for (const StoredConsent& c : list) out.push_back(consentJson(c));
              res.set_content(json{{"consents", out}}.dump(), "application/json");
            });

  // multipart/form-data: patient_id, grantee_kind (clinic|doctor), grantee_id, signed_on, scan (the file).
  api.route("POST", "/api/v1/admin/consents", Access::Session, office,
            [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "consent.record";
              if (!req.is_multipart_form_data())
                throw BadRequest("send multipart/form-data with patient_id, grantee_kind, grantee_id, signed_on and scan");
              for (const auto& [name, part] : req.files)
                if (name != "patient_id" && name != "grantee_kind" && name != "grantee_id" && name != "signed_on" && name != "scan")
                  throw BadRequest("unknown form field '" + name + "'");
              const std::string patient = formField(req, "patient_id", 32);
              ctx.patientId = patient;
              const std::string kind = formField(req, "grantee_kind", 10);
              if (kind != "clinic" && kind != "doctor") throw BadRequest("form field 'grantee_kind' must be clinic or doctor");
              const std::string grantee = formField(req, "grantee_id", 32);
              const std::string date = formField(req, "signed_on", 10);
              const auto signedOn = Date::parse(date);
              if (!signedOn || date.size() != 10) throw BadRequest("form field 'signed_on' must be a date YYYY-MM-DD");
              if (!req.has_file("scan")) throw BadRequest("form field 'scan' (the scanned form) is required");
              const StoredConsent c = sv.consents.record(
                  patient, kind == "doctor" ? ConsentGrantee::Doctor : ConsentGrantee::Clinic, grantee, *signedOn,
                  req.get_file_value("scan").content, ctx.account->id, Date::fromUnixSecondsJst(ctx.now), ctx.now);
              ctx.detail = "consent " + std::to_string(c.id) + " for " + kind + " " + grantee + " signed " + date;
              res.status = 201;
              res.set_content(consentJson(c).dump(), "application/json");
            });

  api.route("POST", R"(/api/v1/admin/consents/([^/]+)/withdrawal)", Access::Session, office,
            [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "consent.withdraw";
              const JsonBody body(req.body, {"withdrawn_on", "reason"});
              const Date today = Date::fromUnixSecondsJst(ctx.now);
              Date on = today;
              if (const auto d = body.optionalText("withdrawn_on", 10)) {
                const auto parsed = Date::parse(*d);
                if (!parsed || d->size() != 10) throw BadRequest("field 'withdrawn_on' must be a date YYYY-MM-DD");
                on = *parsed;
              }
              const std::string reason = body.text("reason", 500);
              if (reason.find_first_not_of(" \t") == std::string::npos) throw BadRequest("field 'reason' must not be empty");
              const std::int64_t id = consentId(req.matches[1]);
              if (const auto c = sv.consents.find(id)) ctx.patientId = c->patientId;
              const StoredConsent c = sv.consents.withdraw(id, on, reason, ctx.account->id, today, ctx.now);
              ctx.detail = "consent " + std::to_string(id) + " withdrawn on " + on.iso() + ": " + reason;
              res.set_content(consentJson(c).dump(), "application/json");
            });

  api.route("GET", R"(/api/v1/admin/consents/([^/]+)/scan)", Access::Session, office,
            [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "consent.scan";
              const auto c = sv.consents.find(consentId(req.matches[1]));
              if (!c) throw ApiError(404, "unknown_consent", "No such consent.");
              ctx.patientId = c->patientId;
              const auto content = readStoredFile(sv.consents.scanPath(*c));
              if (!content) throw ApiError(500, "scan_missing", "The scan's file is missing on the server.");
              ctx.detail = "consent " + std::to_string(c->id);
              res.set_header("Content-Disposition", "inline; filename=\"consent-" + std::to_string(c->id) + extensionFor(c->scanType) + "\"");
              res.set_content(*content, c->scanType.c_str());
            });
}

}  // namespace renkei::server
