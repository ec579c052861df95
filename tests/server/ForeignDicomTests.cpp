// SPDX-License-Identifier: MIT
// Files written by OTHER software, sent as an archive would (issue 11 §10; R-DATA-1, R-VIEW-2,
// R-AUD-1, R-OPS-3): pydicom's real-world samples (Debian's python3-pydicom: explicit VR big endian,
// deflate, RGB JPEG baseline, JPEG 2000, structured reports, names in Korean, Cyrillic, Greek,
// Chinese, Arabic, Hebrew, Latin-1), GDCM's gdcmconv (JPEG 2000) and DCMTK's img2dcm, dcmj2pnm,
// dsr2xml/xml2dsr — never by this project. DCMTK's storescu sends them to the C-STORE receiver of the
// real server, proposing each file's own transfer syntax (-R and the -x option for it, as an archive
// proposes what it holds); each is stored (or held for the liaison office when its patient cannot
// be matched), listed by QIDO-RS, and its frames come back as stored (WADO-RS, transfer-syntax=*).
#include <csignal>
#include <fstream>
#include <map>
#include <sstream>

#include "DemoServer.h"
#include "core/time/Date.h"
#include "server/imaging/Multipart.h"

using namespace renkei::test;

namespace {

const std::filesystem::path kPydicom = "/usr/lib/python3/dist-packages/pydicom/data";

std::string readFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

long count(Demo& d, const std::string& sql) {
  SQLite::Database db((d.data / "renkei.sqlite").string(), SQLite::OPEN_READONLY);
  return db.execAndGet(sql).getInt64();
}

std::string text(Demo& d, const std::string& sql) {
  SQLite::Database db((d.data / "renkei.sqlite").string(), SQLite::OPEN_READONLY);
  return db.execAndGet(sql).getString();
}

std::string value(const json& dataset, const char* tag) {
  if (!dataset.contains(tag) || !dataset[tag].contains("Value")) return {};
  const json& v = dataset[tag]["Value"][0];
  return v.is_string() ? v.get<std::string>() : v.dump();
}

/// storescu proposing the file's own transfer syntax (`option`: -xb, -xd, -xy, -xw, -xv, -x=).
int send(int port, const std::string& option, const std::filesystem::path& file, std::string* out) {
  return run("storescu -R " + option + " -aet ARCHIVE -aec RENKEI 127.0.0.1 " + std::to_string(port) + " " + file.string(), out);
}

httplib::Result getWith(Demo& d, const Demo::Login& l, const std::string& path, const std::string& accept) {
  auto h = d.at(kStart, l.cookie);
  if (!accept.empty()) h.emplace("Accept", accept);
  return d.client->Get(path, h);
}

struct Foreign {
  std::filesystem::path file;
  std::string option;  ///< storescu's proposal for the file's transfer syntax
  std::string studyUid, transferSyntax;
  bool encapsulated;
};

}  // namespace

