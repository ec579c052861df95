// SPDX-License-Identifier: MIT
// MessageApi — secure messaging between the clinics and the hospital (issue 14, R-MSG-1, R-CON,
// R-AUD). docs/api.md has the JSON. Every request is audited ("message.*"), never with a word of
// what was written (subjects, bodies, file names and search text stay out of the audit detail).
//
//   GET  /api/v1/threads[?q&limit]           the caller's threads, newest activity first; q searches
//                                            the subject and the decrypted bodies
//   GET  /api/v1/messages/unread             {"unread": N} over the caller's threads (polled)
//   POST /api/v1/threads                     a thread with its first message
//   GET  /api/v1/threads/{id}                the thread and its messages; they become read by the caller
//   POST /api/v1/threads/{id}/messages       a reply
//   POST /api/v1/messages/{id}/attachments   raw bytes + X-File-Name, the sender within 10 minutes
//   GET  /api/v1/attachments/{id}            the decrypted file
//
// Who sees a thread: the clinic side — its one clinic user, or every user of the facility — and
// the department: the liaison office (role admin) sees "liaison", hospital staff "radiology" and
// "doctor:<their id>". A patient thread is also subject to PatientAccess: a clinic user sees it only
// while a consent in force names them or their clinic (else it is not listed and answers 404, as
// for a thread that does not exist). The office opens a liaison thread's patient for
// Purpose::Identity — the office answers about consents and appointments, which PatientAccess
// already lets it see — and never sees radiology or doctors' threads.
#pragma once

#include "server/api/Api.h"

namespace renkei::server {

class Messages;

void registerMessageApi(Api& api, Messages& messages);

}  // namespace renkei::server
