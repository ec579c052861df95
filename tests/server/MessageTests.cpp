// SPDX-License-Identifier: MIT
// Secure messaging against the real server (issue 14, R-MSG-1, R-CON, R-AUD): threads between a
// clinic side and a hospital department, receipts and unread counts per reader, search in the
// decrypted bodies, the consent scope of patient threads, the departments' visibility,
// attachments typed by content and capped, encryption at rest (the database, its WAL and the
// attachment files hold no plaintext) and the master key's rotation.
#include <sys/stat.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <iterator>

#include "DemoServer.h"

using namespace renkei::test;

namespace {

const char* kClinic = "Renkei-clinic-2026";
const char* kStaff = "Renkei-staff-2026";
const char* kOffice = "Renkei-office-2026";

json newThread(const std::string& department, const std::string& text, const json& patient = nullptr, bool whole = false) {
  json b{{"subject", "質問 / question"}, {"department", department}, {"text", text}};
  if (!patient.is_null()) b["patient_id"] = patient;
  if (whole) b["to_whole_clinic"] = true;
  return b;
}

std::vector<std::int64_t> ids(const json& threads) {
  std::vector<std::int64_t> out;
  for (const json& t : threads) out.push_back(t["id"].get<std::int64_t>());
  return out;
}

bool listed(const json& threads, std::int64_t id) {
  const auto v = ids(threads);
  return std::find(v.begin(), v.end(), id) != v.end();
}

int unread(Demo& demo, const Demo::Login& l, std::int64_t t = kStart) {
  const auto r = demo.call("GET", "/api/v1/messages/unread", l, nullptr, t);
  REQUIRE(r.status == 200);
  return r.body["unread"].get<int>();
}

struct Upload {
  int status = 0;
  json body;
};

Upload attach(Demo& demo, const Demo::Login& l, std::int64_t message, const std::string& name, const std::string& bytes,
              std::int64_t t = kStart) {
  auto h = demo.at(t, l.cookie, l.body["csrf_token"].get<std::string>());
  h.emplace("X-File-Name", name);
  auto r = demo.client->Post("/api/v1/messages/" + std::to_string(message) + "/attachments", h, bytes, "application/pdf");
  REQUIRE(r);
  return {r->status, json::parse(r->body, nullptr, false)};
}

std::string pngBytes() { return std::string("\x89PNG\r\n\x1a\n", 8) + std::string(64, '\x01'); }

std::string fileText(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// Every file of the database (with its WAL and shared memory) and of the attachment store.
std::vector<std::filesystem::path> storedFiles(const std::filesystem::path& data) {
  std::vector<std::filesystem::path> out;
  for (const char* f : {"renkei.sqlite", "renkei.sqlite-wal", "renkei.sqlite-shm"})
    if (std::filesystem::exists(data / f)) out.push_back(data / f);
  if (std::filesystem::exists(data / "messages"))
    for (const auto& e : std::filesystem::recursive_directory_iterator(data / "messages"))
      if (e.is_regular_file()) out.push_back(e.path());
  return out;
}

std::vector<std::pair<std::string, std::string>> wrappedKeys(const std::filesystem::path& data) {
  SQLite::Database db((data / "renkei.sqlite").string(), SQLite::OPEN_READONLY);
  SQLite::Statement q(db, "SELECT key_id, hex(wrapped_key) FROM message UNION ALL SELECT key_id, hex(wrapped_key) FROM message_thread");
  std::vector<std::pair<std::string, std::string>> out;
  while (q.executeStep()) out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getString());
  return out;
}

}  // namespace

