// SPDX-License-Identifier: MIT
// The app's JSON-to-state functions on the server's answers (docs/api.md), natively: what each
// screen will hold, and that a mistyped or missing field reads as empty instead of throwing (which
// in the browser would have aborted the app).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "wasm-app/office/OfficeJson.h"
#include "wasm-app/patients/PatientJson.h"

using namespace renkei;
using namespace renkei::app;
using nlohmann::json;

TEST_CASE("patient list: rows, consent scope, new items and total (R-CON-2, R-DATA-4)") {
  const json answer = json::parse(R"({"total": 2, "patients": [
    {"id": "P001", "name": "山田 太郎", "name_kana": "ヤマダ タロウ", "sex": "M", "birth_date": "1948-05-12",
     "scope": {"limited": true, "visible_from": "2025-04-01"}, "new_items": 3},
    {"id": "P002", "name": "佐藤 花子", "sex": "F", "scope": null}]})");
  int total = 0;
  const auto rows = patientListFrom(answer, total);
  REQUIRE(rows.size() == 2);
  CHECK(total == 2);
  CHECK(rows[0].name == "山田 太郎");
  CHECK(rows[0].nameKana == "ヤマダ タロウ");
  CHECK(rows[0].limited);
  CHECK(rows[0].visibleFrom == "2025-04-01");
  CHECK(rows[0].newItems == 3);
  CHECK_FALSE(rows[1].limited);  // staff: no scope
  CHECK(rows[1].visibleFrom.empty());
  CHECK(rows[1].nameKana.empty());
}

TEST_CASE("patient list: fields of the wrong type read as empty, never throw") {
  const json answer = json::parse(R"({"total": "2", "patients": [
    {"id": 7, "name": ["x"], "scope": "limited", "new_items": "many"}, "not an object", 3]})");
  int total = -1;
  std::vector<PatientSummary> rows;
  REQUIRE_NOTHROW(rows = patientListFrom(answer, total));
  CHECK(total == 0);
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].id.empty());
  CHECK(rows[0].name.empty());
  CHECK(rows[0].newItems == 0);
  CHECK_FALSE(rows[0].limited);
  int t2 = -1;
  CHECK(patientListFrom(json::parse(R"({"patients": {"a": 1}})"), t2).empty());
  CHECK(patientListFrom(json::parse("[1, 2]"), t2).empty());
}

TEST_CASE("lab table: one column per report, one row per test, cells by specimen time") {
  const json answer = json::parse(R"({"reports": [
    {"specimen_time": "2026-11-20T09:10", "results": [
      {"code": "HbA1c", "name": "HbA1c", "unit": "%", "reference_range": "4.6-6.2", "value": "7.1", "flag": "H"},
      {"code": "eGFR", "name": "eGFR", "unit": "mL/min/1.73m2", "value": "48"}]},
    {"specimen_time": "2026-08-02T08:55", "results": [
      {"code": "HbA1c", "name": "HbA1c", "unit": "%", "value": "6.8", "flag": "H", "comment": "fasting"}]}]})");
  const LabTable t = labTableFrom(answer);
  REQUIRE(t.times == std::vector<std::string>{"2026-11-20T09:10", "2026-08-02T08:55"});
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0].code == "HbA1c");
  CHECK(t.rows[0].range == "4.6-6.2");
  REQUIRE(t.rows[0].at("2026-08-02T08:55") != nullptr);
  CHECK(t.rows[0].at("2026-08-02T08:55")->value == "6.8");
  CHECK(t.rows[0].at("2026-08-02T08:55")->comment == "fasting");
  CHECK(t.rows[1].at("2026-08-02T08:55") == nullptr);  // eGFR was not measured then
  CHECK(t.rows[1].at("2026-11-20T09:10")->flag.empty());
}

