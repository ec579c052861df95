// SPDX-License-Identifier: MIT
// StudyApi — GET /api/v1/patients/{id}/studies: the app's view of a patient's imaging studies (JSON,
// not DICOMweb) for the timeline, each study inside the caller's consent scope with its series and
// its radiology reports from the document model (R-DATA-1, R-CON-4).
#pragma once

#include "server/api/Api.h"

namespace renkei::server {

class ImageStore;

void registerStudyApi(Api& api, ImageStore& store);

}  // namespace renkei::server
