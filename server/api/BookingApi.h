// SPDX-License-Identifier: MIT
// BookingApi — the hospital's scanners and the clinics' exam requests (issue 12, R-BOOK-1..4).
// Every request is audited; a clinic user books only for a patient inside their consent scope
// (PatientAccess: 404 otherwise) and sees only their facility's bookings.
//
//   GET  /api/v1/booking/equipment                    scanners, their exam types and weekly hours
//   GET  /api/v1/booking/slots?equipment&exam&from&to free slots (clinics: without the reserved
//                                                     hours, after the lead time, within the horizon)
//   POST /api/v1/bookings                             a request: the slot, the structured order and
//                                                     its safety checklist (core OrderSafety: 422
//                                                     safety_blocked with the findings; 409 slot_taken)
//   GET  /api/v1/bookings                             the facility's bookings (hospital: all), newest first
#pragma once

#include "server/api/Api.h"

namespace renkei::server {

class Bookings;

void registerBookingApi(Api& api, Bookings& bookings);

}  // namespace renkei::server
