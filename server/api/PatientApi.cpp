// SPDX-License-Identifier: MIT
#include "server/api/PatientApi.h"

#include "server/http/AnswerCache.h"

#include "core/text/Trim.h"

#include <nlohmann/json.hpp>

#include <charconv>

#include "server/api/ConsentJson.h"
#include "server/api/ErrorResponse.h"
#include "server/api/JsonBody.h"
#include "server/api/PatientAccess.h"
#include "server/api/QueryParams.h"
#include "server/api/Roles.h"
#include "core/text/JapaneseText.h"
#include "server/records/StoredFile.h"

namespace renkei::server {
namespace {

using nlohmann::json;
using Handler = Api::Handler;

json optionalNumber(const std::optional<double>& v) { return v ? json(*v) : json(); }
json optionalDate(const std::optional<Date>& d) { return d ? json(d->iso()) : json(); }

json patientJson(const Patient& p) {
  return {{"id", p.id}, {"name", p.name}, {"name_kana", p.nameKana}, {"sex", p.sex}, {"birth_date", optionalDate(p.birthDate)}};
}

json observationJson(const labs::LabObservation& o) {
  return {{"code", o.code},
          {"code_system", o.codeSystem},
          {"local_code", o.localCode},
          {"name", o.name},
          {"value_type", o.valueType},
          {"value", o.value},
          {"numeric", optionalNumber(o.numeric)},
          {"unit", o.unit},
          {"reference_range", o.referenceRange},
          {"reference_low", optionalNumber(o.referenceLow)},
          {"reference_high", optionalNumber(o.referenceHigh)},
          {"flag", o.flag},
          {"status", o.status},
          {"comment", o.comment}};
}

json documentJson(const StoredDocument& s, bool withText) {
  const records::Document& d = s.document;
  const records::DocumentKind* kind = records::findDocumentKind(d.kind);
  json j{{"id", s.id},
         {"patient_id", s.patientId},
         {"kind", d.kind},
         {"kind_name", {{"ja", kind ? kind->nameJa : d.kind}, {"en", kind ? kind->nameEn : d.kind}}},
         {"title", d.title},
         {"author", d.author},
         {"clinical_date", d.clinicalDate.iso()},
         {"status", records::toString(d.status)},
         {"study_uid", d.studyUid},
         {"version", s.version},
         {"received_at", s.createdAt},
         {"updated_at", s.updatedAt}};
  if (withText) {
    j["text"] = d.text;
    j["fields"] = d.fields;
    json files = json::array();
    for (const auto& a : s.attachments)
      files.push_back({{"seq", a.seq}, {"file_name", a.fileName}, {"media_type", a.mediaType}, {"bytes", a.bytes},
                       {"url", "/api/v1/documents/" + std::to_string(s.id) + "/attachments/" + std::to_string(a.seq)}});
    j["attachments"] = files;
  }
  return j;
}

/// New items since the person last opened the patient (R-DATA-4), inside their scope.
int newItems(Services& sv, const RequestContext& ctx, const PatientScope& scope) {
  const std::int64_t since = sv.patients.lastVisit(ctx.account->id, scope.patientId);
  return sv.labs.countImportedSince(scope.patientId, scope.visibleFrom, since) +
         sv.documents.countUpdatedSince(scope.patientId, scope.visibleFrom, since) +
         sv.images.countUpdatedSince(scope.patientId, scope.visibleFrom, since);
}

/// Every patient a list showed is named in its audit record (what was seen stays in the log).
std::string auditList(const std::vector<Patient>& shown, int total) {
  std::string ids;
  for (std::size_t i = 0; i < shown.size(); ++i) ids += (i ? "," : "") + shown[i].id;
  return std::to_string(total) + " found; shown: " + ids;
}

/// The patient id of a request path for the audit record, set before anything can refuse.
std::string auditPatientId(const std::string& id) { return id.substr(0, 64); }

std::int64_t documentId(const std::string& s) {
  std::int64_t id = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc() || p != s.data() + s.size() || id <= 0) throw Refusal(Error::UnknownDocument, "No such document.");
  return id;
}

/// A document for reading: 404 for an unknown id and for a patient outside the reader's consents
/// (the same answer, so ids do not reveal patients), 403 for a document dated before the look-back.
StoredDocument readableDocument(Services& sv, RequestContext& ctx, const std::string& idText) {
  const auto doc = sv.documents.find(documentId(idText));
  if (!doc) throw Refusal(Error::UnknownDocument, "No such document.");
  PatientAccess access(sv);
  try {
    const PatientScope scope = access.open(ctx, doc->patientId, Purpose::Clinical);
    // Inside the try as well: requireItem's own 404 (a consent withdrawn between the two reads)
    // must look like every other document outside the consents, not name the patient.
    access.requireItem(ctx, scope, doc->document.clinicalDate);
  } catch (const Refusal& e) {
    if (httpStatus(e.error()) != 404) throw;
    throw Refusal(Error::UnknownDocument, "No such document.", e.auditDetail());
  }
  return *doc;
}

}  // namespace

