// SPDX-License-Identifier: MIT
// QidoApi — QIDO-RS (PS3.18 §10.6): searches for studies (matching on the index's attributes), and
// the series and instances of one study. A clinic user's study search holds only studies inside
// their consents' scope; the series and instances of a study are answered only for a readable study.
#include <nlohmann/json.hpp>

#include <initializer_list>
#include <optional>

#include "server/api/ErrorResponse.h"
#include "server/api/PatientAccess.h"
#include "server/api/QueryParams.h"
#include "server/api/Roles.h"
#include "server/imaging/DicomJson.h"
#include "server/imaging/DicomWebApi.h"
#include "server/imaging/ImageStore.h"

namespace renkei::server::dicomweb {
namespace {

using nlohmann::json;

const std::initializer_list<const char*> kStudyParams{
    "PatientID", "00100020", "StudyDate", "00080020", "ModalitiesInStudy", "00080061", "AccessionNumber", "00080050",
    "StudyInstanceUID", "0020000D", "limit", "offset", "includefield", "fuzzymatching"};

std::string either(const QueryParams& p, const char* keyword, const char* tag) {
  const std::string a = p.text(keyword, 64), b = p.text(tag, 64);
  if (!a.empty() && !b.empty() && a != b) throw Refusal(Error::BadRequest, std::string(keyword) + " is given twice with different values");
  return a.empty() ? b : a;
}

/// StudyDate as QIDO writes it: "20260101", "20260101-20261231", "-20261231", "20260101-".
void dateRange(const std::string& v, StudyQuery& q) {
  if (v.empty()) return;
  const auto dash = v.find('-');
  const auto parse = [](const std::string& s) -> std::optional<Date> {
    if (s.empty()) return std::nullopt;
    const auto d = Date::parse(s);
    if (!d || s.size() != 8) throw Refusal(Error::BadRequest, "StudyDate must be YYYYMMDD or a range YYYYMMDD-YYYYMMDD");
    return d;
  };
  if (dash == std::string::npos) {
    q.from = q.to = parse(v);
  } else {
    q.from = parse(v.substr(0, dash));
    q.to = parse(v.substr(dash + 1));
    if (!q.from && !q.to) throw Refusal(Error::BadRequest, "StudyDate range needs at least one end");
  }
}

}  // namespace

void registerQido(Api& api, ImageStore& store) {
  Services& sv = api.services();

  // QIDO-RS: studies. A clinic user's result holds only studies inside their consents' scope.
  api.route("GET", "/dicomweb/studies", Access::SessionOrToken, kAnyone,
            [&sv, &store](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "dicomweb.qido.studies";
              const QueryParams p(req, kStudyParams);
              if (ctx.account->role == "admin")
                throw Refusal(Error::Forbidden, "The liaison office does not see clinical data.", "clinical data: role admin");
              StudyQuery q;
              q.patientId = either(p, "PatientID", "00100020");
              q.accession = either(p, "AccessionNumber", "00080050");
              q.studyUid = either(p, "StudyInstanceUID", "0020000D");
              q.modality = either(p, "ModalitiesInStudy", "00080061");
              dateRange(either(p, "StudyDate", "00080020"), q);
              q.limit = p.integer("limit", 100, 1, 1000);
              q.offset = p.integer("offset", 0, 0, 1000000);
              if (const auto visible = PatientAccess(sv).visiblePatients(ctx)) {
                q.restricted = true;
                for (const PatientScope& s : *visible) {
                  q.among.push_back(s.patientId);
                  q.visibleFrom.push_back(s.visibleFrom);
                }
              }
              if (!q.patientId.empty()) ctx.patientId = q.patientId.substr(0, 64);
              // includefield: the fixed study attributes always; "all", PatientBirthDate (00100030) and
              // PatientSex (00100040) add those from the patient record. Other fields are not kept here.
              const std::string include = p.text("includefield", 200);
              const bool all = include.find("all") != std::string::npos;
              const bool birth = all || include.find("PatientBirthDate") != std::string::npos || include.find("00100030") != std::string::npos;
              const bool sex = all || include.find("PatientSex") != std::string::npos || include.find("00100040") != std::string::npos;
              const auto found = store.studies(q);
              json out = json::array();
              std::string shown;
              for (const StudyRow& s : found) {
                json j = studyJson(s);
                if (birth || sex) {
                  if (const auto patient = sv.patients.find(s.patientId)) {
                    if (birth) j["00100030"] = attr("DA", patient->birthDate ? da(patient->birthDate->iso()) : "");
                    if (sex) j["00100040"] = attr("CS", patient->sex == "U" ? "" : patient->sex);
                  }
                }
                out.push_back(std::move(j));
                shown += (shown.empty() ? "" : ",") + s.patientId;
              }
              ctx.detail = std::to_string(found.size()) + " studies; patients: " + shown.substr(0, 1000);
              sendJson(res, out);
            });

  api.route("GET", R"(/dicomweb/studies/([0-9.]+)/series)", Access::SessionOrToken, kAnyone,
            [&sv, &store](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "dicomweb.qido.series";
              QueryParams(req, {"limit", "offset", "includefield"});
              const StudyRow study = readableStudy(sv, store, ctx, req.matches[1]);
              json out = json::array();
              for (const SeriesRow& s : store.series(study.uid)) out.push_back(seriesJson(s));
              sendJson(res, out);
            });

  const auto instancesQuery = [&sv, &store](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
    ctx.action = "dicomweb.qido.instances";
    QueryParams(req, {"limit", "offset", "includefield"});
    const StudyRow study = readableStudy(sv, store, ctx, req.matches[1]);
    json out = json::array();
    for (const InstanceRow& i : store.instances(study.uid, req.matches.size() > 2 ? req.matches[2].str() : ""))
      out.push_back(instanceJson(i));
    sendJson(res, out);
  };
  api.route("GET", R"(/dicomweb/studies/([0-9.]+)/instances)", Access::SessionOrToken, kAnyone, instancesQuery);
  api.route("GET", R"(/dicomweb/studies/([0-9.]+)/series/([0-9.]+)/instances)", Access::SessionOrToken, kAnyone, instancesQuery);
}

}  // namespace renkei::server::dicomweb
