// SPDX-License-Identifier: MIT
// The imaging store against the real server (issue 6; R-DATA-1, R-CON-4, R-VIEW-2, R-VIEW-4,
// R-AUD-1): DCMTK's own storescu and echoscu talk to the C-STORE receiver; STOW-RS, QIDO-RS and
// WADO-RS over HTTPS; every read passes the consent scope. The DICOM files are made by the test
// itself (renkei-admin synthesize-dicom: DCMTK-written phantoms), never copied from elsewhere.
#include <fstream>
#include <set>
#include <sstream>

#include "TestFiles.h"
#include "DemoServer.h"
#include "core/time/Date.h"
#include "server/imaging/DicomInstance.h"
#include "server/imaging/Multipart.h"
#include "server/imaging/Rendering.h"

using namespace renkei::test;
using renkei::server::MimePart;

namespace {


/// YYYYMMDD `days` ago (hospital-local).
std::string daysAgo(int days) {
  const auto d = renkei::Date::fromUnixSecondsJst(kStart).plusDays(-days).iso();
  return d.substr(0, 4) + d.substr(5, 2) + d.substr(8, 2);
}

/// Writes a synthetic study into `dir` and returns its files.
std::vector<std::filesystem::path> synthesize(const std::filesystem::path& dir, const std::string& args) {
  std::string out;
  INFO(out);
  REQUIRE(run(std::string(RENKEI_ADMIN_BINARY) + " synthesize-dicom --out " + dir.string() + " " + args, &out) == 0);
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  REQUIRE(!files.empty());
  return files;
}

long count(Demo& d, const std::string& sql) {
  SQLite::Database db((d.data / "renkei.sqlite").string(), SQLite::OPEN_READONLY);
  return db.execAndGet(sql).getInt64();
}

std::string tag(const json& dataset, const char* t) {
  if (!dataset.contains(t) || !dataset[t].contains("Value")) return {};
  const json& v = dataset[t]["Value"][0];
  return v.is_string() ? v.get<std::string>() : v.dump();
}

struct Stow {
  int status;
  json body;
};

Stow stow(Demo& d, const Demo::Login& l, const std::vector<std::string>& instances) {
  std::vector<MimePart> parts;
  for (const auto& i : instances) parts.push_back({"application/dicom", "", i});
  std::string boundary;
  const std::string body = renkei::server::buildMultipart(parts, boundary);
  auto h = d.at(kStart, l.cookie, l.body["csrf_token"]);
  auto r = d.client->Post("/dicomweb/studies", h, body, "multipart/related; type=\"application/dicom\"; boundary=" + boundary);
  REQUIRE(r);
  return {r->status, json::parse(r->body, nullptr, false)};
}

httplib::Result getWith(Demo& d, const Demo::Login& l, const std::string& path, const std::string& accept) {
  auto h = d.at(kStart, l.cookie);
  if (!accept.empty()) h.emplace("Accept", accept);
  return d.client->Get(path, h);
}

std::vector<MimePart> parts(const httplib::Result& r) {
  return renkei::server::parseMultipart(r->body, r->get_header_value("Content-Type"));
}

}  // namespace

TEST_CASE("storescu sends a CT series to the C-STORE receiver, echoscu is answered, a re-send stores nothing twice",
          "[imaging][dimse][R-DATA-1][R-AUD-1]") {
  const int port = freePort();
  Demo d({"--test-mode", "--totp-required-roles", "none", "--dicom-port", std::to_string(port), "--dicom-ae-title", "HOSP-RENKEI"});
  const auto files = synthesize(d.dir.path() / "ct", "--patient P000101 --kind ct --slices 24 --size 128 --date " + daysAgo(20) +
                                                         " --name Yamada^Tarou --name-kanji 山田^太郎 --name-kana やまだ^たろう");
  REQUIRE(files.size() == 24);
  const std::string peer = " -aet CT-SCANNER -aec HOSP-RENKEI 127.0.0.1 " + std::to_string(port);
  std::string out;
  CHECK(run("echoscu" + peer, &out) == 0);
  INFO(out);
  REQUIRE(run("storescu -nh" + peer + " +sd " + (d.dir.path() / "ct").string(), &out) == 0);
  CHECK(out.find("Store Failed") == std::string::npos);
  CHECK(count(d, "SELECT count(*) FROM sop_instance") == 24);
  CHECK(count(d, "SELECT count(*) FROM study WHERE patient_id = 'P000101'") == 1);
  CHECK(count(d, "SELECT count(*) FROM sop_instance WHERE source = 'dimse:CT-SCANNER'") == 24);
  // Stored as received: the file's bytes are the sent file's (DCMTK rewrites only the meta header's
  // implementation fields), and its hash is in the index.
  CHECK(std::filesystem::exists(d.data / "images"));
  CHECK(count(d, "SELECT count(*) FROM sop_instance WHERE length(sha256) = 64 AND bytes > 128*128*2") == 24);
  CHECK(d.audit("action = 'dicom.store' AND outcome = 'allowed' AND detail LIKE 'stored%'").size() == 24);

  // The same series again: every instance answered with success, nothing stored twice.
  REQUIRE(run("storescu -nh" + peer + " +sd " + (d.dir.path() / "ct").string(), &out) == 0);
  CHECK(count(d, "SELECT count(*) FROM sop_instance") == 24);
  CHECK(d.audit("action = 'dicom.store' AND detail LIKE 'duplicate%'").size() == 24);

  // An instance without a Patient ID is not refused (issue 11 §10): held for the liaison office,
  // outside the index.
  const auto bad = d.dir.path() / "bad.dcm";
  std::filesystem::copy_file(files[0], bad);
  REQUIRE(run("dcmodify -nb -m \"(0008,0018)=1.2.3.4.5.6.7\" -ea \"(0010,0020)\" " + bad.string()) == 0);
  run("storescu -v -nh" + peer + " " + bad.string(), &out);
  INFO(out);
  CHECK(out.find("Received Store Response (Success)") != std::string::npos);
  CHECK(count(d, "SELECT count(*) FROM sop_instance") == 24);
  CHECK(count(d, "SELECT count(*) FROM held_instance WHERE state = 'held' AND reason = 'no Patient ID'") == 1);
  CHECK(d.audit("action = 'dicom.store' AND outcome = 'allowed' AND detail LIKE 'held: % for the liaison office: no Patient ID'").size() == 1);
  // No half-received files are left in the receiving folder.
  std::size_t left = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(d.data / "images" / ".incoming")) ++left;
  CHECK(left == 0);

  // Only our AE title is called.
  CHECK(run("echoscu -aet CT-SCANNER -aec SOMEONE-ELSE 127.0.0.1 " + std::to_string(port), &out) != 0);
  CHECK(d.audit("action = 'dicom.store' AND outcome = 'denied' AND detail LIKE 'refused: association for AE title ''SOMEONE-ELSE''%'").size() == 1);

  // The Japanese name arrived in ISO 2022 IR 87 and was decoded (PS3.5 Annex H).
  auto tanaka = d.signedIn("dr-tanaka", "Renkei-clinic-2026");
  auto studies = d.call("GET", "/dicomweb/studies?PatientID=P000101", tanaka);
  REQUIRE(studies.status == 200);
  REQUIRE(studies.body.size() == 1);
  CHECK(studies.body[0]["00100010"]["Value"][0]["Alphabetic"] == "Yamada^Tarou");
  CHECK(studies.body[0]["00100010"]["Value"][0]["Ideographic"] == "山田^太郎");
  CHECK(studies.body[0]["00100010"]["Value"][0]["Phonetic"] == "やまだ^たろう");
  CHECK(tag(studies.body[0], "00201208") == "24");
}

