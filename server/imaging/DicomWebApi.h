// SPDX-License-Identifier: MIT
// DicomWebApi — DICOMweb (PS3.18) at /dicomweb: STOW-RS for hospital staff (StowApi), QIDO-RS for
// studies, series and instances (QidoApi), WADO-RS for instances, metadata and frames with
// transfer-syntax negotiation (WadoApi), rendered pictures and thumbnails (RenderedApi).
// Every route is an Api route (session, role, one audit record) and every read passes the consent
// enforcement point (PatientAccess): a clinic user's searches contain only studies inside their
// consent scope, and anything else asked for directly is refused (404 outside every consent, 403
// before the look-back) and audited.
//
// This header is the entry point and what the handler files share; none of them sees DCMTK (that
// stays in DicomCodec, DicomJson, DicomInstance, Rendering and ImageStore).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "server/api/Api.h"

namespace renkei::server {

class DownloadLimit;
class ViewingVolume;
class ImageStore;

/// Registers every DICOMweb route.
void registerDicomWebApi(Api& api, ImageStore& store);

namespace dicomweb {

// ---- The handler files, in the order registerDicomWebApi registers them ----

void registerStow(Api& api, ImageStore& store);
void registerQido(Api& api, ImageStore& store);
void registerWado(Api& api, ImageStore& store, DownloadLimit& limit, ViewingVolume& volume);
void registerRendered(Api& api, ImageStore& store, DownloadLimit& limit);

// ---- Shared by the handlers ----

/// The study asked for, if the caller may see it: 404 for an unknown study and for one outside
/// every consent of the caller (the same answer), 403 for one dated before the look-back, or
/// undated for a caller whose scope is limited (fails closed).
StudyRow readableStudy(Services& sv, ImageStore& store, RequestContext& ctx, const std::string& uid);

/// An instance of a readable study (404 when it is not in that study and series).
InstanceRow readableInstance(Services& sv, ImageStore& store, RequestContext& ctx, const std::string& studyUid,
                             const std::string& seriesUid, const std::string& sopUid);

/// The stored file of an instance (std::runtime_error when it is missing).
std::string fileOf(ImageStore& store, const InstanceRow& i);

/// Frame numbers of a path ("1,3,5"): 400 unless 1, 2, … separated by commas, at most 1000.
std::vector<int> frameNumbers(const std::string& list);

/// A clinic user's download (an instance or a rendered picture) counted against the hourly limit.
void countDownload(DownloadLimit& limit, RequestContext& ctx);
/// Counts `bytes` of the series `seriesKey` a clinic user is about to be sent; throws the
/// viewing_limit refusal when it would open one series too many (ViewingVolume).
void countViewing(ViewingVolume& volume, RequestContext& ctx, const std::string& seriesKey, std::size_t bytes);

/// Answers DICOM JSON.
void sendJson(httplib::Response& res, const nlohmann::json& j);

}  // namespace dicomweb
}  // namespace renkei::server
