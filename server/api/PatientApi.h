// SPDX-License-Identifier: MIT
// PatientApi — patients, laboratory results and clinical documents (R-CON-2..4, R-DATA-1..4).
// Every handler that returns patient data asks PatientAccess first; staff import results and
// reports here too.
#pragma once

#include "server/api/Api.h"

namespace renkei::server {

void registerPatientApi(Api& api);

}  // namespace renkei::server
