// SPDX-License-Identifier: MIT
#include "server/api/MessageApi.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>

#include "core/text/PercentEncoding.h"
#include "core/text/Trim.h"
#include "core/text/Utf8.h"
#include "server/api/ErrorResponse.h"
#include "server/api/JsonBody.h"
#include "server/api/PatientAccess.h"
#include "server/api/QueryParams.h"
#include "server/api/Roles.h"
#include "server/records/Messages.h"
#include "server/records/StoredFile.h"

namespace renkei::server {

using nlohmann::json;

namespace {

constexpr std::int64_t kAttachWindowSeconds = 600;  // the sender may add files for 10 minutes
constexpr std::size_t kMaxFileName = 200;           // characters, decoded

bool isClinic(const RequestContext& ctx) { return ctx.account->role == "clinic"; }

/// Characters (code points) of valid UTF-8 text; SIZE_MAX for invalid text.
std::size_t characters(const std::string& s) {
  const auto cps = text::decodeUtf8Strict(s);
  return cps ? cps->size() : SIZE_MAX;
}

std::string textField(const JsonBody& body, const char* field, std::size_t maxChars, bool required) {
  const auto v = body.optionalText(field, maxChars * 4);
  const std::string t = v.value_or("");
  if (characters(t) > maxChars) throw Refusal(Error::BadRequest, std::string("field '") + field + "' is too long");
  if (required && text::isBlank(t)) throw Refusal(Error::BadRequest, std::string("field '") + field + "' must not be empty");
  return t;
}

std::int64_t idOf(const std::string& text, Error unknown, const char* what) {
  std::int64_t id = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || p != text.data() + text.size() || id <= 0) throw Refusal(unknown, std::string("No such ") + what + ".");
  return id;
}

/// The departments a hospital caller sees.
std::vector<std::string> departmentsOf(const RequestContext& ctx) {
  if (ctx.account->role == "admin") return {"liaison"};
  if (ctx.account->role == "staff") return {"radiology", "doctor:" + ctx.account->id};
  return {};
}

class Visibility {
 public:
  Visibility(Services& sv, Messages& m) : messages_(m), access_(sv) {}

  /// The caller's threads (patient threads only while PatientAccess allows them).
  std::vector<ThreadRecord> list(RequestContext& ctx) {
    ThreadFilter f;
    if (isClinic(ctx)) {
      f.facilityId = ctx.account->facilityId;
      f.clinicUser = ctx.account->id;
    } else {
      f.departments = departmentsOf(ctx);
    }
    std::vector<ThreadRecord> all = messages_.threads(f);
    const auto visible = access_.visiblePatients(ctx);  // nullopt: every patient (hospital)
    if (!visible) return all;
    std::vector<ThreadRecord> out;
    for (ThreadRecord& t : all) {
      if (t.patientId && std::none_of(visible->begin(), visible->end(), [&](const PatientScope& s) { return s.patientId == *t.patientId; }))
        continue;
      out.push_back(std::move(t));
    }
    return out;
  }

  /// One thread as the caller may see it; 404 unknown_thread for another's — the same answer as for
  /// one that does not exist — and unknown_patient (404) for a patient outside the caller's consents.
  ThreadRecord open(RequestContext& ctx, std::int64_t id) {
    const auto t = messages_.thread(id);
    const std::string which = "thread " + std::to_string(id);
    if (!t) throw Refusal(Error::UnknownThread, "No such thread.", which + ": no such thread");
    if (isClinic(ctx)) {
      if (t->facilityId != ctx.account->facilityId || (t->clinicUser && *t->clinicUser != ctx.account->id))
        throw Refusal(Error::UnknownThread, "No such thread.", which + ": not the caller's clinic side");
    } else {
      const auto d = departmentsOf(ctx);
      if (std::find(d.begin(), d.end(), t->department) == d.end())
        throw Refusal(Error::UnknownThread, "No such thread.", which + ": department " + t->department + ", not the caller's");
    }
    if (t->patientId) openPatient(ctx, *t->patientId, which);
    return *t;
  }

