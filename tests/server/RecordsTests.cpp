// SPDX-License-Identifier: MIT
// Patients, consents, laboratory results and documents against the real server with the demo
// records (issue 5; R-CON-1..4, R-DATA-1..4):
//  - the consent matrix: every viewer × every demo patient × every patient-data endpoint, with the
//    expected status and, for what is shown, only data inside the consent period — a test that
//    fails when any endpoint forgets PatientAccess; the same for document ids and attachments;
//  - withdrawal ends access in an open session; the look-back boundary to the day;
//  - recording consents with their scans, and the bad inputs (20 MB limits, file types, dates)
//    that must leave nothing behind;
//  - HL7 (ISO-2022-JP) and CSV imports over the API and the command line, re-imports (keyed by
//    sender and MSH-10), refusals;
//  - documents: store, amend, refuse a step back to preliminary; attachments; "new" markers.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <map>
#include <set>

#include "DemoServer.h"

using renkei::test::Demo;
using renkei::test::json;
using renkei::test::kDay;
using renkei::test::kStart;

namespace {

std::string isoDaysAgo(int days) {
  const std::time_t t = static_cast<std::time_t>(kStart + 9 * 3600 - static_cast<std::int64_t>(days) * kDay);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::string yearsBefore(const std::string& iso, int years) {
  return std::to_string(std::stoi(iso.substr(0, 4)) - years) + iso.substr(4);
}

const std::string kPassword = "Renkei-clinic-2026";

/// Runs `command` with `input` on stdin and returns its stdout (iconv for ISO-2022-JP test data).
std::string pipeThrough(const std::string& command, const std::string& input, const std::filesystem::path& tmp) {
  const auto in = tmp / "pipe-in", out = tmp / "pipe-out";
  std::ofstream(in, std::ios::binary) << input;
  REQUIRE(std::system((command + " < " + in.string() + " > " + out.string()).c_str()) == 0);
  std::ifstream f(out, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

std::string oul(const std::string& controlId, const std::string& patient, const std::string& name,
                const std::string& kana, const std::string& when, const std::string& value, const std::string& charset) {
  return "MSH|^~\\&|LIS|HOSP|RENKEI|NET|" + when + "||OUL^R22^OUL_R22|" + controlId + "|P|2.5|||AL|NE||" + charset +
         "\r"
         "PID|1||" + patient + "^^^HOSP^PI||" + name + "^^^^^L^I~" + kana + "^^^^^L^P||19700101|F\r"
         "SPM|1|||023^血清^JC10|||||||||||||" + when + "\r"
         "OBR|1|ORD-" + controlId + "||LAB^検体検査^L|||" + when + "\r"
         "OBX|1|NM|3D046000002227101^HbA1c(NGSP)^JC10^2020^HbA1c^L||" + value + "|%^%^L|4.9-6.0|H|||F|||" + when + "\r"
         "NTE|1|L|食後採血\r";
}

httplib::Result postRaw(Demo& d, const std::string& path, const Demo::Login& l, const std::string& body,
                        const std::string& type, std::int64_t t = kStart) {
  auto h = d.at(t, l.cookie, l.body["csrf_token"].get<std::string>());
  return d.client->Post(path.c_str(), h, body, type.c_str());
}

std::int64_t count(Demo& d, const std::string& sql) {
  SQLite::Database db((d.data / "renkei.sqlite").string(), SQLite::OPEN_READONLY);
  return db.execAndGet(sql).getInt64();
}

/// The smallest body the server takes for a PNG (it decides the type from the signature).
const std::string kPng("\x89PNG\r\n\x1a\n0000IHDR", 16);
/// The documented limit of consent scans and document attachments (docs/api.md: "≤ 20 MB").
constexpr std::size_t k20MB = 20u << 20;

/// Every name in `dir` (files and leftovers such as `.part`); empty when the directory is missing.
std::set<std::string> filesIn(const std::filesystem::path& dir) {
  std::set<std::string> out;
  if (!std::filesystem::exists(dir)) return out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) out.insert(e.path().filename().string());
  return out;
}

/// POST /api/v1/admin/consents as the office: status and answer.
std::pair<int, json> postConsent(Demo& d, const Demo::Login& office, const std::string& patient, const std::string& kind,
                                 const std::string& grantee, const std::string& date, const std::string& scan,
                                 const std::string& type) {
  httplib::MultipartFormDataItems items{{"patient_id", patient, "", ""},
                                        {"grantee_kind", kind, "", ""},
                                        {"grantee_id", grantee, "", ""},
                                        {"signed_on", date, "", ""},
                                        {"scan", scan, "form.pdf", type}};
  auto r = d.client->Post("/api/v1/admin/consents", d.at(kStart, office.cookie, office.body["csrf_token"]), items);
  REQUIRE(r);
  return {r->status, json::parse(r->body, nullptr, false)};
}

/// A report stored by staff for `patient`: its document id.
std::int64_t storeReport(Demo& d, const Demo::Login& staff, const std::string& patient, const std::string& source,
                         const std::string& date, const std::string& status = "final", std::int64_t t = kStart) {
  auto r = d.call("POST", "/api/v1/patients/" + patient + "/documents", staff,
                  {{"source_id", source}, {"kind", "radiology-report"}, {"title", "腹部CT"}, {"author", "放射線科 佐藤 健"},
                   {"clinical_date", date}, {"status", status}, {"text", "肝に小嚢胞。"}},
                  t);
  INFO(r.text);
  REQUIRE(r.status == 201);
  return r.body["id"].get<std::int64_t>();
}

}  // namespace

TEST_CASE("the consent matrix: who sees which patient through every endpoint", "[records][consent][R-CON-2][R-CON-4]") {
  Demo d;
  std::map<std::string, Demo::Login> who{{"dr-tanaka", d.signedIn("dr-tanaka", kPassword)},
                                         {"dr-suzuki", d.signedIn("dr-suzuki", kPassword)},
                                         {"dr-kobayashi", d.signedIn("dr-kobayashi", kPassword)},
                                         {"rad-sato", d.signedIn("rad-sato", "Renkei-staff-2026")},
                                         {"office-yamada", d.signedIn("office-yamada", "Renkei-office-2026")}};
  const std::vector<std::string> patients{"P000101", "P000102", "P000103", "P000104", "P000105", "P999999"};
  // Who may see whom (the demo's consents): P000101 clinic-tanaka, P000102 Dr 田中 himself,
  // P000103 withdrawn, P000104 none, P000105 clinic-moji, P999999 does not exist.
  const std::map<std::string, std::set<std::string>> sees{
      {"dr-tanaka", {"P000101", "P000102"}},
      {"dr-suzuki", {"P000101"}},
      {"dr-kobayashi", {"P000105"}},
      {"rad-sato", {"P000101", "P000102", "P000103", "P000104", "P000105"}},
      {"office-yamada", {"P000101", "P000102", "P000103", "P000104", "P000105"}}};
  const std::vector<std::string> endpoints{"", "/labs", "/labs/series", "/documents"};

  std::map<std::string, std::size_t> staffLabCount;
  for (const auto& [user, login] : who) {
    // The list holds exactly the visible patients.
    auto list = d.call("GET", "/api/v1/patients?limit=200", login);
    REQUIRE(list.status == 200);
    std::set<std::string> listed;
    for (const auto& p : list.body["patients"]) listed.insert(p["id"].get<std::string>());
    CHECK(listed == sees.at(user));

    for (const std::string& patient : patients) {
      const bool visible = sees.at(user).count(patient) > 0;
      for (const std::string& endpoint : endpoints) {
        INFO(user << " GET /api/v1/patients/" << patient << endpoint);
        auto r = d.call("GET", "/api/v1/patients/" + patient + endpoint, login);
        const bool clinical = !endpoint.empty();
        if (clinical && user == "office-yamada") {
          CHECK(r.status == 403);  // the office sees identities and consents, never clinical data
        } else if (!visible) {
          CHECK(r.status == 404);  // unknown and out-of-consent look the same
          CHECK(r.body["error"]["code"] == "unknown_patient");
        } else {
          REQUIRE(r.status == 200);
          const bool limited = user.rfind("dr-", 0) == 0;
          CHECK(r.body["scope"]["limited"] == limited);
          if (endpoint == "/labs") {
            if (!limited) staffLabCount[patient] = r.body["reports"].size();
            if (limited) {
              const std::string from = r.body["scope"]["visible_from"];
              for (const auto& rep : r.body["reports"]) CHECK(rep["specimen_date"].get<std::string>() >= from);
            }
          }
          if (endpoint == "/labs/series" && limited) {
            const std::string from = r.body["scope"]["visible_from"];
            for (const auto& s : r.body["series"])
              for (const auto& p : s["points"]) CHECK(p["time"].get<std::string>().substr(0, 10) >= from);
          }
          if (endpoint == "/documents" && limited) {
            const std::string from = r.body["scope"]["visible_from"];
            for (const auto& doc : r.body["documents"]) CHECK(doc["clinical_date"].get<std::string>() >= from);
          }
        }
      }
    }
  }
  // The look-back hides the older part of 山田 太郎's three years from his clinic, not from staff.
  auto tanakaLabs = d.call("GET", "/api/v1/patients/P000101/labs", who.at("dr-tanaka"));
  CHECK(tanakaLabs.body["reports"].size() < staffLabCount["P000101"]);
  CHECK(tanakaLabs.body["reports"].size() >= 4);
  CHECK(tanakaLabs.body["scope"]["visible_from"] == yearsBefore(isoDaysAgo(60), 1));

  // Every denied request was audited with the patient asked for and why.
  const auto denied = d.audit("account_id = 'dr-suzuki' AND outcome = 'denied' AND patient_id = 'P000102'");
  REQUIRE(denied.size() == endpoints.size());
  CHECK(denied[0]["detail"] == "consent: not-granted");
  const auto withdrawn = d.audit("account_id = 'dr-tanaka' AND outcome = 'denied' AND patient_id = 'P000103'");
  REQUIRE(withdrawn.size() == endpoints.size());
  CHECK(withdrawn[0]["detail"] == "consent: withdrawn");
  CHECK(d.audit("account_id = 'dr-tanaka' AND patient_id = 'P999999'")[0]["detail"] == "consent: no such patient");
  CHECK(d.audit("account_id = 'dr-tanaka' AND action = 'labs.read' AND outcome = 'allowed' AND patient_id = 'P000101'").size() == 2);
}

TEST_CASE("documents: a direct request outside the period is 403, outside the consent 404", "[records][consent][R-CON-4]") {
  Demo d;
  auto tanaka = d.signedIn("dr-tanaka", kPassword);
  auto suzuki = d.signedIn("dr-suzuki", kPassword);
  auto staff = d.signedIn("rad-sato", "Renkei-staff-2026");
  auto all = d.call("GET", "/api/v1/patients/P000101/documents", staff);
  REQUIRE(all.status == 200);
  std::int64_t oldCt = 0, newCt = 0, summary = 0;
  for (const auto& doc : all.body["documents"]) {
    if (doc["title"] == "胸部CT") oldCt = doc["id"];
    if (doc["title"] == "胸部CT (経過観察)") newCt = doc["id"];
    if (doc["kind"] == "discharge-summary") summary = doc["id"];
  }
  REQUIRE((oldCt && newCt && summary));
  const auto path = [](std::int64_t id) { return "/api/v1/documents/" + std::to_string(id); };

  auto r = d.call("GET", path(newCt), tanaka);
  REQUIRE(r.status == 200);
  CHECK(r.body["fields"]["impression"] == "増大傾向の結節。呼吸器内科での精査 (PET-CT、生検) を推奨。");
  CHECK(d.call("GET", path(summary), tanaka).body["fields"]["follow_up"].get<std::string>().find("貴院") != std::string::npos);
  r = d.call("GET", path(oldCt), tanaka);
  CHECK(r.status == 403);
  CHECK(r.body["error"]["code"] == "outside_consent_period");
  CHECK(d.call("GET", path(oldCt), staff).status == 200);
  // P000102's report, asked for by a doctor who has no consent for her: as if it did not exist.
  auto hers = d.call("GET", "/api/v1/patients/P000102/documents", staff).body["documents"][0]["id"].get<std::int64_t>();
  r = d.call("GET", path(hers), suzuki);
  CHECK(r.status == 404);
  CHECK(r.body["error"]["code"] == "unknown_document");
  CHECK(r.text.find("P000102") == std::string::npos);  // the answer names no patient
  CHECK(d.call("GET", path(999999), tanaka).status == 404);
  CHECK(d.call("GET", "/api/v1/documents/abc", tanaka).status == 404);
  CHECK(d.audit("account_id = 'dr-tanaka' AND action = 'document.read' AND outcome = 'denied' AND patient_id = 'P000101'")[0]["detail"]
            .get<std::string>()
            .find("before-look-back") != std::string::npos);
}

TEST_CASE("the consent matrix for document ids: every viewer × every document and its attachment",
          "[records][consent][documents][R-CON-2][R-CON-3][R-CON-4]") {
  Demo d;
  std::map<std::string, Demo::Login> who{{"dr-tanaka", d.signedIn("dr-tanaka", kPassword)},
                                         {"dr-suzuki", d.signedIn("dr-suzuki", kPassword)},
                                         {"dr-kobayashi", d.signedIn("dr-kobayashi", kPassword)},
                                         {"rad-sato", d.signedIn("rad-sato", "Renkei-staff-2026")},
                                         {"office-yamada", d.signedIn("office-yamada", "Renkei-office-2026")}};
  const Demo::Login& staff = who.at("rad-sato");
  // The first visible date per clinic user and patient (the demo's consents): P000101 clinic-tanaka
  // 60 days ago, P000102 naming Dr 田中 300 days ago, P000105 clinic-moji 90 days ago. Every other
  // pair (P000103 withdrawn, P000104 none, another clinic's patient) is outside every consent.
  const std::map<std::pair<std::string, std::string>, std::string> from{
      {{"dr-tanaka", "P000101"}, yearsBefore(isoDaysAgo(60), 1)},
      {{"dr-tanaka", "P000102"}, yearsBefore(isoDaysAgo(300), 1)},
      {{"dr-suzuki", "P000101"}, yearsBefore(isoDaysAgo(60), 1)},
      {{"dr-kobayashi", "P000105"}, yearsBefore(isoDaysAgo(90), 1)}};

  // Every demo document, and what the demo lacks: a report before the look-back of the consent
  // naming a doctor (P000102: day -665), one of the withdrawn P000103 (dated inside its old
  // period) and one of the other clinic's P000105. Each gets one attachment (the demo has none).
  struct Doc {
    std::string patient;
    std::int64_t id;
    std::string date;
  };
  std::vector<Doc> docs;
  for (const std::string patient : {"P000101", "P000102", "P000103", "P000104", "P000105"}) {
    const auto list = d.call("GET", "/api/v1/patients/" + patient + "/documents", staff);  // named: the loop refers to it
    for (const auto& doc : list.body["documents"])
      docs.push_back({patient, doc["id"].get<std::int64_t>(), doc["clinical_date"].get<std::string>()});
  }
  REQUIRE(docs.size() == 7);
  docs.push_back({"P000102", storeReport(d, staff, "P000102", "MX-1", isoDaysAgo(700)), isoDaysAgo(700)});
  docs.push_back({"P000103", storeReport(d, staff, "P000103", "MX-2", isoDaysAgo(30)), isoDaysAgo(30)});
  docs.push_back({"P000105", storeReport(d, staff, "P000105", "MX-3", isoDaysAgo(10)), isoDaysAgo(10)});
  for (const Doc& doc : docs) {
    auto up = postRaw(d, "/api/v1/documents/" + std::to_string(doc.id) + "/attachments?name=scan.png", staff, kPng, "image/png");
    REQUIRE(up);
    REQUIRE(up->status == 201);
  }

  std::map<std::string, std::map<int, int>> tally;  // user → status → requests
  for (const auto& [user, login] : who) {
    for (const Doc& doc : docs) {
      const std::string base = "/api/v1/documents/" + std::to_string(doc.id);
      std::string code;  // the refusal expected; none for staff and inside a clinic's period
      if (user == "office-yamada") {
        code = "forbidden";  // identities and consents, never clinical data
      } else if (user.rfind("dr-", 0) == 0) {
        const auto f = from.find({user, doc.patient});
        if (f == from.end()) code = "unknown_document";  // as if it did not exist
        else if (doc.date < f->second) code = "outside_consent_period";
      }
      const int expected = code.empty() ? 200 : code == "unknown_document" ? 404 : 403;
      for (const std::string& path : {base, base + "/attachments/1"}) {
        INFO(user << " GET " << path << " (" << doc.patient << ", " << doc.date << ")");
        auto r = d.client->Get(path, d.at(kStart, login.cookie));
        REQUIRE(r);
        CHECK(r->status == expected);
        ++tally[user][r->status];
        if (expected == 200 && path == base) {
          const json body = json::parse(r->body);
          CHECK(body["id"] == doc.id);
          CHECK(body["patient_id"] == doc.patient);
          CHECK(body["attachments"].size() == 1);
        } else if (expected == 200) {
          CHECK(r->body == kPng);
          CHECK(r->get_header_value("Content-Type") == "image/png");
        } else {
          CHECK(json::parse(r->body, nullptr, false)["error"]["code"] == code);
          CHECK(r->body.find(doc.patient) == std::string::npos);  // a refusal names no patient
        }
        // One audit record per request, naming the patient, allowed or denied, with the reason.
        const std::string where = "account_id = '" + user + "' AND resource = '" + path + "'";
        CHECK(count(d, "SELECT count(*) FROM audit WHERE " + where) == 1);
        const auto rec = d.audit(where + " AND patient_id = '" + doc.patient + "'");
        REQUIRE(rec.size() == 1);
        CHECK(rec[0]["outcome"] == (expected == 200 ? "allowed" : "denied"));
        const std::string detail = rec[0]["detail"];
        if (code == "outside_consent_period") CHECK(detail == "consent: before-look-back " + doc.date);
        if (code == "unknown_document") CHECK(detail.rfind("consent: ", 0) == 0);
        if (code == "forbidden") CHECK(detail == "clinical data: role admin");
      }
    }
  }
  // Every kind of answer occurred where the demo says it must: both consent kinds have an item
  // before their look-back, and each document is asked for twice (itself and its attachment).
  CHECK(tally["dr-tanaka"] == std::map<int, int>{{200, 10}, {403, 4}, {404, 6}});
  CHECK(tally["dr-suzuki"] == std::map<int, int>{{200, 8}, {403, 2}, {404, 10}});
  CHECK(tally["dr-kobayashi"] == std::map<int, int>{{200, 2}, {404, 18}});
  CHECK(tally["rad-sato"] == std::map<int, int>{{200, 20}});
  CHECK(tally["office-yamada"] == std::map<int, int>{{403, 20}});
  // The reasons for the withdrawn patient and for a patient of another clinic.
  CHECK(d.audit("account_id = 'dr-tanaka' AND patient_id = 'P000103' AND action = 'document.attachment'")[0]["detail"] ==
        "consent: withdrawn");
  CHECK(d.audit("account_id = 'dr-kobayashi' AND patient_id = 'P000101' AND action = 'document.read'")[0]["detail"] ==
        "consent: not-granted");
}

TEST_CASE("the look-back boundary to the day, through the API", "[records][consent][R-CON-2]") {
  Demo d;
  auto staff = d.signedIn("rad-sato", "Renkei-staff-2026");
  auto tanaka = d.signedIn("dr-tanaka", kPassword);
  const std::string from = yearsBefore(isoDaysAgo(60), 1);  // P000101's consent: 60 days ago
  const auto store = [&](const std::string& source, const std::string& date) {
    auto r = d.call("POST", "/api/v1/patients/P000101/documents", staff,
                    {{"source_id", source}, {"kind", "endoscopy"}, {"title", "上部消化管内視鏡"}, {"author", "消化器内科"},
                     {"clinical_date", date}, {"status", "final"}, {"text", "異常なし"}});
    REQUIRE(r.status == 201);
    return r.body["id"].get<std::int64_t>();
  };
  const std::int64_t onStart = store("END-1", from);
  // The day before the look-back start: compute from the start date (a plain calendar day back).
  std::tm tm{};
  ::strptime(from.c_str(), "%Y-%m-%d", &tm);
  const std::time_t t = ::timegm(&tm) - kDay;
  char before[16];
  std::strftime(before, sizeof before, "%Y-%m-%d", std::gmtime(&t));
  const std::int64_t dayBefore = store("END-2", before);
  CHECK(d.call("GET", "/api/v1/documents/" + std::to_string(onStart), tanaka).status == 200);
  CHECK(d.call("GET", "/api/v1/documents/" + std::to_string(dayBefore), tanaka).status == 403);
}

TEST_CASE("a withdrawal ends access at once, also in an open session", "[records][consent][R-CON-3]") {
  Demo d;
  auto tanaka = d.signedIn("dr-tanaka", kPassword);
  auto office = d.signedIn("office-yamada", "Renkei-office-2026");
  REQUIRE(d.call("GET", "/api/v1/patients/P000101/labs", tanaka).status == 200);
  auto consents = d.call("GET", "/api/v1/admin/consents?patient=P000101", office);
  REQUIRE(consents.body["consents"].size() == 1);
  const std::int64_t id = consents.body["consents"][0]["id"];
  const std::string url = "/api/v1/admin/consents/" + std::to_string(id) + "/withdrawal";
  CHECK(d.call("POST", url, office, {{"reason", " "}}).status == 400);
  CHECK(d.call("POST", url, office, {{"reason", "撤回"}, {"withdrawn_on", isoDaysAgo(-1)}}).status == 400);  // future
  CHECK(d.call("POST", url, office, {{"reason", "撤回"}, {"withdrawn_on", isoDaysAgo(61)}}).status == 400);  // before signing
  auto w = d.call("POST", url, office, {{"reason", "患者さんの申し出"}});
  REQUIRE(w.status == 200);
  CHECK(w.body["withdrawn_on"] == isoDaysAgo(0));
  CHECK(d.call("POST", url, office, {{"reason", "again"}}).status == 409);

  CHECK(d.call("GET", "/api/v1/patients/P000101/labs", tanaka).status == 404);
  CHECK(d.call("GET", "/api/v1/patients/P000101", tanaka).status == 404);
  auto list = d.call("GET", "/api/v1/patients", tanaka);
  REQUIRE(list.body["patients"].size() == 1);
  CHECK(list.body["patients"][0]["id"] == "P000102");
  // What was seen stays in the audit log.
  CHECK(d.audit("account_id = 'dr-tanaka' AND patient_id = 'P000101' AND outcome = 'allowed'").size() == 1);
  CHECK(d.audit("action = 'consent.withdraw' AND patient_id = 'P000101'").size() == 4);
}

TEST_CASE("the office records a consent with its scan, and bad input leaves nothing behind", "[records][consent][bad-input][R-CON-1]") {
  Demo d;
  auto office = d.signedIn("office-yamada", "Renkei-office-2026");
  auto tanaka = d.signedIn("dr-tanaka", kPassword);
  auto suzuki = d.signedIn("dr-suzuki", kPassword);
  const std::string pdf = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";
  const auto post = [&](const std::string& patient, const std::string& kind, const std::string& grantee,
                        const std::string& date, const std::string& scan, const std::string& type) {
    return postConsent(d, office, patient, kind, grantee, date, scan, type);
  };
  const auto scans = [&] { return filesIn(d.data / "consents").size(); };
  const std::size_t scansBefore = scans();
  const std::int64_t rowsBefore = count(d, "SELECT count(*) FROM consent");

  CHECK(post("P000104", "clinic", "clinic-tanaka", isoDaysAgo(1), "just text", "application/pdf").first == 415);
  CHECK(post("P000104", "clinic", "clinic-tanaka", isoDaysAgo(1), "", "application/pdf").first == 400);
  CHECK(post("P424242", "clinic", "clinic-tanaka", isoDaysAgo(1), pdf, "application/pdf").first == 404);
  CHECK(post("P000104", "clinic", "clinic-nowhere", isoDaysAgo(1), pdf, "application/pdf").first == 404);
  CHECK(post("P000104", "doctor", "rad-sato", isoDaysAgo(1), pdf, "application/pdf").first == 404);  // not a clinic doctor
  CHECK(post("P000104", "clinic", "clinic-tanaka", "2026-02-30", pdf, "application/pdf").first == 400);
  CHECK(post("P000104", "clinic", "clinic-tanaka", isoDaysAgo(-3), pdf, "application/pdf").first == 400);  // future
  CHECK(post("P000104", "nurse", "clinic-tanaka", isoDaysAgo(1), pdf, "application/pdf").first == 400);
  CHECK(scans() == scansBefore);
  CHECK(count(d, "SELECT count(*) FROM consent") == rowsBefore);
  CHECK(d.call("GET", "/api/v1/patients/P000104", tanaka).status == 404);

  // A consent naming Dr 鈴木 himself (not his clinic).
  auto ok = post("P000104", "doctor", "dr-suzuki", isoDaysAgo(1), pdf, "application/pdf");
  REQUIRE(ok.first == 201);
  CHECK(ok.second["visible_from"] == yearsBefore(isoDaysAgo(1), 1));
  CHECK(scans() == scansBefore + 1);
  CHECK(d.call("GET", "/api/v1/patients/P000104", suzuki).status == 200);
  CHECK(d.call("GET", "/api/v1/patients/P000104", tanaka).status == 404);  // same clinic, not named
  // The scan is served to the office only, byte for byte.
  const std::string scanUrl = ok.second["scan"]["url"];
  auto scan = d.client->Get(scanUrl.c_str(), d.at(kStart, office.cookie));
  REQUIRE(scan);
  CHECK(scan->status == 200);
  CHECK(scan->body == pdf);
  CHECK(scan->get_header_value("Content-Type") == "application/pdf");
  CHECK(d.get(scanUrl, suzuki.cookie) == 403);
  CHECK(d.audit("action = 'consent.scan' AND patient_id = 'P000104'").size() == 1);
  CHECK(d.audit("account_id = 'dr-suzuki' AND resource = '" + scanUrl + "' AND outcome = 'denied'").size() == 1);
  // Consents are not for clinic users to record.
  auto r = d.client->Post("/api/v1/admin/consents", d.at(kStart, tanaka.cookie, tanaka.body["csrf_token"]),
                          httplib::MultipartFormDataItems{{"patient_id", "P000104", "", ""}});
  REQUIRE(r);
  CHECK(r->status == 403);
}

TEST_CASE("lab results arrive as HL7 in ISO-2022-JP and are visible at once", "[records][labs][R-DATA-2][R-DATA-4]") {
  Demo d;
  auto staff = d.signedIn("rad-sato", "Renkei-staff-2026");
  auto tanaka = d.signedIn("dr-tanaka", kPassword);
  // Dr 田中 has never opened 山田 太郎's page: everything is new. He opens it (a minute after the
  // demo data arrived): nothing is new afterwards.
  auto list = d.call("GET", "/api/v1/patients?q=P000101", tanaka, nullptr, kStart + 60);
  CHECK(list.body["patients"][0]["new_items"].get<int>() > 4);
  REQUIRE(d.call("GET", "/api/v1/patients/P000101", tanaka, nullptr, kStart + 60).status == 200);
  list = d.call("GET", "/api/v1/patients?q=P000101", tanaka, nullptr, kStart + 60);
  CHECK(list.body["patients"][0]["new_items"] == 0);

  // The laboratory sends today's HbA1c in ISO-2022-JP, as SS-MIX2 does ("~ISO IR87").
  const std::string today = isoDaysAgo(0);
  const std::string when = today.substr(0, 4) + today.substr(5, 2) + today.substr(8, 2) + "0915";
  const std::string utf8 = oul("MSG-0001", "P000101", "山田^太郎", "ヤマダ^タロウ", when, "7.1", "~ISO IR87");
  const std::string jis = pipeThrough("iconv -f UTF-8 -t ISO-2022-JP", utf8, d.dir.path());
  REQUIRE(jis.find("\x1b$B") != std::string::npos);
  auto r = postRaw(d, "/api/v1/labs", staff, jis, "x-application/hl7-v2+er7", kStart + 120);
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == 200);
  auto body = json::parse(r->body);
  CHECK(body["reports_stored"] == 1);
  // The same message again is skipped.
  r = postRaw(d, "/api/v1/labs", staff, jis, "x-application/hl7-v2+er7");
  CHECK(json::parse(r->body)["reports_skipped"] == 1);
  CHECK(count(d, "SELECT count(*) FROM lab_report WHERE message_id = 'LIS^HOSP|MSG-0001'") == 1);

  // Visible to the consenting clinic on its next request, marked new, with the comment decoded.
  list = d.call("GET", "/api/v1/patients?q=やまだ", tanaka, nullptr, kStart + 180);
  REQUIRE(list.body["patients"].size() == 1);
  CHECK(list.body["patients"][0]["new_items"] == 1);
  auto labs = d.call("GET", "/api/v1/patients/P000101/labs?limit=1", tanaka);
  REQUIRE(labs.status == 200);
  const auto& newest = labs.body["reports"][0];
  CHECK(newest["specimen_time"] == today + "T09:15");
  CHECK(newest["results"][0]["value"] == "7.1");
  CHECK(newest["results"][0]["flag"] == "H");
  CHECK(newest["results"][0]["code"] == "3D046000002227101");
  CHECK(newest["results"][0]["comment"] == "食後採血");
  auto series = d.call("GET", "/api/v1/patients/P000101/labs/series?code=3D046000002227101", tanaka);
  REQUIRE(series.body["series"].size() == 1);
  CHECK(series.body["series"][0]["points"].back()["numeric"] == 7.1);
  CHECK(series.body["series"][0]["reference_high"] == 6.0);

  // A new patient arrives with the message, name decoded from JIS.
  const std::string other = pipeThrough("iconv -f UTF-8 -t ISO-2022-JP",
                                        oul("MSG-0002", "P000777", "中村^恵子", "ナカムラ^ケイコ", when, "5.5", "~ISO IR87"),
                                        d.dir.path());
  r = postRaw(d, "/api/v1/labs", staff, other, "x-application/hl7-v2+er7");
  REQUIRE(r->status == 200);
  CHECK(json::parse(r->body)["patients_created"][0] == "P000777");
  auto p = d.call("GET", "/api/v1/patients/P000777", staff);
  CHECK(p.body["patient"]["name"] == "中村 恵子");
  CHECK(p.body["patient"]["name_kana"] == "ナカムラ ケイコ");
  CHECK(d.call("GET", "/api/v1/patients/P000777", tanaka).status == 404);
}

TEST_CASE("bad lab messages are refused with line and reason and store nothing", "[records][labs][bad-input][R-DATA-2]") {
  Demo d;
  auto staff = d.signedIn("rad-sato", "Renkei-staff-2026");
  auto tanaka = d.signedIn("dr-tanaka", kPassword);
  const std::int64_t before = count(d, "SELECT count(*) FROM lab_result");
  const std::string good = oul("BAD-1", "P000101", "山田^太郎", "ヤマダ^タロウ", "202611200915", "6.1", "UNICODE UTF-8");

  std::string bad = good;
  bad.replace(bad.find("||6.1|"), 6, "||6,1x|");  // an NM value that is no number, in segment 5
  auto r = postRaw(d, "/api/v1/labs", staff, bad, "x-application/hl7-v2+er7");
  REQUIRE(r);
  CHECK(r->status == 422);
  auto body = json::parse(r->body);
  CHECK(body["problems"][0]["line"] == 5);
  CHECK(body["error"]["message"].get<std::string>().find("line 5") != std::string::npos);

  // Shift_JIS bytes in a message that declares UTF-8.
  const std::string sjis = pipeThrough("iconv -f UTF-8 -t SHIFT_JIS", good, d.dir.path());
  r = postRaw(d, "/api/v1/labs", staff, sjis, "x-application/hl7-v2+er7");
  CHECK(r->status == 422);
  CHECK(json::parse(r->body)["problems"][0]["reason"].get<std::string>().find("not valid") != std::string::npos);
  // …which the charset override reads correctly.
  r = postRaw(d, "/api/v1/labs?charset=Shift_JIS", staff, sjis, "x-application/hl7-v2+er7");
  CHECK(r->status == 200);
  const std::int64_t afterGood = count(d, "SELECT count(*) FROM lab_result");
  CHECK(afterGood == before + 1);

  CHECK(postRaw(d, "/api/v1/labs", staff, "ADT|nonsense\r", "x-application/hl7-v2+er7")->status == 422);  // CSV header wrong
  CHECK(postRaw(d, "/api/v1/labs", staff, "MSH|^~\\&|A|B|C|D|2026||ADT^A01|X|P|2.5\rPID|1||P1\r",
                "x-application/hl7-v2+er7")->status == 422);  // not a lab message
  CHECK(postRaw(d, "/api/v1/labs", staff, "", "text/csv")->status == 400);
  CHECK(postRaw(d, "/api/v1/labs?charset=EBCDIC", staff, good, "text/plain")->status == 400);
  CHECK(postRaw(d, "/api/v1/labs", tanaka, good, "x-application/hl7-v2+er7")->status == 403);  // clinics do not import
  CHECK(count(d, "SELECT count(*) FROM lab_result") == afterGood);
  CHECK(d.audit("action = 'labs.import' AND outcome = 'denied'").size() >= 5);
}

TEST_CASE("CSV results and the import-labs command over a directory", "[records][labs][cli][R-DATA-2]") {
  Demo d;
  const auto dir = d.dir.path() / "feed";
  std::filesystem::create_directories(dir / "2026");
  // Today's results (the demo's newest are a week old), so they are the newest shown.
  const std::string today = isoDaysAgo(0);
  std::ofstream(dir / "a.csv", std::ios::binary)
      << "\xEF\xBB\xBFpatient_id,specimen_time,code,code_system,name,value,unit,reference_range,flag\r\n"
         "P000102," + today + "T08:30,3F077000002327101,JC10,LDLコレステロール,162,mg/dL,65-139,H\r\n"
         "P000102," + today + "T08:30,3D046000002227101,JC10,\"HbA1c, NGSP\",5.6,%,4.9-6.0,\r\n";
  const std::string when = today.substr(0, 4) + today.substr(5, 2) + today.substr(8, 2) + "0900";
  std::ofstream(dir / "2026" / "b.hl7", std::ios::binary)
      << oul("CLI-1", "P000102", "鈴木^花子", "スズキ^ハナコ", when, "5.7", "UNICODE UTF-8");
  std::ofstream(dir / "2026" / "c.hl7", std::ios::binary) << "MSH|^~\\&|bad";
  std::string out;
  CHECK(renkei::test::admin(d.data, "import-labs " + dir.string(), &out) == 1);  // one file refused
  INFO(out);
  CHECK(out.find("a.csv: 1 messages, 1 reports stored") != std::string::npos);
  CHECK(out.find("b.hl7: 1 messages, 1 reports stored") != std::string::npos);
  CHECK(out.find("REFUSED message 1, line 1") != std::string::npos);
  CHECK(out.find("3 files: 2 reports stored, 0 already stored, 1 messages refused") != std::string::npos);
  // Again: everything already stored.
  renkei::test::admin(d.data, "import-labs " + (dir / "a.csv").string() + " " + (dir / "2026" / "b.hl7").string(), &out);
  CHECK(out.find("2 files: 0 reports stored, 2 already stored, 0 messages refused") != std::string::npos);
  auto tanaka = d.signedIn("dr-tanaka", kPassword);
  auto labs = d.call("GET", "/api/v1/patients/P000102/labs?limit=2", tanaka);
  CHECK(labs.body["reports"][0]["specimen_time"] == today + "T09:00");
  CHECK(labs.body["reports"][1]["results"][1]["name"] == "HbA1c, NGSP");
  CHECK(count(d, "SELECT count(*) FROM audit WHERE action = 'labs.import' AND account_id LIKE 'cli:%'") == 5);
}

TEST_CASE("documents are stored, amended and never step back, kinds are data", "[records][documents][R-DATA-3]") {
  Demo d;
  auto staff = d.signedIn("rad-sato", "Renkei-staff-2026");
  auto tanaka = d.signedIn("dr-tanaka", kPassword);
  auto kinds = d.call("GET", "/api/v1/document-kinds", tanaka);
  REQUIRE(kinds.body["kinds"].size() == 8);
  CHECK(kinds.body["kinds"][1]["name"]["ja"] == "退院時サマリー");

  json summary{{"source_id", "DS-T-1"},
               {"kind", "discharge-summary"},
               {"title", "退院時サマリー (心不全)"},
               {"author", "循環器内科 石田"},
               {"clinical_date", isoDaysAgo(3)},
               {"status", "final"},
               {"text", "利尿薬で改善。"},
               {"fields", {{"admitted_on", isoDaysAgo(12)}, {"discharged_on", isoDaysAgo(3)}, {"department", "循環器内科"}}}};
  auto r = d.call("POST", "/api/v1/patients/P000101/documents", staff, summary);
  REQUIRE(r.status == 201);
  const std::int64_t id = r.body["id"];
  CHECK(d.call("POST", "/api/v1/patients/P000101/documents", staff, summary).body["result"] == "unchanged");
  summary["text"] = "利尿薬で改善。退院時体重 58 kg。";
  r = d.call("POST", "/api/v1/patients/P000101/documents", staff, summary);
  CHECK(r.status == 200);
  CHECK(r.body["status"] == "amended");
  CHECK(r.body["version"] == 2);
  summary["status"] = "preliminary";
  CHECK(d.call("POST", "/api/v1/patients/P000101/documents", staff, summary).status == 409);
  CHECK(d.call("POST", "/api/v1/patients/P000102/documents", staff, summary).status == 409);  // id of another patient

  auto doc = d.call("GET", "/api/v1/documents/" + std::to_string(id), tanaka);
  REQUIRE(doc.status == 200);
  CHECK(doc.body["text"] == "利尿薬で改善。退院時体重 58 kg。");
  CHECK(doc.body["fields"]["department"] == "循環器内科");
  CHECK(doc.body["kind_name"]["en"] == "Discharge summary");

  // Bad documents: each a clear 400 (or 404), nothing stored.
  const std::int64_t rows = count(d, "SELECT count(*) FROM document");
  json bad = summary;
  bad["source_id"] = "DS-T-2";
  bad["status"] = "final";
  for (const auto& [field, value] : std::vector<std::pair<std::string, json>>{
           {"kind", "x-ray"}, {"clinical_date", "2026/11/01"}, {"status", "draft"}, {"title", ""},
           {"fields", {{"admitted_on", isoDaysAgo(1)}, {"discharged_on", isoDaysAgo(2)}}},
           {"fields", {{"weight", "58"}}}, {"study_uid", "1.2.3"}}) {
    json b = bad;
    b[field] = value;
    INFO(field);
    CHECK(d.call("POST", "/api/v1/patients/P000101/documents", staff, b).status == 400);
  }
  CHECK(d.call("POST", "/api/v1/patients/P424242/documents", staff, bad).status == 404);
  CHECK(d.call("POST", "/api/v1/patients/P000101/documents", tanaka, bad).status == 403);  // clinics do not write
  CHECK(count(d, "SELECT count(*) FROM document") == rows);

  // Attachments: PDF/PNG/JPEG only, served under the same consent check.
  const std::string png("\x89PNG\r\n\x1a\n0000IHDR", 16);
  auto up = postRaw(d, "/api/v1/documents/" + std::to_string(id) + "/attachments?name=ecg.png", staff, png, "image/png");
  REQUIRE(up);
  CHECK(up->status == 201);
  CHECK(postRaw(d, "/api/v1/documents/" + std::to_string(id) + "/attachments?name=x.exe", staff, "MZ", "image/png")->status == 415);
  doc = d.call("GET", "/api/v1/documents/" + std::to_string(id), tanaka);
  REQUIRE(doc.body["attachments"].size() == 1);
  auto file = d.client->Get(doc.body["attachments"][0]["url"].get<std::string>().c_str(), d.at(kStart, tanaka.cookie));
  REQUIRE(file);
  CHECK(file->body == png);
  auto suzukiLogin = d.signedIn("dr-kobayashi", kPassword);
  CHECK(d.get(doc.body["attachments"][0]["url"].get<std::string>(), suzukiLogin.cookie) == 404);
}

TEST_CASE("patient search by kana, kanji, id and birth date, and its bad parameters", "[records][search][bad-input]") {
  Demo d;
  auto staff = d.signedIn("rad-sato", "Renkei-staff-2026");
  const auto ids = [&](const std::string& query) {
    auto r = d.call("GET", "/api/v1/patients?" + query, staff);
    REQUIRE(r.status == 200);
    std::vector<std::string> out;
    for (const auto& p : r.body["patients"]) out.push_back(p["id"]);
    return out;
  };
  // (the client URL-encodes the query)
  CHECK(ids("q=すずき") == std::vector<std::string>{"P000102"});  // hiragana finds the katakana
  CHECK(ids("q=渡辺") == std::vector<std::string>{"P000105"});
  CHECK(ids("q=山田　太郎") == std::vector<std::string>{"P000101"});  // with an ideographic space
  CHECK(ids("q=p000103") == std::vector<std::string>{"P000103"});
  CHECK(ids("birth_date=1975-11-30") == std::vector<std::string>{"P000104"});
  CHECK(ids("q=%").empty());  // '%' is a character, not a wildcard
  CHECK(ids("q=_").empty());
  CHECK(ids("limit=2").size() == 2);
  CHECK(d.call("GET", "/api/v1/patients?limit=0", staff).status == 400);
  CHECK(d.call("GET", "/api/v1/patients?birth_date=1975-13-01", staff).status == 400);
  CHECK(d.call("GET", "/api/v1/patients?name=x", staff).status == 400);
  // Registering patients: staff and office; clear errors.
  auto office = d.signedIn("office-yamada", "Renkei-office-2026");
  json p{{"id", "P000900"}, {"name", "木村 和子"}, {"name_kana", "キムラ カズコ"}, {"sex", "F"}, {"birth_date", "1980-02-29"}};
  CHECK(d.call("POST", "/api/v1/patients", office, p).status == 201);
  CHECK(d.call("POST", "/api/v1/patients", office, p).status == 409);
  p["id"] = "P 1";
  CHECK(d.call("POST", "/api/v1/patients", office, p).status == 400);
  p["id"] = "P000901";
  p["birth_date"] = "2199-01-01";
  CHECK(d.call("POST", "/api/v1/patients", office, p).status == 400);
  p["birth_date"] = "1980-01-01";
  p["sex"] = "X";
  CHECK(d.call("POST", "/api/v1/patients", office, p).status == 400);
  CHECK(d.call("POST", "/api/v1/patients", d.signedIn("dr-tanaka", kPassword), p).status == 403);
}

TEST_CASE("scans and attachments over 20 MB, other file types, bad ids and dates: refused, nothing left behind",
          "[records][consent][documents][bad-input][R-CON-1][R-CON-3][R-DATA-3]") {
  Demo d;
  auto office = d.signedIn("office-yamada", "Renkei-office-2026");
  auto staff = d.signedIn("rad-sato", "Renkei-staff-2026");
  auto tanaka = d.signedIn("dr-tanaka", kPassword);

  // A consent scan one byte over the limit (a PDF otherwise): 413, no file, no .part, no row.
  const std::string pdfStart = "%PDF-1.4\n";
  const std::set<std::string> scansBefore = filesIn(d.data / "consents");
  const std::int64_t consentsBefore = count(d, "SELECT count(*) FROM consent");
  auto big = postConsent(d, office, "P000104", "clinic", "clinic-tanaka", isoDaysAgo(1),
                         pdfStart + std::string(k20MB + 1 - pdfStart.size(), 'x'), "application/pdf");
  CHECK(big.first == 413);
  CHECK(big.second["error"]["code"] == "scan_too_large");
  CHECK(filesIn(d.data / "consents") == scansBefore);
  CHECK(count(d, "SELECT count(*) FROM consent") == consentsBefore);
  CHECK(d.call("GET", "/api/v1/patients/P000104", tanaka).status == 404);
  // Exactly 20 MB is accepted.
  auto atLimit = postConsent(d, office, "P000104", "clinic", "clinic-tanaka", isoDaysAgo(1),
                             pdfStart + std::string(k20MB - pdfStart.size(), 'x'), "application/pdf");
  CHECK(atLimit.first == 201);
  CHECK(atLimit.second["scan"]["bytes"] == k20MB);
  CHECK(filesIn(d.data / "consents").size() == scansBefore.size() + 1);

  // Attachments: to a document that does not exist, 404 (before the body is looked at).
  const auto attach = [&](const std::string& document, const std::string& body, const std::string& type = "image/png") {
    auto r = postRaw(d, "/api/v1/documents/" + document + "/attachments?name=f.png", staff, body, type);
    REQUIRE(r);
    return std::make_pair(r->status, json::parse(r->body, nullptr, false));
  };
  CHECK(attach("999999", kPng).first == 404);
  CHECK(attach("999999", kPng).second["error"]["code"] == "unknown_document");
  CHECK(attach("abc", kPng).first == 404);
  CHECK(attach("0", kPng).first == 404);
  // Content that is no PDF, PNG or JPEG (whatever the declared type), or over 20 MB: nothing stored.
  const std::string doc = std::to_string(storeReport(d, staff, "P000101", "BIG-1", isoDaysAgo(5)));
  const std::set<std::string> filesBefore = filesIn(d.data / "documents");
  for (const auto& [body, type] : std::vector<std::pair<std::string, std::string>>{
           {"GIF89a\x01\x00\x01\x00", "image/gif"}, {"MZ\x90\x00", "image/png"}, {"\xFF\xD8", "image/jpeg"},
           {"<html>%PDF-1.4", "application/pdf"}, {"", "application/pdf"}}) {
    INFO(type << " " << body.size() << " bytes");
    auto r = attach(doc, body, type);
    CHECK(r.first == 415);
    CHECK(r.second["error"]["code"] == "unsupported_attachment");
  }
  auto over = attach(doc, kPng + std::string(k20MB + 1 - kPng.size(), '\0'));
  CHECK(over.first == 413);
  CHECK(over.second["error"]["code"] == "attachment_too_large");
  CHECK(filesIn(d.data / "documents") == filesBefore);
  CHECK(count(d, "SELECT count(*) FROM document_attachment WHERE document_id = " + doc) == 0);
  CHECK(d.audit("action = 'document.attach' AND outcome = 'denied' AND patient_id = 'P000101'").size() == 6);
  // At the limit it is stored; the type comes from the content, not the Content-Type header.
  auto atMax = attach(doc, kPng + std::string(k20MB - kPng.size(), '\0'), "application/pdf");
  CHECK(atMax.first == 201);
  REQUIRE(atMax.second["attachments"].size() == 1);
  CHECK(atMax.second["attachments"][0]["media_type"] == "image/png");
  CHECK(atMax.second["attachments"][0]["bytes"] == k20MB);
  CHECK(filesIn(d.data / "documents").size() == filesBefore.size() + 1);

  // A withdrawal with a malformed date: 400, the consent stays in force.
  const std::int64_t consent = d.call("GET", "/api/v1/admin/consents?patient=P000101", office).body["consents"][0]["id"];
  const std::string url = "/api/v1/admin/consents/" + std::to_string(consent) + "/withdrawal";
  for (const json& bad : std::vector<json>{"2026-02-30", "2026/11/01", "20261101", isoDaysAgo(1) + "x", "", 20261101}) {
    INFO(bad.dump());
    auto r = d.call("POST", url, office, {{"reason", "撤回"}, {"withdrawn_on", bad}});
    CHECK(r.status == 400);
    CHECK(r.body["error"]["code"] == "bad_request");
  }
  CHECK(d.call("GET", "/api/v1/admin/consents?patient=P000101", office).body["consents"][0]["withdrawn_on"].is_null());
  CHECK(d.call("GET", "/api/v1/patients/P000101", tanaka).status == 200);

  // A malformed birth date: 400, no patient.
  json p{{"id", "P000950"}, {"name", "木村 和子"}, {"name_kana", "キムラ カズコ"}, {"sex", "F"}};
  for (const std::string bad : {"1948-13-01", "19480512x", "19480512", "1948-02-30", "1948-5-12", "1948-05-12 ", ""}) {
    INFO("birth_date '" << bad << "'");
    p["birth_date"] = bad;
    CHECK(d.call("POST", "/api/v1/patients", staff, p).status == 400);
  }
  CHECK(count(d, "SELECT count(*) FROM patient WHERE id = 'P000950'") == 0);
  p["birth_date"] = "1948-05-12";
  CHECK(d.call("POST", "/api/v1/patients", staff, p).status == 201);  // the same request, well formed
}

TEST_CASE("a preliminary report made final, and a later attachment, are new again for the clinic",
          "[records][documents][R-DATA-3][R-DATA-4]") {
  Demo d;
  auto staff = d.signedIn("rad-sato", "Renkei-staff-2026");
  auto tanaka = d.signedIn("dr-tanaka", kPassword);
  auto suzuki = d.signedIn("dr-suzuki", kPassword);
  const auto newItems = [&](const Demo::Login& l, std::int64_t t) {
    auto list = d.call("GET", "/api/v1/patients?q=P000101", l, nullptr, t);
    REQUIRE(list.body["patients"].size() == 1);
    return list.body["patients"][0]["new_items"].get<int>();
  };
  // The radiologist's preliminary report arrives; both doctors of the consenting clinic open the patient.
  json report{{"source_id", "RIS-T-77"},       {"kind", "radiology-report"}, {"title", "腹部CT"},
              {"author", "放射線科 佐藤 健"}, {"clinical_date", isoDaysAgo(1)},  {"status", "preliminary"},
              {"text", "肝S6に12 mmの低吸収域。"}};
  auto r = d.call("POST", "/api/v1/patients/P000101/documents", staff, report, kStart + 30);
  REQUIRE(r.status == 201);
  const std::string url = "/api/v1/documents/" + std::to_string(r.body["id"].get<std::int64_t>());
  REQUIRE(d.call("GET", "/api/v1/patients/P000101", tanaka, nullptr, kStart + 60).status == 200);
  REQUIRE(d.call("GET", "/api/v1/patients/P000101", suzuki, nullptr, kStart + 60).status == 200);
  CHECK(newItems(tanaka, kStart + 90) == 0);

  // The same report (same source_id, same text) signed off as final: one new item for each.
  report["status"] = "final";
  r = d.call("POST", "/api/v1/patients/P000101/documents", staff, report, kStart + 120);
  REQUIRE(r.status == 200);
  CHECK(r.body["result"] == "updated");
  CHECK(r.body["status"] == "final");
  CHECK(r.body["version"] == 2);
  CHECK(newItems(tanaka, kStart + 150) == 1);
  CHECK(newItems(suzuki, kStart + 150) == 1);
  CHECK(d.call("GET", url, tanaka, nullptr, kStart + 150).body["status"] == "final");

  // Opened again; the same final report re-sent is no news.
  REQUIRE(d.call("GET", "/api/v1/patients/P000101", tanaka, nullptr, kStart + 180).status == 200);
  CHECK(d.call("POST", "/api/v1/patients/P000101/documents", staff, report, kStart + 200).body["result"] == "unchanged");
  CHECK(newItems(tanaka, kStart + 210) == 0);

  // The key images arrive later as an attachment: the report is new again.
  auto up = postRaw(d, url + "/attachments?name=key-image.png", staff, kPng, "image/png", kStart + 240);
  REQUIRE(up);
  REQUIRE(up->status == 201);
  CHECK(json::parse(up->body)["updated_at"] == kStart + 240);
  CHECK(newItems(tanaka, kStart + 270) == 1);
  CHECK(newItems(suzuki, kStart + 270) == 1);  // he has not opened the patient since the report became final
  REQUIRE(d.call("GET", "/api/v1/patients/P000101", tanaka, nullptr, kStart + 300).status == 200);
  CHECK(newItems(tanaka, kStart + 330) == 0);
}

TEST_CASE("a lab CSV posted as application/x-www-form-urlencoded (curl --data-binary) is imported", "[records][labs][R-DATA-2]") {
  Demo d;
  auto staff = d.signedIn("rad-sato", "Renkei-staff-2026");
  const auto reports = [&] { return d.call("GET", "/api/v1/patients/P000102/labs", staff).body["total"].get<int>(); };
  const int before = reports();

  // curl --data-binary sends application/x-www-form-urlencoded: the body is the file, not parameters
  // (only the query string is; httplib would also parse such a body into req.params).
  const std::string today = isoDaysAgo(0);
  const std::string csv =
      "patient_id,specimen_time,code,code_system,name,value,unit,reference_range,flag\n"
      "P000102," + today + "T08:30,3F077000002327101,JC10,LDLコレステロール,162,mg/dL,65-139,H\n";
  auto r = postRaw(d, "/api/v1/labs?charset=UTF-8", staff, csv, "application/x-www-form-urlencoded");
  REQUIRE(r);
  INFO(r->body);
  CHECK(r->status == 200);
  CHECK(json::parse(r->body)["reports_stored"] == 1);
  CHECK(reports() == before + 1);
  auto newest = d.call("GET", "/api/v1/patients/P000102/labs?limit=1", staff).body["reports"][0];
  CHECK(newest["results"][0]["value"] == "162");
  CHECK(newest["results"][0]["name"] == "LDLコレステロール");
  r = postRaw(d, "/api/v1/labs", staff, csv, "application/x-www-form-urlencoded");
  CHECK(json::parse(r->body)["reports_skipped"] == 1);  // and again: already stored
}

TEST_CASE("an HL7 message id is unique per sender: another sender's is stored, a re-send skipped",
          "[records][labs][R-DATA-2]") {
  Demo d;
  auto staff = d.signedIn("rad-sato", "Renkei-staff-2026");
  const auto reports = [&] { return d.call("GET", "/api/v1/patients/P000102/labs", staff).body["total"].get<int>(); };
  const int before = reports();
  const std::string today = isoDaysAgo(0);

  // The same MSH-10 from another sending application (MSH-3) or facility (MSH-4) is another
  // laboratory's message; from the same sender again it is a re-send.
  const std::string when = today.substr(0, 4) + today.substr(5, 2) + today.substr(8, 2) + "0700";
  const std::string fromLis = oul("DUP-1", "P000102", "鈴木^花子", "スズキ^ハナコ", when, "5.6", "UNICODE UTF-8");
  const auto from = [&](const std::string& app, const std::string& facility, const std::string& value) {
    std::string m = fromLis;
    m.replace(0, std::string("MSH|^~\\&|LIS|HOSP|").size(), "MSH|^~\\&|" + app + "|" + facility + "|");
    m.replace(m.find("||5.6|"), 6, "||" + value + "|");
    return m;
  };
  const auto post = [&](const std::string& message) {
    auto res = postRaw(d, "/api/v1/labs", staff, message, "x-application/hl7-v2+er7");
    REQUIRE(res);
    INFO(res->body);
    REQUIRE(res->status == 200);
    const json body = json::parse(res->body);
    return std::make_pair(body["reports_stored"].get<int>(), body["reports_skipped"].get<int>());
  };
  CHECK(post(fromLis) == std::make_pair(1, 0));
  CHECK(post(from("LIS2", "HOSP", "5.7")) == std::make_pair(1, 0));
  CHECK(post(from("LIS", "BRANCH", "5.8")) == std::make_pair(1, 0));
  CHECK(post(fromLis) == std::make_pair(0, 1));
  CHECK(post(from("LIS2", "HOSP", "5.7")) == std::make_pair(0, 1));
  CHECK(count(d, "SELECT count(*) FROM lab_report WHERE message_id IN "
                 "('LIS^HOSP|DUP-1', 'LIS2^HOSP|DUP-1', 'LIS^BRANCH|DUP-1')") == 3);
  CHECK(reports() == before + 3);
  std::set<std::string> values;
  const auto newest = d.call("GET", "/api/v1/patients/P000102/labs?limit=3", staff);
  for (const auto& rep : newest.body["reports"])
    if (rep["specimen_time"] == today + "T07:00") values.insert(rep["results"][0]["value"].get<std::string>());
  CHECK(values == std::set<std::string>{"5.6", "5.7", "5.8"});
}

TEST_CASE("issue 13: a lab table kept in memory changes as soon as a report arrives — by the API or by another process",
          "[records][labs][cache][R-DATA-2]") {
  Demo d;
  auto tanaka = d.signedIn("dr-tanaka", kPassword);
  auto staff = d.signedIn("rad-sato", "Renkei-staff-2026");
  const auto first = d.call("GET", "/api/v1/patients/P000101/labs?limit=1", tanaka);
  REQUIRE(first.status == 200);
  CHECK(d.call("GET", "/api/v1/patients/P000101/labs?limit=1", tanaka).text == first.text);  // the kept answer
  const std::string today = isoDaysAgo(0);
  const std::string stamp = today.substr(0, 4) + today.substr(5, 2) + today.substr(8, 2);
  // By the API.
  auto r = postRaw(d, "/api/v1/labs", staff, oul("MSG-C1", "P000101", "山田^太郎", "ヤマダ^タロウ", stamp + "2301", "8.2", ""),
                   "x-application/hl7-v2+er7");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  auto now = d.call("GET", "/api/v1/patients/P000101/labs?limit=1", tanaka);
  CHECK(now.body["total"] == first.body["total"].get<int>() + 1);
  CHECK(now.body["reports"][0]["results"][0]["value"] == "8.2");
  // By the admin tool, a process of its own that the server knows nothing of.
  const auto file = d.dir.path() / "later.hl7";
  std::ofstream(file, std::ios::binary) << oul("MSG-C2", "P000101", "山田^太郎", "ヤマダ^タロウ", stamp + "2302", "8.3", "");
  std::string out;
  REQUIRE(renkei::test::admin(d.data, "import-labs " + file.string(), &out) == 0);
  now = d.call("GET", "/api/v1/patients/P000101/labs?limit=1", tanaka);
  CHECK(now.body["total"] == first.body["total"].get<int>() + 2);
  CHECK(now.body["reports"][0]["results"][0]["value"] == "8.3");
  // Two scopes never share one answer: the hospital sees every report, the clinic from its look-back.
  const auto hospital = d.call("GET", "/api/v1/patients/P000101/labs?limit=1", staff);
  CHECK(hospital.body["scope"] != now.body["scope"]);
  CHECK(hospital.body["total"].get<int>() >= now.body["total"].get<int>());
  // Another page is another answer.
  CHECK(d.call("GET", "/api/v1/patients/P000101/labs?limit=1&offset=1", tanaka).body["reports"][0]["results"][0]["value"] == "8.2");
}