TEST_CASE("R-MSG-1: a clinic doctor asks radiology about a patient, staff answer, both read the thread", "[server][messaging]") {
  std::signal(SIGPIPE, SIG_IGN);
  Demo demo;
  const auto doctor = demo.signedIn("dr-tanaka", kClinic);
  const auto staff = demo.signedIn("rad-sato", kStaff);
  // The demo's thread is there: dr-tanaka's question and rad-sato's answer, read by both.
  auto r = demo.call("GET", "/api/v1/threads", doctor);
  REQUIRE(r.status == 200);
  REQUIRE(r.body["threads"].size() == 1);
  CHECK(r.body["threads"][0]["patient_id"] == "P000101");
  CHECK(r.body["threads"][0]["messages"] == 2);
  CHECK(r.body["threads"][0]["unread"] == 0);
  CHECK(unread(demo, doctor) == 0);

  r = demo.call("POST", "/api/v1/threads", doctor, newThread("radiology", "造影剤は使えますか？", "P000102"), kStart + 10);
  INFO(r.text);
  REQUIRE(r.status == 201);
  const std::int64_t id = r.body["thread"]["id"];
  CHECK(r.body["thread"]["department"] == "radiology");
  CHECK(r.body["thread"]["department_name_ja"] == "放射線科");
  CHECK(r.body["thread"]["patient_name"] == "鈴木 花子");
  CHECK(r.body["thread"]["facility_id"] == "clinic-tanaka");
  CHECK(r.body["thread"]["clinic_user"] == "dr-tanaka");
  CHECK(r.body["thread"]["messages"] == 1);
  CHECK(r.body["thread"]["unread"] == 0);  // one's own messages are never unread
  CHECK(r.body["message"]["text"] == "造影剤は使えますか？");
  CHECK(r.body["message"]["sender_role"] == "clinic");
  REQUIRE(r.body["message"]["read_by"].size() == 1);  // the sender's own receipt
  CHECK(r.body["message"]["read_by"][0]["account"] == "dr-tanaka");

  // Staff see it first in their list (newest activity), unread, and read it.
  r = demo.call("GET", "/api/v1/threads", staff);
  REQUIRE(r.body["threads"].size() == 2);
  CHECK(r.body["threads"][0]["id"] == id);
  CHECK(r.body["threads"][0]["unread"] == 1);
  CHECK(unread(demo, staff) == 1);
  r = demo.call("GET", "/api/v1/threads/" + std::to_string(id), staff, nullptr, kStart + 20);
  REQUIRE(r.status == 200);
  REQUIRE(r.body["messages"].size() == 1);
  REQUIRE(r.body["messages"][0]["read_by"].size() == 2);  // the answer already holds the caller's receipt
  CHECK(r.body["messages"][0]["read_by"][1]["account"] == "rad-sato");
  CHECK(r.body["messages"][0]["read_by"][1]["read_at"] == kStart + 20);
  CHECK(unread(demo, staff) == 0);

  r = demo.call("POST", "/api/v1/threads/" + std::to_string(id) + "/messages", staff, {{"text", "eGFR を確認のうえ可能です。"}}, kStart + 30);
  REQUIRE(r.status == 201);
  CHECK(r.body["message"]["sender_name"] == "佐藤 健");
  CHECK(unread(demo, doctor) == 1);
  r = demo.call("GET", "/api/v1/threads/" + std::to_string(id), doctor, nullptr, kStart + 40);
  REQUIRE(r.body["messages"].size() == 2);
  CHECK(r.body["messages"][1]["text"] == "eGFR を確認のうえ可能です。");
  CHECK(r.body["messages"][0]["read_by"][1]["account"] == "rad-sato");  // the question: read by staff (the receipt)
  CHECK(r.body["thread"]["last_sender_name"] == "佐藤 健");
  CHECK(unread(demo, doctor) == 0);

  // Bad input names the field; unknown ids are 404.
  CHECK(demo.call("POST", "/api/v1/threads", doctor, newThread("cardiology", "x")).body["error"]["message"].get<std::string>().find("department") !=
        std::string::npos);
  CHECK(demo.call("POST", "/api/v1/threads", doctor, newThread("doctor:office-yamada", "x")).status == 400);
  CHECK(demo.call("POST", "/api/v1/threads", doctor, {{"subject", ""}, {"department", "liaison"}, {"text", "x"}}).status == 400);
  CHECK(demo.call("POST", "/api/v1/threads", doctor, newThread("liaison", std::string(20001, 'a'))).status == 400);
  CHECK(demo.call("POST", "/api/v1/threads/" + std::to_string(id) + "/messages", doctor, {{"text", " "}}).status == 400);
  CHECK(demo.call("GET", "/api/v1/threads/99999", doctor).body["error"]["code"] == "unknown_thread");
  CHECK(demo.call("GET", "/api/v1/threads/abc", doctor).status == 404);

  // Audited, and without a word of the messages.
  CHECK(demo.audit("action = 'message.thread.create' AND outcome = 'allowed'").size() == 1);
  CHECK(demo.audit("action = 'message.thread.read' AND outcome = 'allowed'").size() == 2);
  CHECK(demo.audit("action = 'message.post' AND outcome = 'allowed'").size() == 1);
  CHECK(demo.audit("action = 'message.thread.list'").size() == 2);
  for (const json& a : demo.audit("action LIKE 'message.%'")) {
    CHECK(a["detail"].get<std::string>().find("造影剤") == std::string::npos);
    CHECK(a["detail"].get<std::string>().find("eGFR") == std::string::npos);
  }
  CHECK(!demo.audit("action = 'message.thread.create' AND patient_id = 'P000102'").empty());
}