  /// PatientAccess for a patient thread: clinical for clinic users and staff, identity for the office.
  /// A new thread's patient is refused as PatientAccess refuses it (unknown_patient).
  void openPatient(RequestContext& ctx, const std::string& patientId, const std::string& which) {
    const Purpose purpose = ctx.account->role == "admin" ? Purpose::Identity : Purpose::Clinical;
    if (which.empty()) {
      access_.open(ctx, patientId, purpose);
      return;
    }
    try {
      access_.open(ctx, patientId, purpose);
    } catch (const Refusal& e) {
      // Out of scope is answered as "no such thread": a clinic user learns nothing about the patient.
      if (e.error() == Error::UnknownPatient)
        throw Refusal(Error::UnknownThread, "No such thread.", which + ": " + e.auditDetail());
      throw;
    }
  }

 private:
  Messages& messages_;
  PatientAccess access_;
};

const char* departmentJa(const std::string& d) { return d == "liaison" ? "医療連携室" : d == "radiology" ? "放射線科" : ""; }
const char* departmentEn(const std::string& d) { return d == "liaison" ? "Liaison office" : d == "radiology" ? "Radiology" : ""; }

json threadJson(Services& sv, Messages& messages, const ThreadRecord& t, const RequestContext& ctx) {
  std::string ja = departmentJa(t.department), en = departmentEn(t.department);
  if (t.department.rfind("doctor:", 0) == 0) {
    const auto a = sv.accounts.account(t.department.substr(7));
    ja = en = a ? a->name : t.department.substr(7);
  }
  return {{"id", t.id},
          {"subject", t.subject},
          {"department", t.department},
          {"department_name_ja", ja},
          {"department_name_en", en},
          {"patient_id", t.patientId ? json(*t.patientId) : json()},
          {"patient_name", t.patientId ? json(t.patientName) : json()},
          {"facility_id", t.facilityId},
          {"facility_name", t.facilityName},
          {"clinic_user", t.clinicUser ? json(*t.clinicUser) : json()},
          {"clinic_user_name", t.clinicUserName},
          {"created_by", t.createdBy},
          {"created_by_name", t.createdByName},
          {"created_at", t.createdAt},
          {"updated_at", t.updatedAt},
          {"last_message_at", t.lastMessageAt},
          {"last_sender_name", t.lastSenderName},
          {"messages", t.messages},
          {"unread", messages.unread(t.id, ctx.account->id)}};
}

json attachmentJson(const AttachmentRecord& a) {
  return {{"id", a.id}, {"name", a.name}, {"media_type", a.mediaType}, {"bytes", a.bytes}};
}

json messageJson(const MessageRecord& m) {
  json attachments = json::array(), readBy = json::array();
  for (const AttachmentRecord& a : m.attachments) attachments.push_back(attachmentJson(a));
  for (const ReadReceipt& r : m.readBy) readBy.push_back({{"account", r.account}, {"name", r.name}, {"read_at", r.readAt}});
  return {{"id", m.id},
          {"sender", m.sender},
          {"sender_name", m.senderName},
          {"sender_role", m.senderRole},
          {"sender_facility_name", m.senderFacilityName},
          {"sent_at", m.sentAt},
          {"text", m.text},
          {"attachments", attachments},
          {"read_by", readBy}};
}

json messageById(Messages& messages, std::int64_t threadId, std::int64_t id) {
  for (const MessageRecord& m : messages.messages(threadId))
    if (m.id == id) return messageJson(m);
  throw std::logic_error("a message just written is missing");
}

/// X-File-Name, percent-decoded; 400 for invalid UTF-8, control characters, a path, or more than
/// kMaxFileName characters. Decoding is lenient — a '%' not followed by two hex digits stays as it is —
/// because cpp-httplib 0.11 already percent-decodes every header value it receives: a name such as
/// "100%.pdf" must survive the second pass. (Only a name that contains "%XX" literally after
/// encoding loses it; the app sends encodeURIComponent's output.)
std::string fileNameOf(const httplib::Request& req) {
  const std::string raw = req.get_header_value("X-File-Name");
  const auto bad = [](const std::string& why) { return Refusal(Error::BadRequest, "header 'X-File-Name' " + why); };
  if (raw.empty()) throw bad("is required (the file's name, percent-encoded UTF-8)");
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '%') {
      out += raw[i];
      continue;
    }
    unsigned v = 0;
    if (i + 2 < raw.size() && std::from_chars(raw.data() + i + 1, raw.data() + i + 3, v, 16).ptr == raw.data() + i + 3) {
      out += static_cast<char>(v);
      i += 2;
    } else {
      out += '%';
    }
  }
  const std::size_t n = characters(out);
  if (n == SIZE_MAX) throw bad("is not UTF-8");
  if (n > kMaxFileName) throw bad("is longer than 200 characters");
  if (text::isBlank(out)) throw bad("is empty");
  for (unsigned char c : out)
    if (c < 0x20 || c == 0x7f || c == '/' || c == '\\') throw bad("must be a file name without control characters or a path");
  return out;
}


}  // namespace

