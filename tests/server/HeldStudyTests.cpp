// SPDX-License-Identifier: MIT
// The liaison office's queue of held studies against the real server (issue 11 §10; R-DATA-1,
// R-AUD-1, R-OPS-3): instances whose patient cannot be matched — here pydicom's real-world samples
// without a Patient ID (Debian's python3-pydicom) and one whose Patient ID is no hospital id — arrive
// over C-STORE, STOW-RS and import-dicom, are held (success to the sender, invisible to clinics and
// to DICOMweb), listed for the office with what they say, and assigned to a registered patient or
// discarded. Other roles get 403; everything is audited.
#include <csignal>
#include <fstream>
#include <sstream>

#include "DemoServer.h"
#include "server/imaging/Multipart.h"

using namespace renkei::test;

namespace {

const std::filesystem::path kSamples = "/usr/lib/python3/dist-packages/pydicom/data/test_files";
const std::string kDeflatedStudy = "1.3.6.1.4.1.5962.1.2.0.977067310.6001.0";        // image_dfl.dcm
const std::string kBigEndianStudy = "1.2.840.113619.2.21.848.246800003.0.1952805748.3";  // ExplVR_BigEnd.dcm
const std::string kReportStudy = "1.2.276.0.7230010.3.1.2.1787205428.166.1117461927.5";  // reportsi.dcm

long count(Demo& d, const std::string& sql) {
  SQLite::Database db((d.data / "renkei.sqlite").string(), SQLite::OPEN_READONLY);
  return db.execAndGet(sql).getInt64();
}

std::string readFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const json* studyIn(const json& list, const std::string& uid) {
  for (const auto& s : list["studies"])
    if (s["study_uid"] == uid) return &s;
  return nullptr;
}

}  // namespace