TEST_CASE("STOW-RS, QIDO-RS and WADO-RS under the consent scope", "[imaging][dicomweb][R-CON-4][R-VIEW-4][R-AUD-1]") {
  Demo d;
  auto staff = d.signedIn("rad-sato", "Renkei-staff-2026");
  auto tanaka = d.signedIn("dr-tanaka", "Renkei-clinic-2026");
  auto kobayashi = d.signedIn("dr-kobayashi", "Renkei-clinic-2026");
  auto office = d.signedIn("office-yamada", "Renkei-office-2026");

  // Staff send: a recent CT of 山田 太郎 (clinic consent 60 days ago: visible from ~425 days back),
  // an old one from three years ago (before the look-back), and an MR of 渡辺 正 (another clinic).
  const auto readAll = [](const std::vector<std::filesystem::path>& files) {
    std::vector<std::string> out;
    for (const auto& f : files) out.push_back(readFile(f));
    return out;
  };
  const auto recent = readAll(synthesize(d.dir.path() / "recent", "--patient P000101 --kind ct --slices 3 --size 64 --date " + daysAgo(5) +
                                                                     " --name Yamada^Tarou --name-kanji 山田^太郎 --name-kana やまだ^たろう"));
  const auto old = readAll(synthesize(d.dir.path() / "old", "--patient P000101 --kind ct --slices 2 --size 64 --date " + daysAgo(3 * 365)));
  const auto other = readAll(synthesize(d.dir.path() / "other", "--patient P000105 --kind mr --slices 2 --size 64 --date " + daysAgo(5)));
  const auto jls = readAll(synthesize(d.dir.path() / "jls", "--patient P000101 --kind ct --slices 1 --size 64 --syntax jpeg-ls --date " + daysAgo(4)));
  for (const auto* batch : {&recent, &old, &other, &jls}) {
    const Stow s = stow(d, staff, *batch);
    INFO(s.body.dump());
    REQUIRE(s.status == 200);
    CHECK(s.body["00081199"]["Value"].size() == batch->size());
  }
  CHECK(count(d, "SELECT count(*) FROM sop_instance") == 8);
  CHECK(count(d, "SELECT count(*) FROM sop_instance WHERE source = 'stow:rad-sato'") == 8);

  // Bad STOW input: a part that is not DICOM and a truncated file are refused (409, reasons), and a
  // body that is not multipart/related gets 415. Nothing is stored.
  const std::string truncated = recent[0].substr(0, recent[0].size() / 2);
  Stow s = stow(d, staff, {"just text, not DICOM", truncated});
  CHECK(s.status == 409);
  REQUIRE(s.body["00081198"]["Value"].size() == 2);
  CHECK(tag(s.body["00081198"]["Value"][0], "00081196").find("not a DICOM file") != std::string::npos);
  CHECK(tag(s.body["00081198"]["Value"][1], "00081196").find("truncated") != std::string::npos);
  CHECK(count(d, "SELECT count(*) FROM sop_instance") == 8);
  auto r = d.client->Post("/dicomweb/studies", d.at(kStart, staff.cookie, staff.body["csrf_token"]), "x", "text/plain");
  REQUIRE(r);
  CHECK(r->status == 415);
  // One good instance among bad ones: 202, the good one stored.
  const auto extra = readAll(synthesize(d.dir.path() / "extra", "--patient P000102 --kind cr --date " + daysAgo(2)));
  s = stow(d, staff, {extra[0], "junk"});
  CHECK(s.status == 202);
  CHECK(count(d, "SELECT count(*) FROM sop_instance") == 9);
  // Clinic users do not store.
  CHECK(stow(d, tanaka, recent).status == 403);

  // QIDO: staff see every study; Dr 田中 only those inside his consents' scope; the office none.
  auto all = d.call("GET", "/dicomweb/studies", staff);
  REQUIRE(all.status == 200);
  CHECK(all.body.size() == 5);
  CHECK(all.contentType == "application/dicom+json");
  auto mine = d.call("GET", "/dicomweb/studies", tanaka);
  REQUIRE(mine.status == 200);
  std::vector<std::string> patients;
  for (const auto& st : mine.body) patients.push_back(tag(st, "00100020"));
  std::sort(patients.begin(), patients.end());
  // 山田 太郎's recent CT and the JPEG-LS one, and 鈴木 花子's CR (consent naming Dr 田中); never
  // the CT from before the look-back, never 渡辺 正's MR.
  CHECK(patients == std::vector<std::string>{"P000101", "P000101", "P000102"});
  for (const auto& st : mine.body) CHECK(tag(st, "00080020") >= daysAgo(425));
  CHECK(d.call("GET", "/dicomweb/studies?PatientID=P000105", tanaka).body.size() == 0);
  CHECK(d.call("GET", "/dicomweb/studies?StudyDate=" + daysAgo(4000) + "-" + daysAgo(800), tanaka).body.size() == 0);
  CHECK(d.call("GET", "/dicomweb/studies?StudyDate=" + daysAgo(4000) + "-" + daysAgo(800), staff).body.size() == 1);
  CHECK(d.call("GET", "/dicomweb/studies?ModalitiesInStudy=MR", staff).body.size() == 1);
  CHECK(d.call("GET", "/dicomweb/studies?ModalitiesInStudy=MR", kobayashi).body.size() == 1);
  CHECK(d.call("GET", "/dicomweb/studies", office).status == 403);
  // includefield adds the patient's birth date and sex; without it they are not sent.
  auto withBirth = d.call("GET", "/dicomweb/studies?PatientID=P000102&includefield=PatientBirthDate,00100040", tanaka);
  REQUIRE(withBirth.body.size() == 1);
  CHECK(tag(withBirth.body[0], "00100030") == "19560903");
  CHECK(tag(withBirth.body[0], "00100040") == "F");
  CHECK_FALSE(mine.body[0].contains("00100030"));
  CHECK(d.call("GET", "/dicomweb/studies?StudyDate=2026-01-01", staff).status == 400);
  CHECK(d.call("GET", "/dicomweb/studies?Nonsense=1", staff).status == 400);

  // The studies' uids, by what they are.
  const auto studyOf = [&](const std::string& patient, const std::string& date) {
    for (const auto& st : all.body)
      if (tag(st, "00100020") == patient && tag(st, "00080020") == date) return tag(st, "0020000D");
    FAIL("no study " << patient << " " << date);
    return std::string();
  };
  const std::string recentUid = studyOf("P000101", daysAgo(5)), oldUid = studyOf("P000101", daysAgo(3 * 365)),
                    otherUid = studyOf("P000105", daysAgo(5)), jlsUid = studyOf("P000101", daysAgo(4));

  // Series and instances of a visible study; the old study is 403 (before the look-back), the
  // other clinic's 404 (it does not exist for him) — both audited as denied with the patient.
  auto series = d.call("GET", "/dicomweb/studies/" + recentUid + "/series", tanaka);
  REQUIRE(series.status == 200);
  REQUIRE(series.body.size() == 1);
  const std::string seriesUid = tag(series.body[0], "0020000E");
  auto instances = d.call("GET", "/dicomweb/studies/" + recentUid + "/series/" + seriesUid + "/instances", tanaka);
  REQUIRE(instances.status == 200);
  REQUIRE(instances.body.size() == 3);
  const std::string sop = tag(instances.body[0], "00080018");
  CHECK(d.call("GET", "/dicomweb/studies/" + oldUid + "/series", tanaka).status == 403);
  CHECK(d.call("GET", "/dicomweb/studies/" + otherUid + "/series", tanaka).status == 404);
  CHECK(d.call("GET", "/dicomweb/studies/1.2.3.999/series", tanaka).status == 404);
  CHECK(d.audit("account_id = 'dr-tanaka' AND action = 'dicomweb.qido.series' AND outcome = 'denied' AND patient_id = 'P000101'").size() == 1);
  CHECK(d.audit("account_id = 'dr-tanaka' AND action = 'dicomweb.qido.series' AND outcome = 'denied' AND patient_id = 'P000105'").size() == 1);

  // WADO-RS instance: as stored when any syntax is taken, per instance only for clinic users.
  const std::string instancePath = "/dicomweb/studies/" + recentUid + "/series/" + seriesUid + "/instances/" + sop;
  r = getWith(d, tanaka, instancePath, "multipart/related; type=\"application/dicom\"; transfer-syntax=*");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  auto got = parts(r);
  REQUIRE(got.size() == 1);
  CHECK(std::find(recent.begin(), recent.end(), got[0].body) != recent.end());
  CHECK(d.audit("account_id = 'dr-tanaka' AND action = 'dicomweb.wado.instance' AND outcome = 'allowed' AND patient_id = 'P000101'").size() == 1);
  // Whole studies are not for clinic users (R-VIEW-4); staff may.
  CHECK(d.call("GET", "/dicomweb/studies/" + recentUid, tanaka).status == 403);
  r = getWith(d, staff, "/dicomweb/studies/" + recentUid, "multipart/related; type=\"application/dicom\"; transfer-syntax=*");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("Transfer-Encoding") == "chunked");  // streamed file by file
  const auto study = parts(r);
  REQUIRE(study.size() == 3);
  for (const auto& p : study) CHECK(std::find(recent.begin(), recent.end(), p.body) != recent.end());
  // Out of scope, directly: 403 / 404.
  const auto oldInstances = d.call("GET", "/dicomweb/studies/" + oldUid + "/instances", staff);
  REQUIRE(oldInstances.body.size() == 2);
  const std::string oldPath = "/dicomweb/studies/" + oldUid + "/series/" + tag(oldInstances.body[0], "0020000E") + "/instances/" +
                              tag(oldInstances.body[0], "00080018");
  CHECK(d.call("GET", oldPath, tanaka).status == 403);
  CHECK(d.call("GET", oldPath + "/frames/1", tanaka).status == 403);
  CHECK(d.call("GET", oldPath + "/metadata", tanaka).status == 403);
  CHECK(d.call("GET", oldPath, kobayashi).status == 404);
  CHECK(d.call("GET", oldPath, office).status == 403);

  // Metadata: DICOM JSON in UTF-8, the pixel data as a bulk-data link.
  auto meta = d.call("GET", instancePath + "/metadata", tanaka);
  INFO(meta.text.substr(0, 600));
  REQUIRE(meta.status == 200);
  REQUIRE(meta.body.is_array());
  CHECK(tag(meta.body[0], "00080018") == sop);
  CHECK(meta.body[0]["00100010"]["Value"][0]["Ideographic"] == "山田^太郎");
  REQUIRE(meta.body[0]["7FE00010"].contains("BulkDataURI"));
  CHECK(meta.body[0]["7FE00010"]["BulkDataURI"] == instancePath + "/frames/1");  // every frame (here one)
  CHECK(d.call("GET", meta.body[0]["7FE00010"]["BulkDataURI"].get<std::string>(), tanaka).status == 200);
  CHECK_FALSE(meta.body[0]["7FE00010"].contains("InlineBinary"));

  // Frames: an uncompressed frame is rows × columns × 2 bytes.
  r = getWith(d, tanaka, instancePath + "/frames/1", "multipart/related; type=\"application/octet-stream\"");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  got = parts(r);
  REQUIRE(got.size() == 1);
  CHECK(got[0].body.size() == 64 * 64 * 2);
  CHECK(d.call("GET", instancePath + "/frames/2", tanaka).status == 404);
  CHECK(d.call("GET", instancePath + "/frames/0", tanaka).status == 400);

  // JPEG-LS: sent as stored (image/jls) or decompressed on request; the decompressed frame is the
  // same phantom as the uncompressed CT of the same size (lossless).
  const auto jlsInstances = d.call("GET", "/dicomweb/studies/" + jlsUid + "/instances", tanaka);
  REQUIRE(jlsInstances.body.size() == 1);
  CHECK(tag(jlsInstances.body[0], "00083002") == "1.2.840.10008.1.2.4.80");
  const std::string jlsPath = "/dicomweb/studies/" + jlsUid + "/series/" + tag(jlsInstances.body[0], "0020000E") + "/instances/" +
                              tag(jlsInstances.body[0], "00080018");
  r = getWith(d, tanaka, jlsPath + "/frames/1", "multipart/related; type=\"image/jls\"");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  const std::string compressed = parts(r)[0].body;
  CHECK(compressed.size() < 64 * 64 * 2);
  CHECK(static_cast<unsigned char>(compressed[0]) == 0xFF);
  CHECK(static_cast<unsigned char>(compressed[1]) == 0xD8);  // a JPEG-LS stream starts with SOI
  r = getWith(d, tanaka, jlsPath + "/frames/1", "multipart/related; type=\"application/octet-stream\"; transfer-syntax=1.2.840.10008.1.2.1");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  const std::string decompressed = parts(r)[0].body;
  CHECK(decompressed.size() == 64 * 64 * 2);
  // The whole instance transcoded to explicit VR little endian when asked for (the default).
  r = getWith(d, tanaka, jlsPath, "multipart/related; type=\"application/dicom\"");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  CHECK(parts(r)[0].contentType.find("transfer-syntax=1.2.840.10008.1.2.1") != std::string::npos);
  r = getWith(d, tanaka, jlsPath, "application/json");
  REQUIRE(r);
  CHECK(r->status == 406);
}