void registerMessageApi(Api& api, Messages& messages) {
  Services& sv = api.services();

  api.route("GET", "/api/v1/threads", Access::Session, kAnyone,
            [&sv, &messages](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "message.thread.list";
              const QueryParams params(req, {"q", "limit"});
              const std::string q = params.text("q", 200);
              const int limit = params.integer("limit", 100, 1, 500);
              Visibility vis(sv, messages);
              json out = json::array();
              for (const ThreadRecord& t : vis.list(ctx)) {
                if (static_cast<int>(out.size()) >= limit) break;
                if (!q.empty() && !messages.contains(t, q)) continue;
                out.push_back(threadJson(sv, messages, t, ctx));
              }
              // The search text is what someone typed about a patient: its length only.
              ctx.detail = std::to_string(out.size()) + " threads" + (q.empty() ? "" : ", search of " + std::to_string(characters(q)) + " characters");
              res.set_content(json{{"threads", out}}.dump(), "application/json");
            });

  api.route("GET", "/api/v1/messages/unread", Access::Session, kAnyone,
            [&sv, &messages](const httplib::Request&, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "message.unread";
              Visibility vis(sv, messages);
              int unread = 0;
              for (const ThreadRecord& t : vis.list(ctx)) unread += messages.unread(t.id, ctx.account->id);
              ctx.detail = std::to_string(unread) + " unread";
              res.set_content(json{{"unread", unread}}.dump(), "application/json");
            });

  // Where a thread can go: the two departments and every active hospital doctor (staff account),
  // whom a clinic may address by name ("doctor:<id>").
  api.route("GET", "/api/v1/messages/departments", Access::Session, kAnyone,
            [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "message.departments";
              QueryParams(req, {});
              json out = json::array();
              for (const char* d : {"radiology", "liaison"}) out.push_back({{"code", d}, {"name_ja", departmentJa(d)}, {"name_en", departmentEn(d)}});
              for (const Account& a : sv.accounts.accounts())
                if (a.role == "staff" && a.status == "active")
                  out.push_back({{"code", "doctor:" + a.id}, {"name_ja", a.name}, {"name_en", a.name}});
              ctx.detail = std::to_string(out.size()) + " destinations";
              res.set_content(json{{"departments", out}}.dump(), "application/json");
            });

  api.route("POST", "/api/v1/threads", Access::Session, kAnyone,
            [&sv, &messages](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "message.thread.create";
              const JsonBody body(req.body, {"subject", "department", "patient_id", "to_whole_clinic", "text", "facility_id", "clinic_user"});
              NewThread t;
              t.createdBy = ctx.account->id;
              t.subject = std::string(text::trim(textField(body, "subject", Messages::kMaxSubject, true)));
              const std::string text = textField(body, "text", Messages::kMaxText, true);
              t.department = body.text("department", 64);
              if (!isDepartmentName(t.department))
                throw Refusal(Error::BadRequest, "field 'department' must be liaison, radiology or doctor:<account id>");
              if (t.department.rfind("doctor:", 0) == 0) {
                const auto doctor = sv.accounts.account(t.department.substr(7));
                if (!doctor || doctor->role != "staff" || doctor->status != "active")
                  throw Refusal(Error::BadRequest, "field 'department' must name an active hospital staff account");
              }
              const auto& v = body.value();
              bool whole = false;
              if (const auto it = v.find("to_whole_clinic"); it != v.end() && !it->is_null()) {
                if (!it->is_boolean()) throw Refusal(Error::BadRequest, "field 'to_whole_clinic' must be true or false");
                whole = it->get<bool>();
              }
              if (isClinic(ctx)) {
                if (body.optionalText("facility_id", 64) || body.optionalText("clinic_user", 64))
                  throw Refusal(Error::BadRequest, "field 'facility_id' and 'clinic_user' are for hospital users: a clinic writes from its own facility");
                t.facilityId = ctx.account->facilityId;
                if (!whole) t.clinicUser = ctx.account->id;
              } else {
                if (whole)
                  throw Refusal(Error::BadRequest, "field 'to_whole_clinic' is for clinic users (leave out 'clinic_user' to write to the whole clinic)");
                const auto d = departmentsOf(ctx);
                if (std::find(d.begin(), d.end(), t.department) == d.end())
                  throw Refusal(Error::BadRequest, "field 'department' must be one of yours (" + d.front() + (d.size() > 1 ? " or " + d.back() : "") + ")");
                t.facilityId = body.text("facility_id", 64);
                const auto clinic = sv.accounts.facility(t.facilityId);
                if (!clinic || clinic->kind != "clinic" || !clinic->active)
                  throw Refusal(Error::BadRequest, "field 'facility_id' must name an active clinic");
                if (const auto u = body.optionalText("clinic_user", 64)) {
                  const auto a = sv.accounts.account(*u);
                  if (!a || a->facilityId != t.facilityId || a->status != "active")
                    throw Refusal(Error::BadRequest, "field 'clinic_user' must name an active account of that clinic");
                  t.clinicUser = *u;
                }
              }
              if (const auto p = body.optionalText("patient_id", 32)) {
                t.patientId = *p;
                Visibility(sv, messages).openPatient(ctx, *p, "");
                if (!isClinic(ctx)) {
                  // The hospital writes about a patient only to a clinic side that may see the patient.
                  const Viewer clinicSide{t.clinicUser.value_or(""), t.facilityId};
                  std::vector<Consent> consents;
                  for (const StoredConsent& c : sv.consents.forPatient(*p)) consents.push_back(c.consent);
                  if (ConsentScope::patient(consents, clinicSide, Date::fromUnixSecondsJst(ctx.now)) != ConsentDecision::Visible)
                    throw Refusal(Error::BadRequest, "field 'patient_id': no consent in force lets that clinic side see this patient");
                }
              }
              const auto [threadId, messageId] = messages.createThread(t, text, ctx.now);
              ctx.detail = "thread " + std::to_string(threadId) + " to " + t.department + ", clinic side " + t.facilityId +
                           (t.clinicUser ? "/" + *t.clinicUser : " (whole clinic)") + ", message " + std::to_string(messageId);
              res.status = 201;
              res.set_content(json{{"thread", threadJson(sv, messages, *messages.thread(threadId), ctx)},
                                   {"message", messageById(messages, threadId, messageId)}}
                                  .dump(),
                              "application/json");
            });

  api.route("GET", R"(/api/v1/threads/([^/]+))", Access::Session, kAnyone,
            [&sv, &messages](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "message.thread.read";
              const ThreadRecord t = Visibility(sv, messages).open(ctx, idOf(req.matches[1], Error::UnknownThread, "thread"));
              const int marked = messages.markRead(t.id, ctx.account->id, ctx.now);
              json list = json::array();
              for (const MessageRecord& m : messages.messages(t.id)) list.push_back(messageJson(m));
              ctx.detail = "thread " + std::to_string(t.id) + ": " + std::to_string(list.size()) + " messages, " +
                           std::to_string(marked) + " newly read";
              res.set_content(json{{"thread", threadJson(sv, messages, t, ctx)}, {"messages", list}}.dump(), "application/json");
            });

  api.route("POST", R"(/api/v1/threads/([^/]+)/messages)", Access::Session, kAnyone,
            [&sv, &messages](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "message.post";
              const ThreadRecord t = Visibility(sv, messages).open(ctx, idOf(req.matches[1], Error::UnknownThread, "thread"));
              const JsonBody body(req.body, {"text"});
              const std::string text = textField(body, "text", Messages::kMaxText, true);
              const std::int64_t id = messages.post(t.id, ctx.account->id, text, ctx.now);
              // Whoever answers has read what came before.
              messages.markRead(t.id, ctx.account->id, ctx.now);
              ctx.detail = "thread " + std::to_string(t.id) + ": message " + std::to_string(id);
              res.status = 201;
              res.set_content(json{{"message", messageById(messages, t.id, id)}}.dump(), "application/json");
            });

  api.route("POST", R"(/api/v1/messages/([^/]+)/attachments)", Access::Session, kAnyone,
            [&sv, &messages](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "message.attachment.add";
              const std::int64_t id = idOf(req.matches[1], Error::UnknownMessage, "message");
              const auto m = messages.head(id);
              if (!m) throw Refusal(Error::UnknownMessage, "No such message.", "message " + std::to_string(id) + ": no such message");
              Visibility(sv, messages).open(ctx, m->threadId);
              const std::string which = "message " + std::to_string(id);
              if (m->sender != ctx.account->id)
                throw Refusal(Error::Forbidden, "Only the message's sender may attach files to it.", which + ": not the sender");
              if (ctx.now - m->sentAt > kAttachWindowSeconds)
                throw Refusal(Error::AttachmentWindowClosed, "Files can be attached within 10 minutes of sending.", which + ": sent over 10 minutes ago");
              const std::string name = fileNameOf(req);
              if (req.body.size() > sv.config.messageAttachmentBytes)
                throw Refusal(Error::MessageAttachmentTooLarge,
                              "The attachment is larger than " + std::to_string(sv.config.messageAttachmentBytes) + " bytes.",
                              which + ": " + std::to_string(req.body.size()) + " bytes, over the cap");
              const auto type = messageAttachmentType(req.body);
              if (!type)
                throw Refusal(Error::UnsupportedMessageAttachment, "An attachment must be a PDF, PNG, JPEG or DICOM file (judged by its content).",
                              which + ": content of no accepted type");
              const AttachmentRecord a = messages.addAttachment(id, name, *type, req.body, ctx.now);
              ctx.detail = which + ": attachment " + std::to_string(a.id) + ", " + a.mediaType + ", " + std::to_string(a.bytes) + " bytes";
              res.status = 201;
              res.set_content(json{{"attachment", attachmentJson(a)}}.dump(), "application/json");
            },
            Api::kUploadBodyBytes);

  api.route("GET", R"(/api/v1/attachments/([^/]+))", Access::Session, kAnyone,
            [&sv, &messages](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "message.attachment.get";
              const std::int64_t id = idOf(req.matches[1], Error::UnknownAttachment, "attachment");
              const auto a = messages.attachment(id);
              if (!a) throw Refusal(Error::UnknownAttachment, "No such attachment.", "attachment " + std::to_string(id) + ": no such attachment");
              const auto m = messages.head(a->messageId);
              if (!m) throw Refusal(Error::UnknownAttachment, "No such attachment.");
              try {
                Visibility(sv, messages).open(ctx, m->threadId);
              } catch (const Refusal& e) {
                if (e.error() != Error::UnknownThread) throw;
                throw Refusal(Error::UnknownAttachment, "No such attachment.", "attachment " + std::to_string(id) + ": " + e.auditDetail());
              }
              const auto bytes = messages.attachmentBytes(*a);
              if (!bytes) throw Refusal(Error::AttachmentMissing, "The attachment's file is missing or damaged on the server.",
                                        "attachment " + std::to_string(id) + ": file missing or does not decrypt");
              ctx.detail = "attachment " + std::to_string(id) + " of message " + std::to_string(a->messageId) + ", " +
                           std::to_string(a->bytes) + " bytes";
              res.set_header("Content-Disposition", "attachment; filename*=UTF-8''" + text::percentEncode(a->name));
              res.set_content(*bytes, a->mediaType.c_str());
            });
}

}  // namespace renkei::server
