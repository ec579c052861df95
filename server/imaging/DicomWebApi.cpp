// SPDX-License-Identifier: MIT
#include "server/imaging/DicomWebApi.h"

#include <charconv>

#include "server/api/ErrorResponse.h"
#include "server/api/PatientAccess.h"
#include "server/imaging/DicomJson.h"
#include "server/imaging/DownloadLimit.h"
#include "server/imaging/ViewingVolume.h"
#include "server/imaging/ImageStore.h"
#include "server/records/StoredFile.h"

namespace renkei::server {

void registerDicomWebApi(Api& api, ImageStore& store) {
  static DownloadLimit limit(api.services().config.downloadsPerHour);  // one per server process
  static ViewingVolume volume(api.services().config.seriesPerHour,
                              static_cast<std::uint64_t>(api.services().config.viewMegabytesPerHour) << 20);
  dicomweb::registerStow(api, store);
  dicomweb::registerQido(api, store);
  dicomweb::registerWado(api, store, limit, volume);
  dicomweb::registerRendered(api, store, limit);
}

namespace dicomweb {

// ---- The consent check for one study ----

StudyRow readableStudy(Services& sv, ImageStore& store, RequestContext& ctx, const std::string& uid) {
  ctx.detail = "study " + uid.substr(0, 64);
  if (ctx.account->role == "admin")  // before the look-up: the office learns nothing of which studies exist
    throw Refusal(Error::Forbidden, "The liaison office does not see clinical data.", "clinical data: role admin");
  const auto study = store.study(uid);
  if (!study) throw Refusal(Error::UnknownStudy, "No such study.");
  PatientAccess access(sv);
  try {
    const PatientScope scope = access.open(ctx, study->patientId, Purpose::Clinical);
    if (const auto d = study->date()) access.requireItem(ctx, scope, *d);
    else if (scope.limited)
      throw Refusal(Error::OutsideConsentPeriod, "This study has no date inside the period the consent covers.",
                     "consent: undated study");
  } catch (const Refusal& e) {
    if (httpStatus(e.error()) != 404) throw;
    throw Refusal(Error::UnknownStudy, "No such study.", e.auditDetail());
  }
  return *study;
}

InstanceRow readableInstance(Services& sv, ImageStore& store, RequestContext& ctx, const std::string& studyUid,
                             const std::string& seriesUid, const std::string& sopUid) {
  readableStudy(sv, store, ctx, studyUid);
  const auto inst = store.instance(sopUid);
  if (!inst || inst->studyUid != studyUid || inst->seriesUid != seriesUid) throw Refusal(Error::UnknownInstance, "No such instance.");
  ctx.detail = "instance " + sopUid;
  return *inst;
}

std::string fileOf(ImageStore& store, const InstanceRow& i) {
  auto bytes = readStoredFile(store.pathOf(i));
  if (!bytes) throw std::runtime_error("the stored file of " + i.sopUid + " is missing");
  return std::move(*bytes);
}

std::vector<int> frameNumbers(const std::string& list) {
  std::vector<int> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    const auto p = list.find(',', start);
    const std::string n = list.substr(start, p == std::string::npos ? std::string::npos : p - start);
    int v = 0;
    const auto [q, ec] = std::from_chars(n.data(), n.data() + n.size(), v);
    if (ec != std::errc() || q != n.data() + n.size() || v < 1) throw Refusal(Error::BadRequest, "frame numbers are 1, 2, … separated by commas");
    out.push_back(v);
    if (out.size() > 1000) throw Refusal(Error::BadRequest, "at most 1000 frames per request");
    if (p == std::string::npos) break;
    start = p + 1;
  }
  return out;
}

// ---- Purpose limitation ----

void countDownload(DownloadLimit& limit, RequestContext& ctx) {
  if (ctx.account->role != "clinic") return;
  if (const std::int64_t wait = limit.take(ctx.account->id, ctx.now); wait > 0)
    throw Refusal(Error::DownloadLimit,
                   "Too many downloads in the last hour; viewing is not limited. Try again in " + std::to_string((wait + 59) / 60) +
                       " minutes.",
                   "download limit reached");
}

void countViewing(ViewingVolume& volume, RequestContext& ctx, const std::string& seriesKey, std::size_t bytes) {
  if (ctx.account->role != "clinic") return;
  const ViewingVolume::Verdict v = volume.take(ctx.account->id, seriesKey, bytes, ctx.now);
  if (!v.allowed)
    throw Refusal(Error::ViewingLimit,
                  "You have opened " + std::to_string(v.series) + " series (" + std::to_string(v.bytes >> 20) +
                      " MiB) in the last hour: no further series until " + std::to_string((v.retryAfter + 59) / 60) +
                      " minutes from now. The series already open stay readable.",
                  "viewing limit: " + std::to_string(v.series) + " series, " + std::to_string(v.bytes >> 20) + " MiB this hour");
}

void sendJson(httplib::Response& res, const nlohmann::json& j) { res.set_content(j.dump(), kDicomJson); }

}  // namespace dicomweb
}  // namespace renkei::server