TEST_CASE("files written by other software are stored over C-STORE, listed by QIDO-RS and their frames retrieved as stored",
          "[imaging][foreign][dimse][R-DATA-1][R-VIEW-2]") {
  std::signal(SIGPIPE, SIG_IGN);
  REQUIRE(std::filesystem::exists(kPydicom / "test_files" / "MR_small_bigendian.dcm"));  // python3-pydicom
  const int port = freePort();
  Demo d({"--test-mode", "--totp-required-roles", "none", "--dicom-port", std::to_string(port)});
  const auto work = d.dir.path() / "foreign";
  std::filesystem::create_directories(work);
  std::string out;
  // GDCM: a CT in JPEG 2000 lossless. DCMTK's img2dcm: an RGB JPEG photograph (cut from pydicom's
  // sample by dcmj2pnm) as a secondary capture, with a Patient ID given on its command line.
  REQUIRE(run("gdcmconv --j2k " + (kPydicom / "test_files" / "CT_small.dcm").string() + " " + (work / "ct-j2k.dcm").string(), &out) == 0);
  REQUIRE(run("dcmj2pnm +oj +Jq 90 " + (kPydicom / "test_files" / "SC_rgb_jpeg_dcmtk.dcm").string() + " " + (work / "photo.jpg").string(), &out) == 0);
  REQUIRE(run("img2dcm -k PatientID=IMG2DCM1 -k \"PatientName=Photo^Wound\" -k StudyDate=20260101 " + (work / "photo.jpg").string() +
                  " " + (work / "photo.dcm").string(), &out) == 0);
  const auto t = kPydicom / "test_files";
  const std::vector<Foreign> files{
      {t / "MR_small_bigendian.dcm", "-xb", "1.3.6.1.4.1.5962.1.2.4.20040826185059.5457", "1.2.840.10008.1.2.2", false},
      {t / "SC_rgb_jpeg_dcmtk.dcm", "-xy", "1.2.826.0.1.3680043.8.498.12406831542731051035295345080039845114", "1.2.840.10008.1.2.4.50", true},
      {t / "JPEG2000.dcm", "-xw", "1.3.6.1.4.1.5962.1.2.8.20040826185059.5457", "1.2.840.10008.1.2.4.91", true},
      {work / "ct-j2k.dcm", "-xv", "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322", "1.2.840.10008.1.2.4.90", true},
  };
  for (const Foreign& f : files) {
    INFO(f.file);
    REQUIRE(send(port, f.option, f.file, &out) == 0);
    INFO(out);
    CHECK(out.find("Store Failed") == std::string::npos);
  }
  REQUIRE(send(port, "-xy", work / "photo.dcm", &out) == 0);
  const std::string photoStudy = text(d, "SELECT study_uid FROM sop_instance WHERE source = 'dimse:ARCHIVE' AND sop_class = "
                                         "'1.2.840.10008.5.1.4.1.1.7' AND transfer_syntax = '1.2.840.10008.1.2.4.50' AND study_uid <> '" +
                                             files[1].studyUid + "'");
  CHECK(count(d, "SELECT count(*) FROM sop_instance WHERE source = 'dimse:ARCHIVE'") == 5);
  CHECK(count(d, "SELECT count(*) FROM study WHERE patient_id = 'IMG2DCM1' AND study_date = '2026-01-01'") == 1);
  CHECK(d.audit("action = 'dicom.store' AND outcome = 'denied'").empty());

  // Listed (QIDO-RS) with the transfer syntax as stored, and each frame as stored: the compressed
  // bitstream byte for byte as it lies in the sent file, or the native pixels of the big-endian MR.
  auto staff = d.signedIn("rad-sato", "Renkei-staff-2026");
  std::vector<Foreign> all = files;
  all.push_back({work / "photo.dcm", "-xy", photoStudy, "1.2.840.10008.1.2.4.50", true});
  for (const Foreign& f : all) {
    INFO(f.file);
    auto q = d.call("GET", "/dicomweb/studies?StudyInstanceUID=" + f.studyUid, staff);
    REQUIRE(q.status == 200);
    REQUIRE(q.body.size() == 1);
    auto inst = d.call("GET", "/dicomweb/studies/" + f.studyUid + "/instances", staff);
    REQUIRE(inst.status == 200);
    REQUIRE(inst.body.size() >= 1);
    const json& i = inst.body.back();
    CHECK(value(i, "00083002") == f.transferSyntax);  // AvailableTransferSyntaxUID
    const std::string path = "/dicomweb/studies/" + f.studyUid + "/series/" + value(i, "0020000E") + "/instances/" + value(i, "00080018");
    auto r = getWith(d, staff, path + "/frames/1", "multipart/related; type=\"application/octet-stream\"; transfer-syntax=*");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    const auto parts = renkei::server::parseMultipart(r->body, r->get_header_value("Content-Type"));
    REQUIRE(parts.size() == 1);
    REQUIRE(parts[0].body.size() > 100);
    if (f.encapsulated) {
      CHECK(parts[0].contentType.find(f.transferSyntax) != std::string::npos);
      CHECK(readFile(f.file).find(parts[0].body) != std::string::npos);
    } else {
      CHECK(parts[0].body.size() == std::size_t(64) * 64 * 2);  // MR_small: 64 × 64, 16 bits
    }
    // The metadata is DICOM JSON (the big-endian and compressed files read by DCMTK).
    auto meta = d.call("GET", path + "/metadata", staff);
    CHECK(meta.status == 200);
  }
}

