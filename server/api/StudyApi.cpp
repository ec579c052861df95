// SPDX-License-Identifier: MIT
#include "server/api/StudyApi.h"

#include <nlohmann/json.hpp>

#include "server/api/PatientAccess.h"
#include "server/api/QueryParams.h"
#include "server/api/Roles.h"
#include "server/imaging/DicomWebApi.h"
#include "server/imaging/ImageStore.h"
#include "server/imaging/StructuredReport.h"

namespace renkei::server {

using nlohmann::json;

void registerStudyApi(Api& api, ImageStore& store) {
  Services& sv = api.services();
  // A patient's imaging studies for the app's timeline (JSON API, not DICOMweb): each study inside
  // the caller's scope with its series and its radiology reports from the document model.
  api.route("GET", R"(/api/v1/patients/([^/]+)/studies)", Access::Session, kAnyone,
            [&sv, &store](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "studies.list";
              ctx.patientId = req.matches[1].str().substr(0, 64);
              QueryParams(req, {});
              const PatientScope scope = PatientAccess(sv).open(ctx, req.matches[1], Purpose::Clinical);
              StudyQuery q;
              q.patientId = scope.patientId;
              q.limit = 1000;
              if (scope.limited) {
                q.restricted = true;
                q.among = {scope.patientId};
                q.visibleFrom = {scope.visibleFrom};
              }
              const auto documents = sv.documents.list(scope.patientId, scope.limited ? scope.visibleFrom : std::nullopt, "");
              json out = json::array();
              for (const StudyRow& st : store.studies(q)) {
                json reports = json::array();
                for (const StoredDocument& d : documents)
                  if (d.document.studyUid == st.uid)
                    reports.push_back({{"id", d.id}, {"title", d.document.title},
                                       {"status", records::toString(d.document.status)}, {"author", d.document.author}});
                json series = json::array();
                for (const SeriesRow& se : store.series(st.uid))
                  series.push_back({{"uid", se.uid}, {"modality", se.modality}, {"number", se.number},
                                    {"description", se.description}, {"instances", se.instances}});
                out.push_back({{"uid", st.uid}, {"date", st.studyDate}, {"time", st.studyTime}, {"accession", st.accession},
                               {"description", st.description}, {"modalities", st.modalities}, {"instances", st.instances},
                               {"series", series}, {"reports", reports}, {"received_at", st.receivedAt},
                               {"updated_at", st.updatedAt}});
              }
              ctx.detail = std::to_string(out.size()) + " studies";
              res.set_content(json{{"patient_id", scope.patientId}, {"studies", out}}.dump(), "application/json");
            });

  // A structured report's text (SR objects are shown as text, not rendered as images): the content
  // tree flattened by DCMTK's dcmsr, under the consent scope of the study (dicomweb::readableInstance).
  api.route("GET", R"(/api/v1/studies/([0-9.]{1,64})/series/([0-9.]{1,64})/instances/([0-9.]{1,64})/text)", Access::Session,
            kClinical, [&sv, &store](const httplib::Request& req, httplib::Response& res, RequestContext& ctx) {
              ctx.action = "studies.report_text";
              QueryParams(req, {});
              const InstanceRow i = dicomweb::readableInstance(sv, store, ctx, req.matches[1], req.matches[2], req.matches[3]);
              const auto report = structuredReport(dicomweb::fileOf(store, i));
              if (!report) throw Refusal(Error::NotAcceptable, "This instance is not a structured report.");
              json items = json::array();
              for (const ReportItem& it : report->items)
                items.push_back({{"level", it.level}, {"relationship", it.relationship}, {"value_type", it.valueType},
                                 {"concept", it.conceptName}, {"value", it.value}});
              ctx.detail = "sop " + i.sopUid + ": " + std::to_string(items.size()) + " content items";
              res.set_content(json{{"sop_uid", i.sopUid}, {"sop_class", i.sopClass}, {"title", report->title},
                                   {"document_type", report->documentType}, {"completion", report->completion},
                                   {"verification", report->verification}, {"text", report->text}, {"items", items}}
                                  .dump(),
                              "application/json");
            });
}

}  // namespace renkei::server
