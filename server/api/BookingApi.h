// SPDX-License-Identifier: MIT
// BookingApi — the hospital's scanners and the clinics' exam requests (issue 12, R-BOOK-1..4).
// Every request is audited; a clinic user books only for a patient inside their consent scope
// (PatientAccess: 404 otherwise) and sees only their facility's bookings (another's is the same 404
// as one that does not exist). docs/api.md has the JSON.
//
//   GET  /api/v1/booking/equipment                    scanners, their exam types and weekly hours
//   GET  /api/v1/booking/slots?equipment&exam&from&to free slots (clinics: without the reserved
//                                                     hours, after the lead time, within the horizon)
//   POST /api/v1/bookings                             a request: the slot, the structured order and
//                                                     its safety checklist (core OrderSafety: 422
//                                                     safety_blocked with the findings; 409 slot_taken),
//                                                     with its referral letter as a document
//   GET  /api/v1/bookings[?state]                     the facility's bookings (hospital: all), newest
//                                                     first; the hospital's queue for state=requested
//   GET  /api/v1/bookings/{id}                        one, with its steps (a clinic's look marks them seen)
//   POST /api/v1/bookings/{id}/confirm|reject|cancel|reschedule|done|noshow|unflag   the steps (R-BOOK-2)
//   GET  /api/v1/bookings/{id}/referral-letter|instruction-sheet   printable pages (BookingSheets)
//   GET, POST /api/v1/admin/closures; PUT /api/v1/admin/equipment/{id}[/hours]   the office's schedule:
//                                                     what a change hits is flagged, never dropped
#pragma once

#include "server/api/Api.h"

namespace renkei::server {

class Bookings;

void registerBookingApi(Api& api, Bookings& bookings);

}  // namespace renkei::server