TEST_CASE("R-MSG-1: unread counts and read receipts are per recipient in a whole-clinic thread", "[server][messaging]") {
  std::signal(SIGPIPE, SIG_IGN);
  Demo demo;
  const auto tanaka = demo.signedIn("dr-tanaka", kClinic);
  const auto suzuki = demo.signedIn("dr-suzuki", kClinic);
  const auto office = demo.signedIn("office-yamada", kOffice);
  const auto kobayashi = demo.signedIn("dr-kobayashi", kClinic);
  auto r = demo.call("POST", "/api/v1/threads", tanaka, newThread("liaison", "研修の日程を教えてください。", nullptr, true), kStart + 10);
  REQUIRE(r.status == 201);
  const std::string path = "/api/v1/threads/" + std::to_string(r.body["thread"]["id"].get<std::int64_t>());
  CHECK(r.body["thread"]["clinic_user"].is_null());
  CHECK(unread(demo, suzuki) == 1);  // the colleague sees the clinic's thread
  CHECK(unread(demo, office) == 1);
  CHECK(demo.call("GET", path, kobayashi).status == 404);  // another clinic does not
  r = demo.call("POST", path + "/messages", office, {{"text", "来週の火曜日です。"}}, kStart + 20);
  REQUIRE(r.status == 201);
  const std::int64_t answer = r.body["message"]["id"];
  CHECK(unread(demo, tanaka) == 1);  // the answer
  CHECK(unread(demo, suzuki) == 2);  // the question and the answer
  CHECK(unread(demo, office) == 0);  // answering read it

  r = demo.call("GET", path, suzuki, nullptr, kStart + 30);
  REQUIRE(r.status == 200);
  CHECK(unread(demo, suzuki) == 0);
  CHECK(unread(demo, tanaka) == 1);  // another reader's look changes nothing for dr-tanaka
  r = demo.call("GET", path, tanaka, nullptr, kStart + 40);
  json receipts;
  for (const json& m : r.body["messages"])
    if (m["id"] == answer) receipts = m["read_by"];
  REQUIRE(receipts.size() == 3);
  CHECK(receipts[0]["account"] == "office-yamada");  // its sender
  CHECK(receipts[1]["account"] == "dr-suzuki");
  CHECK(receipts[1]["read_at"] == kStart + 30);
  CHECK(receipts[2]["account"] == "dr-tanaka");
  CHECK(receipts[2]["name"] == "田中 一郎");
  CHECK(unread(demo, tanaka) == 0);
  // The question: its sender, the office (when it answered) and dr-suzuki.
  REQUIRE(r.body["messages"][0]["read_by"].size() == 3);
  CHECK(r.body["messages"][0]["read_by"][1]["account"] == "office-yamada");
}