void registerPatientApi(Api& api) {
  Services& sv = api.services();

  api.route("GET", "/api/v1/document-kinds", Access::Session, kAnyone,
            [](const httplib::Request&, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "document.kinds";
              json kinds = json::array();
              for (const auto& k : records::documentKinds()) {
                json fields = json::array();
                for (const auto& f : k.fields)
                  fields.push_back({{"name", f.name},
                                    {"type", f.type == records::FieldType::Date   ? "date"
                                             : f.type == records::FieldType::Long ? "long"
                                                                                  : "text"},
                                    {"label", {{"ja", f.labelJa}, {"en", f.labelEn}}}});
                kinds.push_back({{"id", k.id}, {"name", {{"ja", k.nameJa}, {"en", k.nameEn}}}, {"links_study", k.linksStudy},
                                 {"fields", fields}});
              }
              res.set_content(json{{"kinds", kinds}}.dump(), "application/json");
            });

  api.route("GET", "/api/v1/patients", Access::Session, kAnyone,
            [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "patient.list";
              const QueryParams params(req, {"q", "birth_date", "limit", "offset"});
              PatientQuery q;
              q.text = params.text("q", 100);
              q.birthDate = params.date("birth_date");
              q.limit = params.integer("limit", 50, 1, 200);
              q.offset = params.integer("offset", 0, 0, 1000000);
              PatientAccess access(sv);
              const auto visible = access.visiblePatients(ctx);
              std::map<std::string, PatientScope> scopes;
              if (visible) {
                q.restricted = true;
                for (const PatientScope& s : *visible) {
                  q.among.push_back(s.patientId);
                  scopes[s.patientId] = s;
                }
              }
              int total = 0;
              const std::vector<Patient> found = sv.patients.search(q, total);
              json list = json::array();
              for (const Patient& p : found) {
                json j = patientJson(p);
                const PatientScope scope =
                    visible ? scopes.at(p.id) : PatientScope{p.id, false, std::nullopt, ConsentDecision::Visible};
                j["scope"] = scopeJson(scope);
                if (ctx.account->role != "admin") j["new_items"] = newItems(sv, ctx, scope);
                list.push_back(std::move(j));
              }
              ctx.detail = auditList(found, total);
              json body{{"total", total}, {"limit", q.limit}, {"offset", q.offset}};
              body["patients"] = std::move(list);
              res.set_content(body.dump(), "application/json");
            });

  api.route("POST", "/api/v1/patients", Access::Session, kHospital,
            [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "patient.create";
              const JsonBody body(req.body, {"id", "name", "name_kana", "sex", "birth_date"});
              Patient p{body.text("id", 32), body.text("name", 100), body.optionalText("name_kana", 100).value_or(""),
                        body.optionalText("sex", 1).value_or("U"), std::nullopt};
              if (!Patients::validId(p.id))
                throw Refusal(Error::BadRequest, "field 'id' must be 1–32 characters: A–Z, a–z, 0–9, '-', '_', '.'");
              if (p.sex != "M" && p.sex != "F" && p.sex != "O" && p.sex != "U") throw Refusal(Error::BadRequest, "field 'sex' must be M, F, O or U");
              if (const auto b = body.optionalText("birth_date", 10)) {
                p.birthDate = Date::parse(*b);
                if (!p.birthDate || b->size() != 10) throw Refusal(Error::BadRequest, "field 'birth_date' must be a date YYYY-MM-DD");
                if (*p.birthDate > Date::fromUnixSecondsJst(ctx.now)) throw Refusal(Error::BadRequest, "field 'birth_date' lies in the future");
              }
              if (text::isBlank(p.name)) throw Refusal(Error::BadRequest, "field 'name' must not be empty");
              ctx.patientId = p.id;
              sv.patients.create(p, "api:" + ctx.account->id, ctx.now);
              res.status = 201;
              res.set_content(patientJson(p).dump(), "application/json");
            });

  api.route("GET", R"(/api/v1/patients/([^/]+))", Access::Session, kAnyone,
            [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "patient.open";
              ctx.patientId = auditPatientId(req.matches[1]);
              QueryParams(req, {});
              PatientAccess access(sv);
              const PatientScope scope = access.open(ctx, req.matches[1], Purpose::Identity);
              const Patient p = *sv.patients.find(scope.patientId);
              json j{{"patient", patientJson(p)}, {"scope", scopeJson(scope)}};
              const bool office = ctx.account->role == "admin";
              json consents = json::array();
              const Viewer me{ctx.account->id, ctx.account->facilityId};
              for (const StoredConsent& c : sv.consents.forPatient(p.id))
                if (!scope.limited || ConsentScope::names(c.consent, me)) consents.push_back(consentJson(c, office));
              j["consents"] = consents;
              if (!office) {
                const std::int64_t previous = sv.patients.lastVisit(ctx.account->id, p.id);
                j["previous_visit_at"] = previous == 0 ? json() : json(previous);
                j["new_items"] = newItems(sv, ctx, scope);
                sv.patients.recordVisit(ctx.account->id, p.id, ctx.now);
              }
              res.set_content(j.dump(), "application/json");
            });

  api.route("GET", R"(/api/v1/patients/([^/]+)/labs)", Access::Session, kAnyone,
            [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "labs.read";
              ctx.patientId = auditPatientId(req.matches[1]);
              const QueryParams params(req, {"limit", "offset"});
              const int limit = params.integer("limit", 100, 1, 500), offset = params.integer("offset", 0, 0, 1000000);
              const PatientScope scope = PatientAccess(sv).open(ctx, req.matches[1], Purpose::Clinical);
              // The table follows from the scope, the page and the reports in it (only ever added):
              // kept by all of them, it is built once until a report arrives.
              static AnswerCache answers(4u << 20);
              const Labs::Version version = sv.labs.version(scope.patientId, scope.visibleFrom);
              const json scopeOf = scopeJson(scope);
              const std::string key = scope.patientId + "|" + scopeOf.dump() + "|" + std::to_string(limit) + "|" +
                                      std::to_string(offset) + "|" + std::to_string(version.count) + "|" +
                                      std::to_string(version.newest);
              if (const auto kept = answers.find(key)) {
                const int shown = std::max(0, std::min(limit, version.count - offset));
                ctx.detail = std::to_string(shown) + " of " + std::to_string(version.count) + " reports";
                res.set_content(*kept, "application/json");
                return;
              }
              int total = 0;
              json reports = json::array();
              // Built by moving, never copying, the arrays in (a brace-list of json copies its
              // values: the whole table, twice).
              for (const StoredLabReport& r : sv.labs.reports(scope.patientId, scope.visibleFrom, limit, offset, total)) {
                json results = json::array();
                for (const auto& o : r.report.observations) results.push_back(observationJson(o));
                json report{{"id", r.id},
                            {"specimen_time", r.report.specimenTime},
                            {"specimen_date", r.report.specimenDate.iso()},
                            {"order_id", r.report.orderId},
                            {"received_at", r.importedAt}};
                report["results"] = std::move(results);
                reports.push_back(std::move(report));
              }
              ctx.detail = std::to_string(reports.size()) + " of " + std::to_string(total) + " reports";
              json body{{"patient_id", scope.patientId}, {"scope", scopeOf}, {"total", total}};
              body["reports"] = std::move(reports);
              auto text = std::make_shared<const std::string>(body.dump());
              if (total == version.count) answers.keep(key, text);  // not when a report arrived in between
              res.set_content(*text, "application/json");
            });

  api.route("GET", R"(/api/v1/patients/([^/]+)/labs/series)", Access::Session, kAnyone,
            [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "labs.series";
              ctx.patientId = auditPatientId(req.matches[1]);
              const QueryParams params(req, {"code"});
              const std::string code = params.text("code", 64);
              const PatientScope scope = PatientAccess(sv).open(ctx, req.matches[1], Purpose::Clinical);
              json list = json::array();
              for (const LabSeries& s : sv.labs.series(scope.patientId, scope.visibleFrom, code)) {
                json points = json::array();
                for (const auto& p : s.points)
                  points.push_back({{"time", p.specimenTime}, {"value", p.value}, {"numeric", optionalNumber(p.numeric)},
                                    {"flag", p.flag}, {"report_id", p.reportId}});
                list.push_back({{"code", s.code},
                                {"code_system", s.codeSystem},
                                {"name", s.name},
                                {"unit", s.unit},
                                {"reference_low", optionalNumber(s.referenceLow)},
                                {"reference_high", optionalNumber(s.referenceHigh)},
                                {"points", points}});
              }
              ctx.detail = code.empty() ? "all tests" : "test " + code;
              res.set_content(json{{"patient_id", scope.patientId}, {"scope", scopeJson(scope)}, {"series", list}}.dump(),
                              "application/json");
            });

  api.route("GET", R"(/api/v1/patients/([^/]+)/documents)", Access::Session, kAnyone,
            [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "documents.list";
              ctx.patientId = auditPatientId(req.matches[1]);
              const QueryParams params(req, {"kind"});
              const std::string kind = params.text("kind", 40);
              if (!kind.empty() && !records::findDocumentKind(kind)) throw Refusal(Error::BadRequest, "unknown document kind '" + kind + "'");
              const PatientScope scope = PatientAccess(sv).open(ctx, req.matches[1], Purpose::Clinical);
              json list = json::array();
              for (const StoredDocument& d : sv.documents.list(scope.patientId, scope.visibleFrom, kind))
                list.push_back(documentJson(d, false));
              ctx.detail = std::to_string(list.size()) + " documents";
              res.set_content(json{{"patient_id", scope.patientId}, {"scope", scopeJson(scope)}, {"documents", list}}.dump(),
                              "application/json");
            });

  api.route("GET", R"(/api/v1/documents/([^/]+))", Access::Session, kAnyone,
            [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "document.read";
              const StoredDocument d = readableDocument(sv, ctx, req.matches[1]);
              ctx.detail = "document " + std::to_string(d.id) + " v" + std::to_string(d.version);
              res.set_content(documentJson(d, true).dump(), "application/json");
            });

  api.route("GET", R"(/api/v1/documents/([^/]+)/attachments/(\d+))", Access::Session, kAnyone,
            [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "document.attachment";
              const StoredDocument d = readableDocument(sv, ctx, req.matches[1]);
              const std::string seqText = req.matches[2].str();
              int seq = 0;
              std::from_chars(seqText.data(), seqText.data() + std::min<std::size_t>(seqText.size(), 6), seq);
              for (const auto& a : d.attachments) {
                if (a.seq != seq) continue;
                const auto content = readStoredFile(sv.config.dataDir / "documents" / a.storedFile);
                if (!content) throw Refusal(Error::AttachmentMissing, "The attachment's file is missing on the server.");
                ctx.detail = "document " + std::to_string(d.id) + " attachment " + std::to_string(seq);
                res.set_header("Content-Disposition", "attachment");
                res.set_content(*content, a.mediaType.c_str());
                return;
              }
              throw Refusal(Error::UnknownAttachment, "No such attachment.");
            });

  // Staff (the radiology and records systems' operators) store reports and documents.
  api.route("POST", R"(/api/v1/patients/([^/]+)/documents)", Access::Session, kStaff,
            [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "document.store";
              ctx.patientId = auditPatientId(req.matches[1]);
              const JsonBody body(req.body, {"source_id", "kind", "title", "author", "clinical_date", "status", "text",
                                             "study_uid", "fields"});
              records::Document d;
              const std::string sourceId = body.text("source_id", 128);
              d.kind = body.text("kind", 40);
              d.title = body.text("title", records::kMaxTitle * 4);
              d.author = body.text("author", records::kMaxTextField * 4);
              const std::string date = body.text("clinical_date", 10);
              const auto clinical = Date::parse(date);
              if (!clinical || date.size() != 10) throw Refusal(Error::BadRequest, "field 'clinical_date' must be a date YYYY-MM-DD");
              d.clinicalDate = *clinical;
              const auto status = records::parseDocumentStatus(body.optionalText("status", 16).value_or("final"));
              if (!status) throw Refusal(Error::BadRequest, "field 'status' must be preliminary, final or amended");
              d.status = *status;
              d.text = body.optionalText("text", records::kMaxText * 4).value_or("");
              d.studyUid = body.optionalText("study_uid", 64).value_or("");
              d.fields = body.textObject("fields", records::kMaxLongField * 4);
              std::int64_t id = 0;
              const auto saved = sv.documents.save(req.matches[1], sourceId, d, ctx.now, id);
              static const char* names[] = {"created", "updated", "unchanged"};
              ctx.detail = std::string(names[static_cast<int>(saved)]) + " document " + std::to_string(id) + " (" + d.kind + ")";
              res.status = saved == Documents::Saved::Created ? 201 : 200;
              json j = documentJson(*sv.documents.find(id), true);
              j["result"] = names[static_cast<int>(saved)];
              res.set_content(j.dump(), "application/json");
            },
            Api::kDocumentBodyBytes);

  api.route("POST", R"(/api/v1/documents/([^/]+)/attachments)", Access::Session, kStaff,
            [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "document.attach";
              const QueryParams params(req, {"name"});
              const std::string name = params.text("name", 200);
              if (name.empty() || name.find_first_of("/\\\r\n\"") != std::string::npos)
                throw Refusal(Error::BadRequest, "parameter 'name' must be a file name without '/', '\\' or quotes");
              const auto doc = sv.documents.find(documentId(req.matches[1]));
              if (!doc) throw Refusal(Error::UnknownDocument, "No such document.");
              ctx.patientId = doc->patientId;
              // The size first, as for consent scans: the server's max_body_bytes is for every
              // request and may be raised (DICOM uploads); an attachment has its own limit.
              if (req.body.size() > Documents::kMaxAttachmentBytes)
                throw Refusal(Error::AttachmentTooLarge, "An attachment may be at most 20 MB.");
              const auto type = scannedDocumentType(req.body);
              if (!type) throw Refusal(Error::UnsupportedAttachment, "An attachment must be a PDF, PNG or JPEG file.");
              const Stored file = storeFile(sv.config.dataDir / "documents",
                                            "document-" + std::to_string(doc->id) + "-" + std::to_string(doc->attachments.size() + 1) +
                                                "-" + std::to_string(ctx.now),
                                            extensionFor(*type), req.body);
              try {
                sv.documents.addAttachment(
                    doc->id, {0, name, *type, file.name, file.sha256, static_cast<std::int64_t>(req.body.size()), ctx.now});
              } catch (...) {
                std::error_code ignored;
                std::filesystem::remove(file.path, ignored);
                throw;
              }
              ctx.detail = "document " + std::to_string(doc->id) + " attachment " + *type;
              res.status = 201;
              res.set_content(documentJson(*sv.documents.find(doc->id), true).dump(), "application/json");
            },
            Api::kUploadBodyBytes);

  // Laboratory results from the laboratory system: HL7 v2 (one or more messages) or CSV.
  api.route("POST", "/api/v1/labs", Access::Session, kStaff,
            [&sv](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "labs.import";
              const QueryParams params(req, {"charset"});
              const std::string charset = params.text("charset", 40);
              if (!charset.empty() && !text::encodingFromName(charset)) throw Refusal(Error::BadRequest, "unknown charset '" + charset + "'");
              if (req.body.empty()) throw Refusal(Error::BadRequest, "the body is empty: send an HL7 v2 message or a CSV file");
              const LabImportResult r = sv.labImport.importFile(req.body, "api:" + ctx.account->id, ctx.now, charset);
              json problems = json::array();
              for (const auto& p : r.problems) problems.push_back({{"message", p.message}, {"line", p.line}, {"reason", p.reason}});
              if (r.patientsTouched.size() == 1) ctx.patientId = r.patientsTouched[0];
              ctx.detail = std::to_string(r.reportsStored) + " stored, " + std::to_string(r.reportsSkipped) + " already stored, " +
                           std::to_string(r.problems.size()) + " refused";
              std::string touched;
              for (const auto& id : r.patientsTouched) touched += (touched.empty() ? "" : ",") + id;
              if (!touched.empty()) ctx.detail += "; patients: " + touched;
              if (!r.problems.empty()) ctx.detail += ": " + r.problems[0].reason.substr(0, 200);
              res.status = r.problems.empty() ? 200 : httpStatus(Error::InvalidLabMessage);
              json j{{"messages", r.messages},          {"reports_stored", r.reportsStored},
                     {"reports_skipped", r.reportsSkipped}, {"results_stored", r.results},
                     {"patients_created", r.patientsCreated}, {"problems", problems}};
              if (!r.problems.empty())
                j["error"] = errorJson(Error::InvalidLabMessage, "Message " + std::to_string(r.problems[0].message) + ", line " +
                                              std::to_string(r.problems[0].line) + ": " + r.problems[0].reason)["error"];
              res.set_content(j.dump(), "application/json");
            },
            Api::kLabImportBodyBytes);
}

}  // namespace renkei::server