TEST_CASE("trends: numeric points only, series without any are left out, days with the time of day") {
  const json answer = json::parse(R"({"series": [
    {"code": "HbA1c", "name": "HbA1c", "unit": "%", "reference_low": 4.6, "reference_high": 6.2, "points": [
      {"time": "2026-08-02T12:00", "numeric": 6.8, "value": "6.8", "flag": "H"},
      {"time": "2026-09-01", "value": "hemolysed"},
      {"time": "2026-11-20T00:00", "numeric": 7, "value": "7.0"}]},
    {"code": "CMT", "name": "Comment only", "points": [{"time": "2026-11-20", "value": "see report"}]}]})");
  const auto trends = trendsFrom(answer);
  REQUIRE(trends.size() == 1);
  const Trend& t = trends[0];
  REQUIRE(t.points.size() == 2);
  CHECK(t.low == Approx(4.6));
  CHECK(t.high == Approx(6.2));
  CHECK(t.points[0].day == Approx(dayOf("2026-08-02") + 0.5));
  CHECK(t.points[1].value == Approx(7.0));
  CHECK(dayOf("1970-01-02") == Approx(1.0));
  CHECK(dayOf("not a date") == 0.0);
}

TEST_CASE("studies: modalities with '/' instead of DICOM's backslash, and their reports (R-DATA-1)") {
  const json answer = json::parse(R"({"studies": [
    {"uid": "1.2.3", "date": "2026-10-01", "modalities": "CT\\SR", "description": "Chest CT", "instances": 120,
     "reports": [{"id": 41, "title": "胸部CT 読影"}]}]})");
  const auto studies = studiesFrom(answer);
  REQUIRE(studies.size() == 1);
  CHECK(studies[0].modalities == "CT/SR");
  CHECK(studies[0].instances == 120);
  REQUIRE(studies[0].reports.size() == 1);
  CHECK(studies[0].reports[0].first == 41);
  CHECK(studies[0].reports[0].second == "胸部CT 読影");
}

TEST_CASE("documents: kind names in the user's language, new since the previous visit (R-DATA-4)") {
  const json answer = json::parse(R"({"documents": [
    {"id": 1, "kind": "discharge-summary", "kind_name": {"ja": "退院時サマリー", "en": "Discharge summary"},
     "title": "退院時サマリー", "clinical_date": "2026-11-01", "status": "final", "updated_at": 2000},
    {"id": 2, "kind": "prescription", "kind_name": {"ja": "処方", "en": "Prescription"}, "updated_at": 999}]})");
  const auto ja = documentsFrom(answer, Language::Japanese, 1000);
  REQUIRE(ja.size() == 2);
  CHECK(ja[0].kindName == "退院時サマリー");
  CHECK(ja[0].isNew);
  CHECK_FALSE(ja[1].isNew);
  const auto en = documentsFrom(answer, Language::English, 0);
  CHECK(en[1].kindName == "Prescription");
  CHECK_FALSE(en[0].isNew);  // no previous visit: nothing is marked
}

TEST_CASE("a document: the kind's fields in the kind's order with its labels, empty ones left out (R-DATA-3)") {
  const json answer = json::parse(R"({"kind": "discharge-summary", "title": "退院時サマリー", "text": "経過良好",
    "kind_name": {"ja": "退院時サマリー", "en": "Discharge summary"},
    "fields": {"follow_up": "3か月後に再診", "admitted_on": "2026-10-20", "diagnosis": "", "course": 5}})");
  const DocumentView ja = documentViewFrom(answer, Language::Japanese);
  CHECK(ja.text == "経過良好");
  REQUIRE(ja.fields.size() == 2);
  CHECK(ja.fields[0] == std::pair<std::string, std::string>{"入院日", "2026-10-20"});
  CHECK(ja.fields[1] == std::pair<std::string, std::string>{"今後の方針・依頼事項", "3か月後に再診"});
  const DocumentView en = documentViewFrom(answer, Language::English);
  CHECK(en.fields[0].first == "Admitted");
  CHECK(en.kindName == "Discharge summary");
  CHECK(documentViewFrom(json::parse(R"({"kind": "no-such-kind", "fields": {"x": "y"}})"), Language::English).fields.empty());
}