TEST_CASE("patient names in Korean, Cyrillic, Greek, Chinese, Arabic, Hebrew and Latin-1 are decoded, never stored as U+FFFD",
          "[imaging][foreign][charset][R-DATA-1]") {
  std::signal(SIGPIPE, SIG_IGN);
  REQUIRE(std::filesystem::exists(kPydicom / "charset_files" / "chrI2.dcm"));  // python3-pydicom
  const int port = freePort();
  Demo d({"--test-mode", "--totp-required-roles", "none", "--dicom-port", std::to_string(port)});
  // pydicom's character-set samples (from the DICOM standard's examples, PS3.5 Annex H–K).
  const std::map<std::string, std::pair<std::string, std::string>> names{
      {"chrI2", {"I2EXAMPLE", "洪 吉洞"}},          // ISO 2022 IR 149 (Korean): ideographic group (hanja)
      {"chrRuss", {"SCSRUSS", "Люкceмбypг"}},      // ISO_IR 144 (Cyrillic; the sample mixes in Latin c, e, y, p)
      {"chrGreek", {"SCSGREEK", "Διονυσιος"}},      // ISO_IR 126
      {"chrX2", {"X2EXAMPLE", "王 小东"}},          // GB18030
      {"chrArab", {"SCSARAB", "قباني لنزار"}},      // ISO_IR 127
      {"chrHbrw", {"SCSHBRW", "שרון דבורה"}},       // ISO_IR 138
      {"chrFren", {"SCSFREN", "Buc Jérôme"}},       // ISO_IR 100
      {"chrH31", {"H31EXAMPLE", "山田 太郎"}},      // ISO 2022 IR 87 (core's decoder)
  };
  std::string out;
  for (const auto& [file, expected] : names) {
    INFO(file);
    REQUIRE(send(port, "-x=", kPydicom / "charset_files" / (file + ".dcm"), &out) == 0);
    CHECK(text(d, "SELECT name FROM patient WHERE id = '" + expected.first + "'") == expected.second);
  }
  CHECK(text(d, "SELECT name_kana FROM patient WHERE id = 'I2EXAMPLE'") == "홍 길동");  // the phonetic group, hangul
  CHECK(count(d, "SELECT count(*) FROM patient WHERE instr(name, char(65533)) > 0 OR instr(name_kana, char(65533)) > 0") == 0);
  CHECK(count(d, "SELECT count(*) FROM study WHERE instr(patient_name, char(65533)) > 0") == 0);
  // QIDO-RS and the metadata give the names in UTF-8 too.
  auto staff = d.signedIn("rad-sato", "Renkei-staff-2026");
  auto q = d.call("GET", "/dicomweb/studies?PatientID=I2EXAMPLE", staff);
  REQUIRE(q.status == 200);
  REQUIRE(q.body.size() == 1);
  CHECK(q.body[0]["00100010"]["Value"][0]["Ideographic"] == "洪^吉洞");
  CHECK(q.body[0]["00100010"]["Value"][0]["Phonetic"] == "홍^길동");
  const std::string study = value(q.body[0], "0020000D");
  auto meta = d.call("GET", "/dicomweb/studies/" + study + "/metadata", staff);
  REQUIRE(meta.status == 200);
  CHECK(meta.body[0]["00100010"]["Value"][0]["Alphabetic"] == "Hong^Gildong");
  CHECK(meta.body[0]["00100010"]["Value"][0]["Ideographic"] == "洪^吉洞");
  CHECK(meta.text.find("\xEF\xBF\xBD") == std::string::npos);
  auto russ = d.call("GET", "/dicomweb/studies?PatientID=SCSRUSS", staff);
  REQUIRE(russ.body.size() == 1);
  CHECK(russ.body[0]["00100010"]["Value"][0]["Alphabetic"] == "Люкceмбypг");
}