TEST_CASE("import-dicom stores a folder tree in every transfer syntax, refuses what is not DICOM, and is idempotent",
          "[imaging][import][R-OPS-3][R-VIEW-2]") {
  Demo d;
  const auto root = d.dir.path() / "archive";
  const std::vector<std::string> syntaxes{"explicit", "implicit", "jpeg-lossless", "jpeg-ls", "rle", "deflate"};
  for (const auto& syntax : syntaxes)
    synthesize(root / "nested" / syntax, "--patient P000104 --kind mr --slices 2 --size 64 --syntax " + syntax + " --date " + daysAgo(3));
  { std::ofstream(root / "notes.txt") << "not an image"; }
  { std::ofstream(root / "nested" / "DICOMDIR") << "a file-set index, not an instance"; }
  std::string out;
  const std::string cmd = std::string(RENKEI_ADMIN_BINARY) + " --data-dir " + d.data.string() + " import-dicom " + root.string();
  CHECK(run(cmd, &out) == 1);  // one file refused
  INFO(out);
  CHECK(out.find("12 instances stored, 0 already stored, 0 held for the liaison office, 1 refused") != std::string::npos);
  CHECK(out.find("notes.txt: REFUSED: not a DICOM file") != std::string::npos);
  CHECK(out.find("DICOMDIR") == std::string::npos);  // skipped, not refused
  CHECK(count(d, "SELECT count(*) FROM sop_instance") == 12);
  CHECK(count(d, "SELECT count(DISTINCT transfer_syntax) FROM sop_instance") == 6);
  // Native little-endian instances (explicit and implicit VR) are indexed by frame offset: their
  // frames are read from the file without parsing it (and must equal the decoded ones below).
  CHECK(count(d, "SELECT count(*) FROM sop_instance WHERE pixel_offset > 0 AND frame_bytes = 64 * 64 * 2") == 4);
  CHECK(count(d, "SELECT count(*) FROM study WHERE patient_id = 'P000104'") == 6);
  CHECK(d.audit("action = 'dicom.import'").size() == 1);
  // Again: nothing new.
  CHECK(run(cmd, &out) == 1);
  CHECK(out.find("0 instances stored, 12 already stored, 0 held for the liaison office, 1 refused") != std::string::npos);
  CHECK(count(d, "SELECT count(*) FROM sop_instance") == 12);

  // Every stored syntax decodes to the same frame as the uncompressed one (R-VIEW-2): frames of the
  // first instance of each study, decompressed by the server, compared with the explicit one.
  auto staff = d.signedIn("rad-sato", "Renkei-staff-2026");
  auto studies = d.call("GET", "/dicomweb/studies?PatientID=P000104", staff);
  REQUIRE(studies.body.size() == 6);
  std::set<std::string> firstFrames;
  for (const auto& st : studies.body) {
    const std::string uid = tag(st, "0020000D");
    auto inst = d.call("GET", "/dicomweb/studies/" + uid + "/instances", staff);
    REQUIRE(inst.body.size() == 2);
    for (const auto& i : inst.body) {
      if (tag(i, "00200013") != "1") continue;
      auto r = getWith(d, staff, "/dicomweb/studies/" + uid + "/series/" + tag(i, "0020000E") + "/instances/" + tag(i, "00080018") + "/frames/1",
                       "multipart/related; type=\"application/octet-stream\"");
      REQUIRE(r);
      INFO(tag(i, "00083002") << " " << r->body.substr(0, 200));
      REQUIRE(r->status == 200);
      firstFrames.insert(parts(r)[0].body);
    }
  }
  CHECK(firstFrames.size() == 1);  // six syntaxes, one picture
}