TEST_CASE("R-MSG-1: search finds a word of a decrypted body in the caller's own threads only", "[server][messaging]") {
  std::signal(SIGPIPE, SIG_IGN);
  Demo demo;
  const auto tanaka = demo.signedIn("dr-tanaka", kClinic);
  const auto kobayashi = demo.signedIn("dr-kobayashi", kClinic);
  auto r = demo.call("POST", "/api/v1/threads", tanaka, newThread("liaison", "The Zebrafinch protocol form is attached."));
  REQUIRE(r.status == 201);
  const std::int64_t id = r.body["thread"]["id"];
  r = demo.call("GET", "/api/v1/threads?q=zebraFINCH", tanaka);
  REQUIRE(r.status == 200);
  REQUIRE(r.body["threads"].size() == 1);
  CHECK(r.body["threads"][0]["id"] == id);
  // Japanese: a plain substring of a body (the demo thread's answer).
  r = demo.call("GET", "/api/v1/threads?q=%E5%86%8D%E6%A4%9C", tanaka);  // 再検
  REQUIRE(r.body["threads"].size() == 1);
  CHECK(r.body["threads"][0]["patient_id"] == "P000101");
  CHECK(demo.call("GET", "/api/v1/threads?q=nothing-like-this", tanaka).body["threads"].empty());
  CHECK(demo.call("GET", "/api/v1/threads?q=zebrafinch", kobayashi).body["threads"].empty());
  CHECK(demo.call("GET", "/api/v1/threads?limit=0", tanaka).status == 400);
  for (const json& a : demo.audit("action = 'message.thread.list'")) CHECK(a["detail"].get<std::string>().find("ebra") == std::string::npos);
}

TEST_CASE("R-MSG-1, R-CON: patient threads follow the consent scope, and a withdrawal hides them from the clinic", "[server][messaging]") {
  std::signal(SIGPIPE, SIG_IGN);
  Demo demo;
  const auto tanaka = demo.signedIn("dr-tanaka", kClinic);
  const auto staff = demo.signedIn("rad-sato", kStaff);
  const auto office = demo.signedIn("office-yamada", kOffice);
  // P000104: no consent; P000103: withdrawn; P000105: another clinic's. The same 404 as no patient.
  for (const char* p : {"P000104", "P000103", "P000105", "P999999"}) {
    const auto r = demo.call("POST", "/api/v1/threads", tanaka, newThread("radiology", "x", p));
    CHECK(r.status == 404);
    CHECK(r.body["error"]["code"] == "unknown_patient");
  }
  CHECK(demo.audit("action = 'message.thread.create' AND outcome = 'denied' AND patient_id = 'P000104'").size() == 1);
  // Staff cannot write about a patient to a clinic that may not see them.
  CHECK(demo.call("POST", "/api/v1/threads", staff,
                  {{"subject", "s"}, {"department", "radiology"}, {"text", "x"}, {"patient_id", "P000104"}, {"facility_id", "clinic-tanaka"}})
            .status == 400);

  auto r = demo.call("POST", "/api/v1/threads", tanaka, newThread("radiology", "結節の経過について", "P000101"));
  REQUIRE(r.status == 201);
  const std::string path = "/api/v1/threads/" + std::to_string(r.body["thread"]["id"].get<std::int64_t>());
  r = demo.call("POST", path + "/messages", staff, {{"text", "増大はありません。"}});
  REQUIRE(r.status == 201);
  CHECK(unread(demo, tanaka) == 1);

  // The office withdraws P000101's consent (the demo's clinic consent): the clinic loses both
  // P000101 threads at once — not listed, not counted, 404 — while staff still read them.
  r = demo.call("GET", "/api/v1/admin/consents?patient=P000101", office);
  REQUIRE(r.body["consents"].size() == 1);
  const std::int64_t consent = r.body["consents"][0]["id"];
  r = demo.call("POST", "/api/v1/admin/consents/" + std::to_string(consent) + "/withdrawal", office, {{"reason", "患者さんの申し出"}});
  REQUIRE(r.status == 200);
  CHECK(demo.call("GET", "/api/v1/threads", tanaka).body["threads"].empty());
  CHECK(unread(demo, tanaka) == 0);
  CHECK(demo.call("GET", path, tanaka).status == 404);
  CHECK(demo.call("POST", path + "/messages", tanaka, {{"text", "x"}}).status == 404);
  CHECK(demo.call("GET", "/api/v1/threads?q=%E7%B5%90%E7%AF%80", tanaka).body["threads"].empty());  // 結節
  r = demo.call("GET", path, staff);
  REQUIRE(r.status == 200);
  CHECK(r.body["messages"][0]["sender"] == "dr-tanaka");  // still attributed
  const auto denied = demo.audit("action = 'message.thread.read' AND outcome = 'denied'");
  REQUIRE(!denied.empty());
  CHECK(denied.back()["detail"].get<std::string>().find("consent") != std::string::npos);
}

