// SPDX-License-Identifier: MIT
// DicomWebApi — DICOMweb (PS3.18) at /dicomweb: STOW-RS for hospital staff, QIDO-RS for studies,
// series and instances, WADO-RS for instances, metadata and frames with transfer-syntax negotiation.
// Every route is an Api route (session, role, one audit record) and every read passes the consent
// enforcement point (PatientAccess): a clinic user's searches contain only studies inside their
// consent scope, and anything else asked for directly is refused (404 outside every consent, 403
// before the look-back) and audited.
#pragma once

#include "server/api/Api.h"

namespace renkei::server {

class ImageStore;

void registerDicomWebApi(Api& api, ImageStore& store);
/// GET /api/v1/patients/{id}/studies: the app's view of a patient's studies with their reports.
void registerStudyApi(Api& api, ImageStore& store);

}  // namespace renkei::server