TEST_CASE("the demo's studies carry their reports and count as new for the clinic", "[imaging][demo][R-DATA-1][R-DATA-4]") {
  TempDir dir;
  const auto data = dir.path() / "data";
  std::string out;
  REQUIRE(admin(data, "demo --with-images", &out) == 0);
  INFO(out);
  CHECK(out.find("demo images created: 6 studies") != std::string::npos);
  ServerProcess server({data, {"--test-mode", "--totp-required-roles", "none", "--password-iterations", "1000"}});
  REQUIRE(server.start());
  auto client = server.client();
  auto login = client->Post("/api/v1/session", R"({"user":"dr-tanaka","password":"Renkei-clinic-2026"})", "application/json");
  REQUIRE(login);
  REQUIRE(login->status == 200);
  const std::string setCookie = login->get_header_value("Set-Cookie");
  const std::string cookie = setCookie.substr(0, setCookie.find(';'));
  auto r = client->Get("/api/v1/patients/P000101/studies", {{"Cookie", cookie}});
  REQUIRE(r);
  REQUIRE(r->status == 200);
  const auto body = json::parse(r->body);
  // Four studies inside the consent period: the CT now and a year ago, CR, DXA (the CT from 800 days
  // ago is before the look-back).
  REQUIRE(body["studies"].size() == 4);
  const auto& ct = body["studies"][0];
  CHECK(ct["modalities"] == "CT");
  CHECK(ct["instances"] == 120);
  REQUIRE(ct["reports"].size() == 1);
  CHECK(ct["reports"][0]["title"] == "胸部CT (経過観察)");
  for (const auto& st : body["studies"]) CHECK(st["date"].get<std::string>() >= body["studies"].back()["date"].get<std::string>());
  // Never opened: the studies are among the new items of the list.
  auto list = client->Get("/api/v1/patients?q=P000101", {{"Cookie", cookie}});
  REQUIRE(list);
  CHECK(json::parse(list->body)["patients"][0]["new_items"].get<int>() >= 4 + 1);
}