TEST_CASE("R-MSG-1: the office sees liaison threads, staff see radiology and those naming them", "[server][messaging]") {
  std::signal(SIGPIPE, SIG_IGN);
  Demo demo;
  const auto tanaka = demo.signedIn("dr-tanaka", kClinic);
  const auto staff = demo.signedIn("rad-sato", kStaff);
  const auto office = demo.signedIn("office-yamada", kOffice);
  const auto create = [&](const json& body) {
    const auto r = demo.call("POST", "/api/v1/threads", tanaka, body);
    INFO(r.text);
    REQUIRE(r.status == 201);
    return r.body["thread"]["id"].get<std::int64_t>();
  };
  const std::int64_t liaison = create(newThread("liaison", "同意書の控えをください。", "P000101"));
  const std::int64_t radiology = create(newThread("radiology", "読影の追加質問です。"));
  const std::int64_t named = create(newThread("doctor:rad-sato", "佐藤先生へ"));
  CHECK(demo.call("POST", "/api/v1/threads", tanaka, newThread("doctor:nobody", "x")).status == 400);

  auto r = demo.call("GET", "/api/v1/threads", office);
  CHECK(ids(r.body["threads"]) == std::vector<std::int64_t>{liaison});
  CHECK(demo.call("GET", "/api/v1/threads/" + std::to_string(liaison), office).status == 200);  // about a patient: identity only
  CHECK(demo.call("GET", "/api/v1/threads/" + std::to_string(radiology), office).status == 404);
  CHECK(demo.call("GET", "/api/v1/threads/" + std::to_string(named), office).status == 404);
  r = demo.call("GET", "/api/v1/threads", staff);
  CHECK(listed(r.body["threads"], radiology));
  CHECK(listed(r.body["threads"], named));
  CHECK(!listed(r.body["threads"], liaison));
  for (const json& t : r.body["threads"])
    if (t["id"] == named) CHECK(t["department_name_ja"] == "佐藤 健");
  CHECK(demo.call("GET", "/api/v1/threads/" + std::to_string(liaison), staff).status == 404);

  // The hospital writes to a clinic: its own department only, to a clinic and (optionally) one user.
  r = demo.call("POST", "/api/v1/threads", office,
                {{"subject", "研修のご案内"}, {"department", "liaison"}, {"text", "来月です。"}, {"facility_id", "clinic-tanaka"}});
  INFO(r.text);
  REQUIRE(r.status == 201);
  CHECK(r.body["thread"]["clinic_user"].is_null());
  CHECK(demo.call("POST", "/api/v1/threads", office,
                  {{"subject", "s"}, {"department", "radiology"}, {"text", "x"}, {"facility_id", "clinic-tanaka"}})
            .status == 400);
  CHECK(demo.call("POST", "/api/v1/threads", staff,
                  {{"subject", "s"}, {"department", "radiology"}, {"text", "x"}, {"facility_id", "clinic-tanaka"}, {"clinic_user", "dr-kobayashi"}})
            .status == 400);
  CHECK(demo.call("POST", "/api/v1/threads", staff, {{"subject", "s"}, {"department", "radiology"}, {"text", "x"}}).status == 400);
  const auto suzuki = demo.signedIn("dr-suzuki", kClinic);
  CHECK(listed(demo.call("GET", "/api/v1/threads", suzuki).body["threads"], r.body["thread"]["id"].get<std::int64_t>()));
}