TEST_CASE("the office's answers: facilities, users with their password state, consents with the scan, audit") {
  const auto f = facilitiesFrom(json::parse(
      R"({"facilities": [{"id": "c-01", "name": "田中内科", "kind": "clinic", "institution_code": "4012345678", "active": true},
                         {"id": "c-02", "active": "yes"}]})"));
  REQUIRE(f.size() == 2);
  CHECK(f[0].institutionCode == "4012345678");
  CHECK(f[0].active);
  CHECK_FALSE(f[1].active);  // a string is not a boolean
  const auto u = usersFrom(json::parse(R"({"users": [{"id": "dr-tanaka", "role": "clinic", "two_factor": true,
    "password": {"state": "warning", "expires_on": "2026-12-10"}}, {"id": "x", "password": "secret"}]})"));
  REQUIRE(u.size() == 2);
  CHECK(u[0].twoFactor);
  CHECK(u[0].passwordState == "warning");
  CHECK(u[1].passwordState.empty());
  const auto c = consentsFrom(json::parse(R"({"consents": [{"id": 5, "grantee_kind": "doctor", "grantee_id": "dr-tanaka",
    "signed_on": "2026-04-01", "visible_from": "2025-04-01", "scan": {"media_type": "application/pdf", "bytes": 81234}}]})"));
  REQUIRE(c.size() == 1);
  CHECK(c[0].id == 5);
  CHECK(c[0].scanType == "application/pdf");
  CHECK(c[0].scanBytes == 81234);
  const auto a = auditRecordsFrom(json::parse(R"({"records": [{"seq": 9, "at": 1700000000, "user": "dr-tanaka",
    "action": "patient.read", "patient": "P001", "outcome": "denied", "detail": "outside consent"}]})"));
  REQUIRE(a.size() == 1);
  CHECK(a[0].seq == 9);
  CHECK(a[0].outcome == "denied");
}

TEST_CASE("the office's alerts: who reached which limit, how often, when last (R-VIEW-4)") {
  const auto alerts = alertsFrom(json::parse(R"({"alerts": [
    {"user": "dr-tanaka", "facility": "c-01", "kind": "viewing_limit", "count": 3, "last_at": 1764740000, "last_seq": 90},
    {"user": 5, "kind": null}]})"));
  REQUIRE(alerts.size() == 2);
  CHECK(alerts[0].kind == "viewing_limit");
  CHECK(alerts[0].count == 3);
  CHECK(alerts[0].lastAt == 1764740000);
  CHECK(alerts[1].user.empty());
  CHECK(alerts[1].kind.empty());
}

TEST_CASE("the held-study queue: what each study says as sent, where from, why held (issue 11 §10, R-DATA-1)") {
  const auto studies = heldStudiesFrom(json::parse(R"({"state": "held", "limit": 100, "offset": 0, "studies": [
    {"study_uid": "1.2.840.113619.2.21.848.246800003.0.1952805748.3", "state": "held", "reason": "no Patient ID",
     "patient": {"id": "", "name": {"display": "Anonymized", "alphabetic": "Anonymized", "ideographic": "", "phonetic": ""},
                 "birth_date": "", "sex": ""},
     "study": {"date": "1997-04-24", "time": "140438", "description": "", "accession": ""},
     "modalities": "US\\SR", "series": 2, "instances": 3, "sources": ["dimse:OLD-PACS", "stow:rad-sato"],
     "received_at": 1796306863, "last_received_at": 1796306900, "reconciled": null},
    {"study_uid": 7, "patient": {"id": "1CT1 / ward 3", "name": "oops", "sex": "O"}, "sources": [3, "import:ct.dcm"]}]})"));
  REQUIRE(studies.size() == 2);
  const HeldStudyRow& us = studies[0];
  CHECK(us.studyUid == "1.2.840.113619.2.21.848.246800003.0.1952805748.3");
  CHECK(us.reason == "no Patient ID");
  CHECK(us.says.patientId.empty());
  CHECK(us.says.name == "Anonymized");
  CHECK(us.says.studyDate == "1997-04-24");
  CHECK(us.modalities == "US/SR");
  CHECK(us.series == 2);
  CHECK(us.instances == 3);
  CHECK(us.sources == std::vector<std::string>{"dimse:OLD-PACS", "stow:rad-sato"});
  CHECK(us.receivedAt == 1796306863);
  CHECK(us.lastReceivedAt == 1796306900);
  // Wrong types read as empty, never throw.
  CHECK(studies[1].studyUid.empty());
  CHECK(studies[1].says.patientId == "1CT1 / ward 3");
  CHECK(studies[1].says.name.empty());
  CHECK(studies[1].says.sex == "O");
  CHECK(studies[1].sources == std::vector<std::string>{"import:ct.dcm"});
  CHECK(heldStudiesFrom(json::parse(R"({"studies": null})")).empty());
}