TEST_CASE("API tokens for DICOMweb clients: shown once, scoped to DICOMweb, revocable, ended with the sessions",
          "[imaging][tokens][R-SES-2][R-AUD-1]") {
  Demo d;
  auto tanaka = d.signedIn("dr-tanaka", "Renkei-clinic-2026");
  auto office = d.signedIn("office-yamada", "Renkei-office-2026");
  const auto bearer = [&](const std::string& token, const std::string& path) {
    auto r = d.client->Get(path, httplib::Headers{{"Authorization", "Bearer " + token}});
    REQUIRE(r);
    return r->status;
  };
  auto made = d.call("POST", "/api/v1/tokens", tanaka, json{{"name", "viewer at the clinic"}, {"days", 7}});
  REQUIRE(made.status == 201);
  const std::string token = made.body["token"];
  CHECK(token.rfind("rk_", 0) == 0);
  CHECK(d.call("POST", "/api/v1/tokens", tanaka, json{{"name", "x"}, {"days", 91}}).status == 400);
  CHECK(d.call("POST", "/api/v1/tokens", tanaka, json{{"name", " "}}).status == 400);
  CHECK(d.call("POST", "/api/v1/tokens", office, json{{"name", "office"}}).status == 403);
  // Only the hash is kept; the audit never holds the secret.
  CHECK(count(d, "SELECT count(*) FROM api_token WHERE token_hash = '" + token + "'") == 0);
  CHECK(d.audit("detail LIKE '%" + token.substr(3, 20) + "%'").empty());

  CHECK(bearer(token, "/dicomweb/studies") == 200);
  CHECK(d.audit("action = 'dicomweb.qido.studies' AND account_id = 'dr-tanaka' AND detail LIKE 'api_token %'").size() == 1);
  CHECK(bearer(token, "/api/v1/patients") == 401);       // DICOMweb only
  CHECK(bearer("rk_nonsense", "/dicomweb/studies") == 401);
  CHECK(d.audit("resource = '/dicomweb/studies' AND outcome = 'denied' AND detail LIKE 'api_token: unknown%'").size() == 1);

  // Revoked by its owner: gone at once. Another person cannot revoke it.
  auto second = d.call("POST", "/api/v1/tokens", tanaka, json{{"name", "second"}});
  const std::string token2 = second.body["token"];
  auto suzuki = d.signedIn("dr-suzuki", "Renkei-clinic-2026");
  CHECK(d.call("DELETE", "/api/v1/tokens/" + std::to_string(second.body["id"].get<int>()), suzuki).status == 404);
  CHECK(bearer(token2, "/dicomweb/studies") == 200);
  CHECK(d.call("DELETE", "/api/v1/tokens/" + std::to_string(second.body["id"].get<int>()), tanaka).status == 204);
  CHECK(bearer(token2, "/dicomweb/studies") == 401);

  // A password change ends every session and every token of the account (R-SES-2).
  auto changed = d.call("POST", "/api/v1/password", tanaka, json{{"current", "Renkei-clinic-2026"}, {"new", "Another-clinic-2027"}});
  REQUIRE(changed.status == 200);
  CHECK(bearer(token, "/dicomweb/studies") == 401);
  auto list = d.call("GET", "/api/v1/tokens", d.signedIn("dr-tanaka", "Another-clinic-2027"));
  REQUIRE(list.status == 200);
  CHECK(list.body["tokens"].size() == 2);
  for (const auto& t : list.body["tokens"]) {
    CHECK_FALSE(t["revoked_at"].is_null());
    CHECK_FALSE(t.contains("token"));
  }
}