TEST_CASE("R-MSG-1: attachments are typed by content, capped in size, added by the sender within 10 minutes", "[server][messaging]") {
  std::signal(SIGPIPE, SIG_IGN);
  Demo demo({"--test-mode", "--totp-required-roles", "none", "--message-attachment-bytes", "4096"});
  const auto tanaka = demo.signedIn("dr-tanaka", kClinic);
  const auto staff = demo.signedIn("rad-sato", kStaff);
  const auto kobayashi = demo.signedIn("dr-kobayashi", kClinic);
  auto r = demo.call("POST", "/api/v1/threads", tanaka, newThread("radiology", "画像を添付します。"), kStart);
  REQUIRE(r.status == 201);
  const std::int64_t message = r.body["message"]["id"];

  // A .pdf name with PNG bytes is a PNG; the name is kept as sent (percent-encoded UTF-8).
  auto up = attach(demo, tanaka, message, "%E7%94%BB%E5%83%8F.pdf", pngBytes(), kStart + 60);  // 画像.pdf
  INFO(up.body.dump());
  REQUIRE(up.status == 201);
  CHECK(up.body["attachment"]["media_type"] == "image/png");
  CHECK(up.body["attachment"]["name"] == "画像.pdf");
  CHECK(up.body["attachment"]["bytes"] == pngBytes().size());
  const std::int64_t png = up.body["attachment"]["id"];
  const std::string dicom = std::string(128, '\0') + "DICM" + std::string(32, '\x02');
  up = attach(demo, tanaka, message, "ct.dcm", dicom, kStart + 61);
  REQUIRE(up.status == 201);
  CHECK(up.body["attachment"]["media_type"] == "application/dicom");

  up = attach(demo, tanaka, message, "random.pdf", std::string("\x13\x37random bytes that are no file type", 35), kStart + 62);
  CHECK(up.status == 415);
  CHECK(up.body["error"]["code"] == "unsupported_message_attachment");
  up = attach(demo, tanaka, message, "big.pdf", "%PDF-1.4\n" + std::string(5000, 'x'), kStart + 63);
  CHECK(up.status == 413);
  CHECK(up.body["error"]["code"] == "message_attachment_too_large");
  CHECK(attach(demo, tanaka, message, "", pngBytes(), kStart + 64).status == 400);
  CHECK(attach(demo, tanaka, message, "a%2Fb.png", pngBytes(), kStart + 64).status == 400);
  CHECK(attach(demo, tanaka, message, "a%0Ab.png", pngBytes(), kStart + 64).status == 400);
  CHECK(attach(demo, staff, message, "x.png", pngBytes(), kStart + 65).status == 403);  // not the sender
  CHECK(attach(demo, kobayashi, message, "x.png", pngBytes(), kStart + 65).status == 404);  // not even visible
  up = attach(demo, tanaka, message, "late.png", pngBytes(), kStart + 601);
  CHECK(up.status == 409);
  CHECK(up.body["error"]["code"] == "attachment_window_closed");
  CHECK(attach(demo, tanaka, 99999, "x.png", pngBytes()).body["error"]["code"] == "unknown_message");

  // Staff fetch it: the bytes as sent, its type, a download with the UTF-8 name.
  auto got = demo.client->Get("/api/v1/attachments/" + std::to_string(png), demo.at(kStart + 70, staff.cookie));
  REQUIRE(got);
  CHECK(got->status == 200);
  CHECK(got->body == pngBytes());
  CHECK(got->get_header_value("Content-Type") == "image/png");
  // Sent as RFC 5987's %-escapes; cpp-httplib 0.11's client percent-decodes header values it receives.
  const std::string disposition = got->get_header_value("Content-Disposition");
  CHECK((disposition == "attachment; filename*=UTF-8''%E7%94%BB%E5%83%8F.pdf" || disposition == "attachment; filename*=UTF-8''画像.pdf"));
  CHECK(got->get_header_value("X-Content-Type-Options") == "nosniff");
  CHECK(demo.get("/api/v1/attachments/" + std::to_string(png), kobayashi.cookie) == 404);
  CHECK(demo.get("/api/v1/attachments/99999", staff.cookie) == 404);
  r = demo.call("GET", "/api/v1/threads/" + std::to_string(r.body["thread"]["id"].get<std::int64_t>()), staff);
  CHECK(r.body["messages"][0]["attachments"].size() == 2);
  CHECK(demo.audit("action = 'message.attachment.add' AND outcome = 'allowed'").size() == 2);
  CHECK(demo.audit("action = 'message.attachment.get' AND outcome = 'allowed'").size() == 1);
  for (const json& a : demo.audit("action LIKE 'message.attachment.%'")) CHECK(a["detail"].get<std::string>().find("画像") == std::string::npos);
}

