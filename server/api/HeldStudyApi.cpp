// SPDX-License-Identifier: MIT
#include "server/api/HeldStudyApi.h"

#include <nlohmann/json.hpp>

#include "core/text/Trim.h"
#include "server/api/JsonBody.h"
#include "server/api/QueryParams.h"
#include "server/api/Roles.h"
#include "server/imaging/ImageStore.h"

namespace renkei::server {

using nlohmann::json;

namespace {

/// "19480512" → "1948-05-12"; anything that is not a date stays as sent.
std::string isoOrAsSent(const std::string& da) {
  const auto d = Date::parse(da);
  return d ? d->iso() : da;
}

/// A PN value kept as "Alphabetic=Ideographic=Phonetic": each group, and the name to show.
json personName(const std::string& pn) {
  PersonName n;
  std::string* groups[] = {&n.alphabetic, &n.ideographic, &n.phonetic};
  std::size_t g = 0, start = 0;
  for (std::size_t k = 0; k <= pn.size() && g < 3; ++k)
    if (k == pn.size() || pn[k] == '=') {
      *groups[g++] = pn.substr(start, k - start);
      start = k + 1;
    }
  return {{"display", n.display()}, {"alphabetic", n.alphabetic}, {"ideographic", n.ideographic}, {"phonetic", n.phonetic}};
}

/// What an instance says of its patient and study, as sent.
json saysJson(const HeldInstance& h) {
  return {{"patient", {{"id", h.patientId}, {"name", personName(h.patientName)}, {"birth_date", isoOrAsSent(h.patientBirthDate)},
                       {"sex", h.patientSex}}},
          {"study", {{"date", isoOrAsSent(h.studyDate)}, {"time", h.studyTime}, {"description", h.studyDescription},
                     {"accession", h.accession}}}};
}

json reconciledJson(const HeldInstance& h) {
  if (h.state == "held") return nullptr;
  return {{"by", h.reconciledBy}, {"at", h.reconciledAt}, {"patient_id", h.assignedPatient}, {"reason", h.note}};
}

json studyJson(const HeldStudy& s) {
  json j = saysJson(s.first);
  j["study_uid"] = s.first.studyUid;
  j["state"] = s.first.state;
  j["reason"] = s.first.reason;
  j["modalities"] = s.modalities;
  j["series"] = s.series;
  j["instances"] = s.instances;
  j["sources"] = s.sources;
  j["received_at"] = s.first.receivedAt;
  j["last_received_at"] = s.lastReceivedAt;
  j["reconciled"] = reconciledJson(s.first);
  return j;
}

json instanceJson(const HeldInstance& h) {
  json j = saysJson(h);
  j["sop_uid"] = h.sopUid;
  j["series_uid"] = h.seriesUid;
  j["sop_class"] = h.sopClass;
  j["transfer_syntax"] = h.transferSyntax;
  j["modality"] = h.modality;
  j["bytes"] = h.bytes;
  j["sha256"] = h.sha256;
  j["source"] = h.source;
  j["received_at"] = h.receivedAt;
  j["reason"] = h.reason;
  j["state"] = h.state;
  j["reconciled"] = reconciledJson(h);
  return j;
}

/// A Study Instance UID from the path (digits and dots, at most 64).
std::string studyUid(const std::string& s) {
  if (s.empty() || s.size() > 64 || s.find_first_not_of("0123456789.") != std::string::npos)
    throw Refusal(Error::UnknownHeldStudy, "No such held study.");
  return s;
}

}  // namespace

void registerHeldStudyApi(Api& api, ImageStore& store) {
  api.route("GET", "/api/v1/admin/held-studies", Access::Session, kOffice,
            [&store](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "held.list";
              const QueryParams q(req, {"state", "limit", "offset"});
              std::string state = q.text("state", 16);
              if (state.empty()) state = "held";
              if (state != "held" && state != "assigned" && state != "discarded")
                throw Refusal(Error::BadRequest, "parameter 'state' must be held, assigned or discarded");
              const int limit = q.integer("limit", 100, 1, 1000), offset = q.integer("offset", 0, 0, 1000000000);
              json out = json::array();
              for (const HeldStudy& s : store.held().studies(state, limit, offset)) out.push_back(studyJson(s));
              ctx.detail = std::to_string(out.size()) + " " + state + " studies";
              res.set_content(json{{"studies", out}, {"state", state}, {"limit", limit}, {"offset", offset}}.dump(),
                              "application/json");
            });

  api.route("GET", R"(/api/v1/admin/held-studies/([^/]+))", Access::Session, kOffice,
            [&store](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "held.study";
              QueryParams(req, {});
              const std::string uid = studyUid(req.matches[1]);
              json instances = json::array();
              for (const char* state : {"held", "assigned", "discarded"})
                for (const HeldInstance& h : store.held().instances(uid, state)) instances.push_back(instanceJson(h));
              if (instances.empty()) throw Refusal(Error::UnknownHeldStudy, "No such held study.");
              ctx.detail = "study " + uid + ": " + std::to_string(instances.size()) + " instances";
              res.set_content(json{{"study_uid", uid}, {"instances", instances}}.dump(), "application/json");
            });

  api.route("POST", R"(/api/v1/admin/held-studies/([^/]+)/assignment)", Access::Session, kOffice,
            [&store](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "held.assign";
              const std::string uid = studyUid(req.matches[1]);
              const JsonBody body(req.body, {"patient_id"});
              const std::string patient = body.text("patient_id", 32);
              ctx.patientId = patient;
              const auto held = store.held().instances(uid);
              const std::string said = held.empty() ? "" : "sent as id '" + held[0].patientId + "', name '" +
                                                              personName(held[0].patientName)["display"].get<std::string>() + "'";
              ctx.detail = "study " + uid + " to " + patient;  // the refusal's reason is added if it fails
              const int filed = store.fileHeldStudy(uid, patient, ctx.account->id, ctx.now);
              ctx.detail = "study " + uid + ": " + std::to_string(filed) + " instances filed under " + patient + " (" + said +
                           "; held for " + held[0].reason + ")";
              res.set_content(json{{"study_uid", uid}, {"patient_id", patient}, {"instances_filed", filed}}.dump(),
                              "application/json");
            });

  api.route("POST", R"(/api/v1/admin/held-studies/([^/]+)/discard)", Access::Session, kOffice,
            [&store](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "held.discard";
              const std::string uid = studyUid(req.matches[1]);
              const JsonBody body(req.body, {"reason"});
              const std::string reason = body.text("reason", 500);
              if (text::isBlank(reason)) throw Refusal(Error::BadRequest, "field 'reason' must not be empty");
              const int discarded = store.held().discard(uid, ctx.account->id, reason, ctx.now);
              if (discarded == 0) throw Refusal(Error::UnknownHeldStudy, "No study " + uid + " is held.");
              ctx.detail = "study " + uid + ": " + std::to_string(discarded) + " instances discarded: " + reason;
              res.set_content(json{{"study_uid", uid}, {"instances_discarded", discarded}}.dump(), "application/json");
            });
}

}  // namespace renkei::server