TEST_CASE("a structured report from other software is stored, listed and its text given, not rendered",
          "[imaging][foreign][sr][R-DATA-1]") {
  std::signal(SIGPIPE, SIG_IGN);
  REQUIRE(std::filesystem::exists(kPydicom / "test_files" / "test-SR.dcm"));
  const int port = freePort();
  Demo d({"--test-mode", "--totp-required-roles", "none", "--dicom-port", std::to_string(port)});
  // pydicom's Comprehensive SR (written by DCMTK at OFFIS), through DCMTK's dsr2xml and xml2dsr,
  // with a Patient ID (the sample has none) and a study date.
  const auto work = d.dir.path() / "sr";
  std::filesystem::create_directories(work);
  std::string out;
  REQUIRE(run("dsr2xml " + (kPydicom / "test_files" / "test-SR.dcm").string() + " " + (work / "sr.xml").string(), &out) == 0);
  REQUIRE(run("xml2dsr " + (work / "sr.xml").string() + " " + (work / "sr.dcm").string(), &out) == 0);
  REQUIRE(run("dcmodify -nb -i PatientID=P000101 -i StudyDate=" +
                  renkei::Date::fromUnixSecondsJst(kStart).plusDays(-3).iso().erase(7, 1).erase(4, 1) + " " + (work / "sr.dcm").string(),
              &out) == 0);
  REQUIRE(send(port, "-x=", work / "sr.dcm", &out) == 0);
  INFO(out);
  const std::string study = "1.2.276.0.7230010.3.1.4.2139363186.7819.982086466.2";
  CHECK(count(d, "SELECT count(*) FROM sop_instance WHERE study_uid = '" + study + "' AND frames = 0") == 1);
  auto staff = d.signedIn("rad-sato", "Renkei-staff-2026");
  auto q = d.call("GET", "/dicomweb/studies?PatientID=P000101&ModalitiesInStudy=SR", staff);
  REQUIRE(q.status == 200);
  REQUIRE(q.body.size() == 1);
  auto inst = d.call("GET", "/dicomweb/studies/" + study + "/instances", staff);
  REQUIRE(inst.body.size() == 1);
  CHECK(value(inst.body[0], "00080016") == "1.2.840.10008.5.1.4.1.1.88.33");  // Comprehensive SR
  CHECK(!inst.body[0].contains("00280010"));                                  // no Rows: not an image
  const std::string series = value(inst.body[0], "0020000E"), sop = value(inst.body[0], "00080018");
  // The app's list shows it with its series.
  auto list = d.call("GET", "/api/v1/patients/P000101/studies", staff);
  bool listed = false;
  for (const auto& s : list.body["studies"]) listed = listed || s["uid"] == study;
  CHECK(listed);
  // Its text: the content tree flattened by dcmsr.
  const std::string textPath = "/api/v1/studies/" + study + "/series/" + series + "/instances/" + sop + "/text";
  auto r = d.call("GET", textPath, staff);
  REQUIRE(r.status == 200);
  INFO(r.text);
  CHECK(r.body["document_type"] == "Comprehensive SR");
  CHECK(r.body["items"].size() > 5);
  CHECK(r.body["items"][0]["level"] == 1);
  CHECK(r.body["text"].get<std::string>().find(r.body["title"].get<std::string>()) == 0);
  CHECK(r.body["text"].get<std::string>().find("\n  ") != std::string::npos);  // nested items indented
  CHECK(d.audit("action = 'studies.report_text' AND outcome = 'allowed'").size() == 1);
  // The liaison office sees no clinical data.
  auto office = d.signedIn("office-yamada", "Renkei-office-2026");
  CHECK(d.call("GET", textPath, office).status == 403);
  CHECK(d.audit("resource = '" + textPath + "' AND outcome = 'denied' AND detail = 'role'").size() == 1);
}