TEST_CASE("R-MSG-1: bodies and attachments are encrypted at rest, and the master key rotates without re-encrypting", "[server][messaging]") {
  std::signal(SIGPIPE, SIG_IGN);
  Demo demo;
  const std::string bodyMarker = "BODYMARKER-7f3a9c", subjectMarker = "SUBJECTMARKER-2b81", fileMarker = "FILEMARKER-c41d07";
  {
    const auto tanaka = demo.signedIn("dr-tanaka", kClinic);
    auto r = demo.call("POST", "/api/v1/threads", tanaka,
                       {{"subject", subjectMarker}, {"department", "radiology"}, {"patient_id", "P000101"}, {"text", "本文 " + bodyMarker}});
    REQUIRE(r.status == 201);
    const std::int64_t message = r.body["message"]["id"];
    const std::string pdf = "%PDF-1.4\n1 0 obj << /Marker (" + fileMarker + ") >> endobj\n%%EOF\n";
    REQUIRE(attach(demo, tanaka, message, fileMarker + ".pdf", pdf).status == 201);
    // While the server runs (the WAL holds the latest pages), and after it stopped.
    for (int pass = 0; pass < 2; ++pass) {
      if (pass == 1) REQUIRE(demo.server->stop() == 0);
      const auto files = storedFiles(demo.data);
      REQUIRE(files.size() >= 2);
      for (const auto& f : files) {
        INFO(f);
        const std::string content = fileText(f);
        CHECK(content.find(bodyMarker) == std::string::npos);
        CHECK(content.find(subjectMarker) == std::string::npos);
        CHECK(content.find(fileMarker) == std::string::npos);
        CHECK(content.find("本文") == std::string::npos);
      }
    }
  }
  const auto keyFile = demo.data / "keys" / "messages.key";
  struct stat st {};
  REQUIRE(::stat(keyFile.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(st.st_size == 32);
  const std::string oldKey = fileText(keyFile);

  // Rotation: refused while a server holds the keys, then done on the stopped server's directory.
  const auto before = wrappedKeys(demo.data);
  REQUIRE(demo.server->start());
  std::string out;
  CHECK(admin(demo.data, "rotate-message-key", &out) != 0);
  CHECK(out.find("stop renkei-server") != std::string::npos);
  REQUIRE(demo.server->stop() == 0);
  REQUIRE(admin(demo.data, "rotate-message-key", &out) == 0);
  INFO(out);
  const auto after = wrappedKeys(demo.data);
  REQUIRE(after.size() == before.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    CHECK(after[i].first != before[i].first);    // the new key's id
    CHECK(after[i].second != before[i].second);  // wrapped again
  }
  CHECK(fileText(keyFile) != oldKey);
  CHECK(!std::filesystem::exists(demo.data / "keys" / "messages.key.next"));
  for (const auto& e : std::filesystem::directory_iterator(demo.data / "keys")) CHECK(fileText(e.path()) != oldKey);  // the old key is gone
  REQUIRE(admin(demo.data, "audit verify") == 0);
  CHECK(demo.audit("action = 'message.key.rotate'").size() == 1);

  // Everything still opens with the new key.
  REQUIRE(demo.server->start());
  demo.client = demo.server->client();
  const auto tanaka = demo.signedIn("dr-tanaka", kClinic);
  auto r = demo.call("GET", "/api/v1/threads?q=" + bodyMarker, tanaka);
  REQUIRE(r.body["threads"].size() == 1);
  CHECK(r.body["threads"][0]["subject"] == subjectMarker);
  r = demo.call("GET", "/api/v1/threads/" + std::to_string(r.body["threads"][0]["id"].get<std::int64_t>()), tanaka);
  REQUIRE(r.status == 200);
  CHECK(r.body["messages"][0]["text"] == "本文 " + bodyMarker);
  const std::int64_t attachment = r.body["messages"][0]["attachments"][0]["id"];
  auto got = demo.client->Get("/api/v1/attachments/" + std::to_string(attachment), demo.at(kStart, tanaka.cookie));
  REQUIRE(got);
  CHECK(got->status == 200);
  CHECK(got->body.find(fileMarker) != std::string::npos);
  // The demo thread (written by renkei-admin) opens too.
  CHECK(demo.call("GET", "/api/v1/threads?q=%E5%86%8D%E6%A4%9C", tanaka).body["threads"].size() == 1);
  for (const json& a : demo.audit("action LIKE 'message.%'")) CHECK(a["detail"].get<std::string>().find("MARKER") == std::string::npos);

  // A sealed body copied onto another message does not open there (its associated data names the
  // message and thread): the thread fails closed instead of showing another message's text.
  {
    SQLite::Database db((demo.data / "renkei.sqlite").string(), SQLite::OPEN_READWRITE);
    db.setBusyTimeout(5000);
    db.exec("UPDATE message SET body = (SELECT body FROM message WHERE id = 2) WHERE id = 1");
  }
  CHECK(demo.call("GET", "/api/v1/threads/1", tanaka).status == 500);
}

TEST_CASE("R-MSG-1, R-ACC-3: a withdrawn doctor's messages stay readable by the hospital, attributed, and their session ends", "[server][messaging]") {
  std::signal(SIGPIPE, SIG_IGN);
  Demo demo;
  const auto doctor = demo.signedIn("dr-tanaka", kClinic);
  const auto staff = demo.signedIn("rad-sato", kStaff);
  const auto office = demo.signedIn("office-yamada", kOffice);
  auto r = demo.call("POST", "/api/v1/threads", doctor, newThread("radiology", "退会前の最後の質問です"), kStart + 10);
  REQUIRE(r.status == 201);
  const std::int64_t id = r.body["thread"]["id"];
  REQUIRE(demo.call("POST", "/api/v1/admin/users/dr-tanaka/deactivation", office, {{"reason", "退会"}}).status == 200);
  CHECK(demo.call("GET", "/api/v1/threads", doctor).status == 401);  // the session ended with the account
  r = demo.call("GET", "/api/v1/threads/" + std::to_string(id), staff);
  REQUIRE(r.status == 200);
  REQUIRE(r.body["messages"].size() == 1);
  CHECK(r.body["messages"][0]["text"] == "退会前の最後の質問です");
  CHECK(r.body["messages"][0]["sender"] == "dr-tanaka");
  CHECK(r.body["messages"][0]["sender_name"] == "田中 一郎");
  // The hospital can still answer; the thread stays the clinic's.
  CHECK(demo.call("POST", "/api/v1/threads/" + std::to_string(id) + "/messages", staff, {{"text", "承知しました"}}).status == 201);
}

TEST_CASE("R-MSG-1: the destinations a clinic may write to are the two departments and each active hospital doctor", "[server][messaging]") {
  std::signal(SIGPIPE, SIG_IGN);
  Demo demo;
  const auto doctor = demo.signedIn("dr-tanaka", kClinic);
  auto r = demo.call("GET", "/api/v1/messages/departments", doctor);
  REQUIRE(r.status == 200);
  std::vector<std::string> codes;
  for (const json& d : r.body["departments"]) codes.push_back(d["code"]);
  REQUIRE(codes.size() >= 3);
  CHECK(codes[0] == "radiology");
  CHECK(codes[1] == "liaison");
  CHECK(std::find(codes.begin(), codes.end(), "doctor:rad-sato") != codes.end());
  CHECK(std::find(codes.begin(), codes.end(), "doctor:dr-tanaka") == codes.end());  // clinic doctors are not hospital doctors
  for (const json& d : r.body["departments"])
    if (d["code"] == "doctor:rad-sato") CHECK(d["name_ja"] == "佐藤 健");
  CHECK(demo.call("GET", "/api/v1/messages/departments?x=1", doctor).status == 400);
}