TEST_CASE("a held study's instances, series by series, with the name groups as sent") {
  const auto instances = heldInstancesFrom(json::parse(R"({"study_uid": "1.2.3", "instances": [
    {"sop_uid": "1.2.3.2.1", "series_uid": "1.2.3.2", "modality": "SR", "transfer_syntax": "1.2.840.10008.1.2.1",
     "bytes": 5120, "sha256": "ab", "source": "stow:rad-sato", "received_at": 20, "reason": "no Patient ID", "state": "held",
     "patient": {"id": "", "name": {"display": "ヤマダ^タロウ", "alphabetic": "", "ideographic": "山田^太郎", "phonetic": "ヤマダ^タロウ"},
                 "birth_date": "19480512", "sex": "M"}, "study": {"date": "2026-11-02"}},
    {"sop_uid": "1.2.3.1.1", "series_uid": "1.2.3.1", "modality": "CT", "bytes": "big", "state": "assigned"}]})"));
  REQUIRE(instances.size() == 2);
  CHECK(instances[0].seriesUid == "1.2.3.1");  // ordered by series
  CHECK(instances[0].bytes == 0);
  CHECK(instances[0].state == "assigned");
  CHECK(instances[1].sopUid == "1.2.3.2.1");
  CHECK(instances[1].bytes == 5120);
  CHECK(instances[1].transferSyntax == "1.2.840.10008.1.2.1");
  CHECK(instances[1].says.nameIdeographic == "山田^太郎");
  CHECK(instances[1].says.namePhonetic == "ヤマダ^タロウ");
  CHECK(instances[1].says.birthDate == "19480512");  // not a date the server could read: as sent
}

TEST_CASE("assigning a held study: the registered patient beside what the instance says, differences flagged") {
  const RegisteredPatient p = registeredPatientFrom(json::parse(R"({"patient": {"id": "P000101", "name": "山田 太郎",
    "name_kana": "ヤマダ タロウ", "sex": "M", "birth_date": "1948-05-12"}, "scope": null, "consents": []})"));
  CHECK(p.id == "P000101");
  CHECK(p.name == "山田 太郎");
  CHECK(p.nameKana == "ヤマダ タロウ");
  CHECK(p.birthDate == "1948-05-12");
  CHECK(registeredPatientFrom(json::parse(R"({"patient": [1]})")).id.empty());

  HeldSays says;  // nothing to compare: no difference (and the screen says there is nothing to compare)
  CHECK(!heldMismatch(says, p).any());
  says.birthDate = "1948-05-12";
  says.sex = "M";
  CHECK(!heldMismatch(says, p).any());
  says.birthDate = "1958-05-12";
  CHECK(heldMismatch(says, p).birthDate);
  CHECK(!heldMismatch(says, p).sex);
  says.sex = "F";
  CHECK(heldMismatch(says, p).sex);
  says.patientId = "1CT1 / ward 3";
  CHECK(heldMismatch(says, p).patientId);
  RegisteredPatient unknownSex = p;
  unknownSex.sex = "U";  // the register does not know: no difference either way
  says = HeldSays{};
  says.sex = "F";
  CHECK(!heldMismatch(says, unknownSex).any());
}

TEST_CASE("why a study was held, in the user's language") {
  CHECK(heldReasonText("no Patient ID", Language::Japanese) == "患者IDがありません");
  CHECK(heldReasonText("no Patient ID", Language::English) == "no Patient ID");
  CHECK(heldReasonText("the Patient ID '1CT1 / ward 3' is not a hospital patient id", Language::Japanese) ==
        "患者ID「1CT1 / ward 3」は病院の患者IDではありません");
  CHECK(heldReasonText("the Patient ID 'X' is not a hospital patient id", Language::English) ==
        "the Patient ID 'X' is not a hospital patient ID");
  CHECK(heldReasonText("something new", Language::Japanese) == "something new");
}
