// SPDX-License-Identifier: MIT
// HeldStudyApi — the liaison office's queue of held studies (issue 11 §10, R-DATA-1, R-AUD-1):
// instances that arrived without a usable Patient ID (HeldStudies). The office lists them with
// what they say, and reconciles each study: assigns it to a registered patient, or discards it.
// Office role only; others get 403; every request is audited.
//
//   GET  /api/v1/admin/held-studies[?state=held|assigned|discarded&limit&offset]
//   GET  /api/v1/admin/held-studies/{study}              the study and its instances
//   POST /api/v1/admin/held-studies/{study}/assignment   {"patient_id": "P000101"}
//   POST /api/v1/admin/held-studies/{study}/discard      {"reason": "…"}
#pragma once

#include "server/api/Api.h"

namespace renkei::server {

class ImageStore;

void registerHeldStudyApi(Api& api, ImageStore& store);

}  // namespace renkei::server