TEST_CASE("instances whose patient cannot be matched are held for the liaison office, who assigns or discards each study",
          "[imaging][held][dimse][R-DATA-1][R-AUD-1]") {
  std::signal(SIGPIPE, SIG_IGN);
  REQUIRE(std::filesystem::exists(kSamples / "image_dfl.dcm"));  // python3-pydicom
  const int port = freePort();
  Demo d({"--test-mode", "--totp-required-roles", "none", "--dicom-port", std::to_string(port)});
  std::string out;
  const std::string peer = " -aet OLD-PACS -aec RENKEI 127.0.0.1 " + std::to_string(port) + " ";
  // C-STORE: a deflated secondary capture and a big-endian ultrasound, both without a Patient ID.
  REQUIRE(run("storescu -R -xd" + peer + (kSamples / "image_dfl.dcm").string(), &out) == 0);
  INFO(out);
  REQUIRE(run("storescu -R -xb -v" + peer + (kSamples / "ExplVR_BigEnd.dcm").string(), &out) == 0);
  CHECK(out.find("Received Store Response (Success)") != std::string::npos);
  // The same again: held once.
  REQUIRE(run("storescu -R -xd" + peer + (kSamples / "image_dfl.dcm").string(), &out) == 0);
  CHECK(count(d, "SELECT count(*) FROM held_instance WHERE state = 'held'") == 2);
  CHECK(d.audit("action = 'dicom.store' AND outcome = 'allowed' AND detail LIKE 'held: % (already held) for the liaison office: no Patient ID'").size() == 1);
  // STOW-RS: pydicom's Basic Text SR without a Patient ID — listed as stored, without a RetrieveURL.
  auto staff = d.signedIn("rad-sato", "Renkei-staff-2026");
  {
    std::string boundary;
    const std::string body = renkei::server::buildMultipart({{"application/dicom", "", readFile(kSamples / "reportsi.dcm")}}, boundary);
    auto r = d.client->Post("/dicomweb/studies", d.at(kStart, staff.cookie, staff.body["csrf_token"]), body,
                            "multipart/related; type=\"application/dicom\"; boundary=" + boundary);
    REQUIRE(r);
    CHECK(r->status == 200);
    const json j = json::parse(r->body);
    REQUIRE(j["00081199"]["Value"].size() == 1);
    CHECK(!j["00081199"]["Value"][0].contains("00081190"));
    CHECK(d.audit("action = 'dicomweb.stow' AND detail = '0 stored, 1 held, 0 refused'").size() == 1);
  }
  // import-dicom: pydicom's CT with its Patient ID changed to one that is no hospital id.
  const auto odd = d.dir.path() / "odd.dcm";
  std::filesystem::copy_file(kSamples / "CT_small.dcm", odd);
  REQUIRE(run("dcmodify -nb -m \"PatientID=1CT1 / ward 3\" " + odd.string(), &out) == 0);
  REQUIRE(admin(d.data, "import-dicom " + odd.string(), &out) == 0);
  CHECK(out.find("held for the liaison office: the Patient ID '1CT1 / ward 3' is not a hospital patient id") != std::string::npos);
  CHECK(count(d, "SELECT count(*) FROM held_instance WHERE state = 'held'") == 4);

  // Not visible: no study in the index, nothing for DICOMweb, the files outside the index's folders.
  CHECK(count(d, "SELECT count(*) FROM study WHERE uid IN ('" + kDeflatedStudy + "', '" + kBigEndianStudy + "', '" + kReportStudy + "')") == 0);
  CHECK(d.call("GET", "/dicomweb/studies?StudyInstanceUID=" + kDeflatedStudy, staff).body.empty());
  CHECK(d.call("GET", "/dicomweb/studies/" + kDeflatedStudy + "/metadata", staff).status == 404);
  CHECK(std::filesystem::is_directory(d.data / "images" / ".held" / kDeflatedStudy));

  // Only the office: others get 403, audited.
  auto tanaka = d.signedIn("dr-tanaka", "Renkei-clinic-2026");
  CHECK(d.call("GET", "/api/v1/admin/held-studies", staff).status == 403);
  CHECK(d.call("GET", "/api/v1/admin/held-studies", tanaka).status == 403);
  CHECK(d.call("POST", "/api/v1/admin/held-studies/" + kDeflatedStudy + "/assignment", staff, {{"patient_id", "P000101"}}).status == 403);
  CHECK(d.call("POST", "/api/v1/admin/held-studies/" + kDeflatedStudy + "/discard", tanaka, {{"reason", "x"}}).status == 403);
  CHECK(d.audit("resource LIKE '/api/v1/admin/held-studies%' AND outcome = 'denied' AND detail = 'role'").size() == 4);

  // The office's list: what each instance says, where it came from, when.
  auto office = d.signedIn("office-yamada", "Renkei-office-2026");
  auto list = d.call("GET", "/api/v1/admin/held-studies", office);
  REQUIRE(list.status == 200);
  INFO(list.text);
  CHECK(list.body["studies"].size() == 4);
  const json* us = studyIn(list.body, kBigEndianStudy);
  REQUIRE(us);
  CHECK((*us)["patient"]["id"] == "");
  CHECK((*us)["patient"]["name"]["alphabetic"] == "Anonymized");
  CHECK((*us)["modalities"] == "US");
  CHECK((*us)["reason"] == "no Patient ID");
  CHECK((*us)["sources"] == json::array({"dimse:OLD-PACS"}));
  CHECK((*us)["instances"] == 1);
  CHECK((*us)["received_at"].get<std::int64_t>() > 0);
  CHECK((*us)["study"].contains("date"));
  CHECK((*us)["study"].contains("description"));
  const json* sr = studyIn(list.body, kReportStudy);
  REQUIRE(sr);
  CHECK((*sr)["modalities"] == "SR");
  CHECK((*sr)["sources"] == json::array({"stow:rad-sato"}));
  CHECK((*sr)["patient"]["name"]["alphabetic"] == "Last Name^First Name");
  const json* ct = nullptr;
  for (const auto& s : list.body["studies"])
    if (s["patient"]["id"] == "1CT1 / ward 3") ct = &s;
  REQUIRE(ct);
  CHECK((*ct)["patient"]["sex"] == "O");
  CHECK((*ct)["patient"]["birth_date"] == "");
  CHECK((*ct)["modalities"] == "CT");
  auto one = d.call("GET", "/api/v1/admin/held-studies/" + kDeflatedStudy, office);
  REQUIRE(one.status == 200);
  REQUIRE(one.body["instances"].size() == 1);
  CHECK(one.body["instances"][0]["transfer_syntax"] == "1.2.840.10008.1.2.1.99");
  CHECK(one.body["instances"][0]["sha256"].get<std::string>().size() == 64);
  CHECK(d.audit("action = 'held.list' AND outcome = 'allowed'").size() == 1);

  // Assign: an unknown patient or study is refused; the held study is then filed under the
  // patient, the original values kept in the instance and in the queue's record.
  CHECK(d.call("POST", "/api/v1/admin/held-studies/" + kDeflatedStudy + "/assignment", office, {{"patient_id", "P999999"}}).status == 404);
  CHECK(d.call("POST", "/api/v1/admin/held-studies/1.2.3.4/assignment", office, {{"patient_id", "P000101"}}).body["error"]["code"] ==
        "unknown_held_study");
  auto a = d.call("POST", "/api/v1/admin/held-studies/" + kDeflatedStudy + "/assignment", office, {{"patient_id", "P000101"}});
  REQUIRE(a.status == 200);
  CHECK(a.body["instances_filed"] == 1);
  CHECK(d.audit("action = 'held.assign' AND outcome = 'allowed' AND detail LIKE '%1 instances filed under P000101%no Patient ID%'").size() == 1);
  CHECK(count(d, "SELECT count(*) FROM study WHERE uid = '" + kDeflatedStudy + "' AND patient_id = 'P000101'") == 1);
  CHECK(count(d, "SELECT count(*) FROM held_instance WHERE study_uid = '" + kDeflatedStudy +
                     "' AND state = 'assigned' AND assigned_patient = 'P000101' AND reconciled_by = 'office-yamada' AND patient_id = ''") == 1);
  CHECK(!std::filesystem::exists(d.data / "images" / ".held" / kDeflatedStudy));
  auto studies = d.call("GET", "/dicomweb/studies?PatientID=P000101&StudyInstanceUID=" + kDeflatedStudy, staff);
  REQUIRE(studies.body.size() == 1);
  auto meta = d.call("GET", "/dicomweb/studies/" + kDeflatedStudy + "/metadata", staff);
  REQUIRE(meta.status == 200);
  CHECK(meta.body[0]["00100020"]["Value"][0] == "P000101");
  CHECK(meta.body[0]["00100010"]["Value"][0]["Ideographic"] == "山田^太郎");
  const json& original = meta.body[0]["04000561"]["Value"][0];
  CHECK(original["04000565"]["Value"][0] == "COERCE");
  CHECK(original["04000564"]["Value"][0] == "dimse:OLD-PACS");
  CHECK(original["04000550"]["Value"][0].contains("00100010"));  // the name as sent
  CHECK(!original["04000550"]["Value"][0]["00100020"].contains("Value"));  // it had none
  // Still deflated, its frame readable.
  auto inst = d.call("GET", "/dicomweb/studies/" + kDeflatedStudy + "/instances", staff);
  REQUIRE(inst.body.size() == 1);
  CHECK(inst.body[0]["00083002"]["Value"][0] == "1.2.840.10008.1.2.1.99");
  auto frame = d.client->Get("/dicomweb/studies/" + kDeflatedStudy + "/series/" + inst.body[0]["0020000E"]["Value"][0].get<std::string>() +
                                 "/instances/" + inst.body[0]["00080018"]["Value"][0].get<std::string>() + "/frames/1",
                             d.at(kStart, staff.cookie));
  REQUIRE(frame);
  CHECK(frame->status == 200);
  // Assigned already: no longer held.
  CHECK(d.call("POST", "/api/v1/admin/held-studies/" + kDeflatedStudy + "/discard", office, {{"reason", "again"}}).status == 404);
  CHECK(d.call("GET", "/api/v1/admin/held-studies?state=assigned", office).body["studies"].size() == 1);

  // Discard: a reason is required; the files are removed, the record stays.
  CHECK(d.call("POST", "/api/v1/admin/held-studies/" + kBigEndianStudy + "/discard", office, {{"reason", " "}}).status == 400);
  auto x = d.call("POST", "/api/v1/admin/held-studies/" + kBigEndianStudy + "/discard", office, {{"reason", "vendor test image"}});
  REQUIRE(x.status == 200);
  CHECK(x.body["instances_discarded"] == 1);
  CHECK(!std::filesystem::exists(d.data / "images" / ".held" / kBigEndianStudy));
  CHECK(count(d, "SELECT count(*) FROM held_instance WHERE study_uid = '" + kBigEndianStudy +
                     "' AND state = 'discarded' AND reconcile_note = 'vendor test image' AND stored_file = ''") == 1);
  CHECK(d.audit("action = 'held.discard' AND outcome = 'allowed' AND detail LIKE '%1 instances discarded: vendor test image'").size() == 1);
  CHECK(d.call("GET", "/api/v1/admin/held-studies", office).body["studies"].size() == 2);
  CHECK(d.call("GET", "/api/v1/admin/held-studies?state=nonsense", office).status == 400);
}
