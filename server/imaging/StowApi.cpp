// SPDX-License-Identifier: MIT
// StowApi — STOW-RS (PS3.18 §10.5): hospital staff send instances to /dicomweb/studies; each goes
// through ImageStore::store, and the answer lists what was stored and what was refused. An instance
// held for the liaison office (no usable Patient ID) is listed as stored, without a RetrieveURL.
#include <nlohmann/json.hpp>

#include <algorithm>

#include "server/api/ErrorResponse.h"
#include "server/api/QueryParams.h"
#include "server/api/Roles.h"
#include "server/imaging/DicomJson.h"
#include "server/imaging/DicomWebApi.h"
#include "server/imaging/ImageStore.h"
#include "server/imaging/Multipart.h"

namespace renkei::server::dicomweb {

using nlohmann::json;

namespace {

/// One refused instance of the answer's Failed SOP Sequence: its status and why.
json failedSop(int status, const std::string& reason) {
  return {{"00081197", attrInt("US", status)}, {"00081196", attr("LO", reason)}};
}

}  // namespace

void registerStow(Api& api, ImageStore& store) {
  // STOW-RS: hospital staff send instances (multipart/related; type="application/dicom", or one
  // application/dicom body). 200 all stored, 202 some refused, 409 none stored.
  api.route("POST", "/dicomweb/studies", Access::SessionOrToken, kStaff,
            [&store](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "dicomweb.stow";
              QueryParams(req, {});
              const std::string type = req.get_header_value("Content-Type");
              std::vector<MimePart> parts;
              if (mediaType(type) == "application/dicom") {
                parts.push_back({type, "", req.body});
              } else if (mediaType(type) == "multipart/related") {
                try {
                  parts = parseMultipart(req.body, type);
                } catch (const std::invalid_argument& e) {
                  throw Refusal(Error::BadRequest, std::string("the multipart body cannot be read: ") + e.what());
                }
              } else {
                throw Refusal(Error::UnsupportedMediaType, "Send multipart/related; type=\"application/dicom\".");
              }
              json referenced = json::array(), failed = json::array();
              std::vector<std::string> patients;
              int held = 0;
              for (const MimePart& p : parts) {
                const std::string pt = mediaType(p.contentType);
                if (!pt.empty() && pt != "application/dicom") {
                  failed.push_back(failedSop(0xC000, "a part that is not application/dicom"));
                  continue;
                }
                try {
                  const auto r = store.store(p.body, "stow:" + ctx.account->id, ctx.now);
                  json item{{"00081150", attr("UI", r.info.sopClassUid)}, {"00081155", attr("UI", r.info.sopUid)}};
                  if (r.heldReason.empty()) {
                    item["00081190"] = attr("UR", instanceUrl(r.info.studyUid, r.info.seriesUid, r.info.sopUid));
                    if (std::find(patients.begin(), patients.end(), r.info.patientId) == patients.end())
                      patients.push_back(r.info.patientId);
                  } else {
                    ++held;  // kept for the liaison office: not retrievable until it is filed under a patient
                  }
                  referenced.push_back(item);
                } catch (const DicomError& e) {
                  const int status = e.kind() == DicomError::Kind::TooLarge ? 0xA700 : e.kind() == DicomError::Kind::Unsupported ? 0xA900 : 0xC000;
                  failed.push_back(failedSop(status, e.what()));
                }
              }
              if (patients.size() == 1) ctx.patientId = patients[0];
              ctx.detail = std::to_string(referenced.size() - held) + " stored, " + std::to_string(held) + " held, " +
                           std::to_string(failed.size()) + " refused";
              if (!failed.empty()) ctx.detail += ": " + failed[0]["00081196"]["Value"][0].get<std::string>().substr(0, 200);
              json out = json::object();
              if (!referenced.empty()) out["00081199"] = {{"vr", "SQ"}, {"Value", referenced}};
              if (!failed.empty()) out["00081198"] = {{"vr", "SQ"}, {"Value", failed}};
              res.status = failed.empty() ? 200 : referenced.empty() ? 409 : 202;
              sendJson(res, out);
            },
            static_cast<std::size_t>(api.services().config.maxBodyBytes));
}

}  // namespace renkei::server::dicomweb