TEST_CASE("the watermark is burnt into the pixels along the bottom, white on a dark outline", "[imaging][rendered][R-VIEW-4]") {
  std::vector<unsigned char> grey(400 * 300, 128);
  renkei::server::burnWatermark(grey.data(), 400, 300, 1, "RENKEI dr-tanaka 2026-12-02 13:05 JST");
  std::size_t white = 0, black = 0, changedAbove = 0;
  for (int y = 0; y < 300; ++y)
    for (int x = 0; x < 400; ++x) {
      const unsigned char v = grey[static_cast<std::size_t>(y) * 400 + x];
      if (y < 280 && v != 128) ++changedAbove;
      white += v == 255;
      black += v == 0;
    }
  CHECK(changedAbove == 0);  // only the bottom band
  CHECK(white > 200);        // 37 characters of 5×7 dots, many lit
  CHECK(black > white);      // each lit dot outlined
  // RGB: all three samples of a lit pixel are white.
  std::vector<unsigned char> rgb(64 * 64 * 3, 10);
  renkei::server::burnWatermark(rgb.data(), 64, 64, 3, "A");
  bool found = false;
  for (std::size_t p = 0; p < 64 * 64; ++p)
    if (rgb[p * 3] == 255) found |= rgb[p * 3 + 1] == 255 && rgb[p * 3 + 2] == 255;
  CHECK(found);
}

TEST_CASE("rendered pictures and thumbnails, and clinic downloads limited per hour while viewing is not",
          "[imaging][rendered][R-VIEW-4][R-AUD-1]") {
  Demo d({"--test-mode", "--totp-required-roles", "none", "--downloads-per-hour", "3"});
  auto staff = d.signedIn("rad-sato", "Renkei-staff-2026");
  auto tanaka = d.signedIn("dr-tanaka", "Renkei-clinic-2026");
  std::vector<std::string> files;
  for (const auto& f : synthesize(d.dir.path() / "ct", "--patient P000101 --kind ct --slices 5 --size 256 --date " + daysAgo(3)))
    files.push_back(readFile(f));
  REQUIRE(stow(d, staff, files).status == 200);
  auto st = d.call("GET", "/dicomweb/studies", tanaka);
  REQUIRE(st.body.size() == 1);
  const std::string study = tag(st.body[0], "0020000D");
  auto inst = d.call("GET", "/dicomweb/studies/" + study + "/instances", tanaka);
  REQUIRE(inst.body.size() == 5);
  const std::string base = "/dicomweb/studies/" + study + "/series/" + tag(inst.body[0], "0020000E");
  const std::string one = base + "/instances/" + tag(inst.body[0], "00080018");

  auto r = getWith(d, tanaka, one + "/rendered?window=-600,1500", "image/jpeg");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == "image/jpeg");
  CHECK(r->body.substr(0, 2) == "\xFF\xD8");
  CHECK(d.audit("action = 'dicomweb.rendered' AND account_id = 'dr-tanaka' AND detail LIKE '%watermark ''RENKEI dr-tanaka %JST''%'").size() == 1);
  r = getWith(d, tanaka, one + "/frames/1/rendered", "image/png");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  CHECK(r->body.substr(1, 3) == "PNG");
  const auto be32 = [](const std::string& b, std::size_t at) {
    return (static_cast<unsigned char>(b[at]) << 24) | (static_cast<unsigned char>(b[at + 1]) << 16) |
           (static_cast<unsigned char>(b[at + 2]) << 8) | static_cast<unsigned char>(b[at + 3]);
  };
  CHECK(be32(r->body, 16) == 256);  // IHDR width
  { std::ofstream(d.dir.path() / "rendered.png", std::ios::binary) << r->body; }
  CHECK(getWith(d, tanaka, one + "/rendered", "text/html")->status == 406);
  CHECK(getWith(d, tanaka, one + "/rendered?window=40", "image/jpeg")->status == 400);
  CHECK(getWith(d, tanaka, one + "/frames/2/rendered", "image/jpeg")->status == 404);

  // Thumbnails: at most 128 px, not counted as downloads.
  for (int k = 0; k < 4; ++k) {
    r = getWith(d, tanaka, base + "/thumbnail", "image/png");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    CHECK(be32(r->body, 16) == 128);
  }
  // Two rendered so far; one instance more is the third download, the fourth is refused (429) and
  // audited; frames (viewing) still work; staff are not limited.
  r = getWith(d, tanaka, one, "multipart/related; type=\"application/dicom\"; transfer-syntax=*");
  REQUIRE(r);
  CHECK(r->status == 200);
  r = getWith(d, tanaka, one, "multipart/related; type=\"application/dicom\"; transfer-syntax=*");
  REQUIRE(r);
  CHECK(r->status == 429);
  CHECK(r->body.find("download_limit") != std::string::npos);
  CHECK(d.audit("account_id = 'dr-tanaka' AND outcome = 'denied' AND detail LIKE '%download limit reached%'").size() == 1);
  r = getWith(d, tanaka, one + "/frames/1", "multipart/related; type=\"application/octet-stream\"");
  REQUIRE(r);
  CHECK(r->status == 200);
  for (int k = 0; k < 5; ++k) {
    r = getWith(d, staff, one + "/rendered", "image/jpeg");
    REQUIRE(r);
    CHECK(r->status == 200);
  }
}

TEST_CASE("the receiver takes only the listed senders, and a deflated bomb and oversized answers are refused",
          "[imaging][dimse][limits][R-DATA-1]") {
  const int port = freePort();
  Demo d({"--test-mode", "--totp-required-roles", "none", "--dicom-port", std::to_string(port), "--dicom-calling-ae-titles",
          "CT-SCANNER, MR-SCANNER"});
  std::string out;
  CHECK(run("echoscu -aet CT-SCANNER -aec RENKEI 127.0.0.1 " + std::to_string(port), &out) == 0);
  CHECK(run("echoscu -aet LAPTOP -aec RENKEI 127.0.0.1 " + std::to_string(port), &out) != 0);
  CHECK(d.audit("account_id = 'dimse:LAPTOP' AND outcome = 'denied' AND detail LIKE '%calling AE title not allowed%'").size() == 1);

  // Deflate: the inflated size is measured before DCMTK inflates it all in memory.
  const auto files = synthesize(d.dir.path() / "deflated", "--patient P000101 --kind ct --slices 1 --size 256 --syntax deflate");
  const std::string deflated = readFile(files[0]);
  CHECK_NOTHROW(renkei::server::checkInflatedSize(deflated, 1u << 20));
  CHECK_THROWS_AS(renkei::server::checkInflatedSize(deflated, 64 * 1024), renkei::server::DicomError);
  CHECK(deflated.size() < 64 * 1024);  // the test is a real bomb in miniature: it inflates past 64 KiB

  // A series that belongs to another study is refused (it would mix two patients' images).
  auto staff = d.signedIn("rad-sato", "Renkei-staff-2026");
  const auto first = readFile(synthesize(d.dir.path() / "a", "--patient P000101 --kind cr")[0]);
  REQUIRE(stow(d, staff, {first}).status == 200);
  const auto other = d.dir.path() / "b" / "x.dcm";
  std::filesystem::create_directories(other.parent_path());
  { std::ofstream(other, std::ios::binary) << readFile(synthesize(d.dir.path() / "c", "--patient P000102 --kind cr")[0]); }
  auto series = d.call("GET", "/dicomweb/studies?PatientID=P000101", staff);
  const std::string study = tag(series.body[0], "0020000D");
  const std::string seriesUid = tag(d.call("GET", "/dicomweb/studies/" + study + "/series", staff).body[0], "0020000E");
  REQUIRE(run("dcmodify -nb -m \"(0020,000e)=" + seriesUid + "\" " + other.string()) == 0);
  Stow s = stow(d, staff, {readFile(other)});
  CHECK(s.status == 409);
  CHECK(tag(s.body["00081198"]["Value"][0], "00081196").find("belongs to another study") != std::string::npos);

  // Thumbnails stay small whatever the viewport asks; frame answers are bounded.
  auto inst = d.call("GET", "/dicomweb/studies/" + study + "/instances", staff);
  const std::string path = "/dicomweb/studies/" + study + "/series/" + seriesUid + "/instances/" + tag(inst.body[0], "00080018");
  auto r = getWith(d, staff, path + "/thumbnail?viewport=4096,4096", "image/png");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  const auto be32 = [](const std::string& b, std::size_t at) {
    return (static_cast<unsigned char>(b[at]) << 24) | (static_cast<unsigned char>(b[at + 1]) << 16) |
           (static_cast<unsigned char>(b[at + 2]) << 8) | static_cast<unsigned char>(b[at + 3]);
  };
  CHECK(be32(r->body, 16) <= 256);
  std::string many = "1";
  for (int k = 0; k < 999; ++k) many += ",1";
  r = getWith(d, staff, path + "/frames/" + many, "multipart/related; type=\"application/octet-stream\"");
  REQUIRE(r);
  CHECK(r->status == 413);
}

TEST_CASE("viewing volume: past the series or bytes of an hour a clinic user opens no further series, the office sees it",
          "[imaging][R-VIEW-4][R-AUD-1]") {
  for (const bool byBytes : {false, true}) {
    INFO((byBytes ? "bytes" : "series"));
    Demo d(byBytes ? std::vector<std::string>{"--test-mode", "--totp-required-roles", "none", "--view-megabytes-per-hour", "1"}
                   : std::vector<std::string>{"--test-mode", "--totp-required-roles", "none", "--series-per-hour", "2"});
    auto staff = d.signedIn("rad-sato", "Renkei-staff-2026");
    auto tanaka = d.signedIn("dr-tanaka", "Renkei-clinic-2026");
    std::vector<std::string> series;  // metadata paths of three series of the same patient
    for (const char* kind : {"ct", "mr", "cr"}) {
      std::vector<std::string> files;
      for (const auto& f : synthesize(d.dir.path() / kind,
                                      std::string("--patient P000101 --slices 6 --size 256 --date ") + daysAgo(3) + " --kind " + kind))
        files.push_back(readFile(f));
      REQUIRE(stow(d, staff, files).status == 200);
    }
    for (const json& st : d.call("GET", "/dicomweb/studies", tanaka).body) {
      const std::string study = tag(st, "0020000D");
      for (const json& se : d.call("GET", "/dicomweb/studies/" + study + "/series", tanaka).body)
        series.push_back("/dicomweb/studies/" + study + "/series/" + tag(se, "0020000E"));
    }
    REQUIRE(series.size() == 3);
    const auto first = d.call("GET", series[0] + "/metadata", tanaka);
    REQUIRE(first.status == 200);
    const std::string frames = series[0] + "/instances/" + tag(first.body[0], "00080018") + "/frames/1";
    if (byBytes) {
      // Eight frames of 128 KiB of one open series: more than 1 MiB sent, still readable.
      for (int k = 0; k < 8; ++k) CHECK(getWith(d, tanaka, frames, "multipart/related; type=\"application/octet-stream\"")->status == 200);
    } else {
      CHECK(d.call("GET", series[1] + "/metadata", tanaka).status == 200);
    }
    const auto refused = d.call("GET", series[2] + "/metadata", tanaka);
    CHECK(refused.status == 429);
    CHECK(refused.body["error"]["code"] == "viewing_limit");
    // The series already open stay readable; hospital staff are not limited.
    CHECK(getWith(d, tanaka, frames, "multipart/related; type=\"application/octet-stream\"")->status == 200);
    CHECK(d.call("GET", series[2] + "/metadata", staff).status == 200);
    CHECK(d.audit("account_id = 'dr-tanaka' AND outcome = 'denied' AND detail LIKE '%viewing limit%'").size() == 1);
    // The office's alert list names the doctor.
    std::string out;
    auto office = d.signedIn("office-yamada", "Renkei-office-2026");
    const auto alerts = d.call("GET", "/api/v1/audit/alerts", office);
    REQUIRE(alerts.status == 200);
    REQUIRE(alerts.body["alerts"].size() == 1);
    CHECK(alerts.body["alerts"][0]["user"] == "dr-tanaka");
    CHECK(alerts.body["alerts"][0]["kind"] == "viewing_limit");
    CHECK(d.call("GET", "/api/v1/audit/alerts", tanaka).status == 403);
  }
}

TEST_CASE("the viewer's PNG export asks first: audited with its watermark, counted as a download, refused past the limit and outside the scope",
          "[imaging][export][R-VIEW-4][R-AUD-1]") {
  Demo d({"--test-mode", "--totp-required-roles", "none", "--downloads-per-hour", "2"});
  auto staff = d.signedIn("rad-sato", "Renkei-staff-2026");
  auto tanaka = d.signedIn("dr-tanaka", "Renkei-clinic-2026");
  auto kobayashi = d.signedIn("dr-kobayashi", "Renkei-clinic-2026");  // clinic-moji: no consent for P000101
  std::vector<std::string> files;
  for (const auto& f : synthesize(d.dir.path() / "ct", "--patient P000101 --kind ct --slices 2 --size 64 --date " + daysAgo(3)))
    files.push_back(readFile(f));
  REQUIRE(stow(d, staff, files).status == 200);
  auto st = d.call("GET", "/dicomweb/studies", tanaka);
  REQUIRE(st.body.size() == 1);
  const std::string study = tag(st.body[0], "0020000D");
  auto inst = d.call("GET", "/dicomweb/studies/" + study + "/instances", tanaka);
  REQUIRE(inst.body.size() == 2);
  const std::string one = "/dicomweb/studies/" + study + "/series/" + tag(inst.body[0], "0020000E") + "/instances/" + tag(inst.body[0], "00080018");

  auto r = d.call("POST", one + "/export", tanaka, json::object());
  REQUIRE(r.status == 200);
  const std::string watermark = r.body["watermark"];
  CHECK(watermark.rfind("RENKEI dr-tanaka clinic-tanaka ", 0) == 0);  // who, where
  CHECK(watermark.find(" JST") != std::string::npos);                 // and when
  CHECK(r.body["instance"] == tag(inst.body[0], "00080018"));
  CHECK(d.audit("action = 'dicomweb.export' AND account_id = 'dr-tanaka' AND outcome = 'allowed' AND patient_id = 'P000101' AND detail LIKE "
                "'%exported as PNG, watermark ''RENKEI dr-tanaka clinic-tanaka %'").size() == 1);
  // Outside the consents: the same 404 as an unknown study, audited as denied; nothing counted.
  CHECK(d.call("POST", one + "/export", kobayashi, json::object()).status == 404);
  CHECK(d.audit("action = 'dicomweb.export' AND account_id = 'dr-kobayashi' AND outcome = 'denied'").size() == 1);
  CHECK(d.call("POST", one + "/export", tanaka, json::object()).status == 200);  // the second download
  r = d.call("POST", one + "/export", tanaka, json::object());
  CHECK(r.status == 429);  // the third in the hour
  CHECK(r.body["error"]["code"] == "download_limit");
  CHECK(d.audit("action = 'dicomweb.export' AND account_id = 'dr-tanaka' AND outcome = 'denied'").size() == 1);
  CHECK(d.call("POST", one + "/export", Demo::Login{}, json::object()).status == 401);  // no session
}

TEST_CASE("JPEG 2000 from another writer (GDCM) is decompressed on the server: frames, transcoding, rendered pictures and thumbnails",
          "[imaging][j2k][R-VIEW-2][R-DATA-1]") {
  Demo d({"--test-mode", "--totp-required-roles", "none"});
  auto staff = d.signedIn("rad-sato", "Renkei-staff-2026");
  const auto files = synthesize(d.dir.path() / "ct", "--patient P000101 --kind ct --slices 1 --size 64 --date " + daysAgo(2));
  REQUIRE(files.size() == 1);
  const std::string original = readFile(files[0]);
  const auto j2k = d.dir.path() / "ct-j2k.dcm";
  std::string out;
  REQUIRE(run("gdcmconv --j2k " + files[0].string() + " " + j2k.string(), &out) == 0);  // GDCM's lossless JPEG 2000
  REQUIRE(stow(d, staff, {readFile(j2k)}).status == 200);
  auto st = d.call("GET", "/dicomweb/studies?PatientID=P000101&StudyDate=" + daysAgo(2), staff);
  REQUIRE(st.body.size() == 1);
  const std::string study = tag(st.body[0], "0020000D");
  auto inst = d.call("GET", "/dicomweb/studies/" + study + "/instances", staff);
  REQUIRE(inst.body.size() == 1);
  CHECK(tag(inst.body[0], "00083002") == "1.2.840.10008.1.2.4.90");
  const std::string path = "/dicomweb/studies/" + study + "/series/" + tag(inst.body[0], "0020000E") + "/instances/" + tag(inst.body[0], "00080018");

  // Decompressed frame: lossless, so exactly the original's pixel data (the last element of the file).
  auto r = getWith(d, staff, path + "/frames/1", "multipart/related; type=\"application/octet-stream\"; transfer-syntax=1.2.840.10008.1.2.1");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  const std::string pixels = parts(r)[0].body;
  REQUIRE(pixels.size() == 64 * 64 * 2);
  CHECK(pixels == original.substr(original.size() - pixels.size()));
  // As stored: the J2K codestream (SOC marker).
  r = getWith(d, staff, path + "/frames/1", "multipart/related; type=\"application/octet-stream\"; transfer-syntax=*");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  CHECK(parts(r)[0].body.substr(0, 2) == "\xFF\x4F");
  // The instance transcoded to explicit VR little endian.
  r = getWith(d, staff, path, "multipart/related; type=\"application/dicom\"");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  CHECK(parts(r)[0].contentType.find("transfer-syntax=1.2.840.10008.1.2.1") != std::string::npos);
  CHECK(parts(r)[0].body.find(pixels) != std::string::npos);
  // Rendered and thumbnail: pictures now, no longer 406.
  r = getWith(d, staff, path + "/rendered", "image/png");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->body.substr(1, 3) == "PNG");
  r = getWith(d, staff, path + "/thumbnail", "image/jpeg");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->body.substr(0, 2) == "\xFF\xD8");
}
