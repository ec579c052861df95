// SPDX-License-Identifier: MIT
// DemoServer — a real renkei-server on a loopback port over a data directory filled by
// `renkei-admin demo`, with helpers to log in, call the API at a chosen time (X-Renkei-Test-Now,
// accepted only in test mode) and read the audit table directly.
#pragma once

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <SQLiteCpp/Database.h>

#include <cstdio>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "ServerProcess.h"

namespace renkei::test {

using nlohmann::json;


inline const std::int64_t kStart = static_cast<std::int64_t>(std::time(nullptr));
constexpr std::int64_t kDay = 86400;

/// Runs a shell command (stderr with stdout); its exit status, and its output in `out`.
inline int run(const std::string& cmd, std::string* out = nullptr) {
  FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
  std::string text;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p)) text += buf;
  const int rc = ::pclose(p);
  if (out) *out = text;
  return WEXITSTATUS(rc);
}

inline int admin(const std::filesystem::path& data, const std::string& args, std::string* out = nullptr) {
  return run(std::string(RENKEI_ADMIN_BINARY) + " --data-dir " + data.string() + " --password-iterations 1000 " + args, out);
}

struct Demo {
  TempDir dir;
  std::filesystem::path data = dir.path() / "data";
  std::unique_ptr<ServerProcess> server;
  std::unique_ptr<httplib::SSLClient> client;

  /// `extra`: server options. By default the test clock is on and two-factor log-in is required of
  /// nobody, so that tests of other rules need no codes; TwoFactorTests use the real default.
  explicit Demo(std::vector<std::string> extra = {"--test-mode", "--totp-required-roles", "none"}) {
    REQUIRE(admin(data, "demo") == 0);
    extra.push_back("--password-iterations");
    extra.push_back("1000");
    server = std::make_unique<ServerProcess>(ServerProcess::Options{data, extra});
    REQUIRE(server->start());
    client = server->client();
  }

  httplib::Headers at(std::int64_t t, const std::string& cookie = "", const std::string& csrf = "") const {
    httplib::Headers h{{"X-Renkei-Test-Now", std::to_string(t)}};
    if (!cookie.empty()) h.emplace("Cookie", "renkei_session=" + cookie);
    if (!csrf.empty()) h.emplace("X-CSRF-Token", csrf);
    return h;
  }

  struct Login {
    int status = 0;
    json body;
    std::string cookie, setCookie;
  };
  Login login(const std::string& user, const std::string& password, std::int64_t t = kStart, const std::string& totp = "") {
    json body{{"user", user}, {"password", password}};
    if (!totp.empty()) body["totp"] = totp;
    auto r = client->Post("/api/v1/session", at(t), body.dump(), "application/json");
    REQUIRE(r);
    Login l{r->status, json::parse(r->body, nullptr, false), "", r->get_header_value("Set-Cookie")};
    const auto eq = l.setCookie.find('='), semi = l.setCookie.find(';');
    if (eq != std::string::npos) l.cookie = l.setCookie.substr(eq + 1, semi - eq - 1);
    return l;
  }
  struct Reply {
    int status = 0;
    json body;
    std::string text;
    std::string contentType;
  };
  /// Any API call as a signed-in user (`l` from login), at time `t`.
  Reply call(const std::string& method, const std::string& path, const Login& l, const json& body = nullptr,
             std::int64_t t = kStart) {
    const std::string csrf = l.body.contains("csrf_token") ? l.body["csrf_token"].get<std::string>() : "";
    const auto h = at(t, l.cookie, csrf);
    const std::string payload = body.is_null() ? "" : body.dump();
    REQUIRE((method == "GET" || method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE"));
    httplib::Result r = method == "GET"     ? client->Get(path, h)
                        : method == "POST"  ? client->Post(path, h, payload, "application/json")
                        : method == "PUT"   ? client->Put(path, h, payload, "application/json")
                        : method == "PATCH" ? client->Patch(path, h, payload, "application/json")
                                            : client->Delete(path, h);
    REQUIRE(r);
    return Reply{r->status, json::parse(r->body, nullptr, false), r->body, r->get_header_value("Content-Type")};
  }
  /// Logs in and requires success.
  Login signedIn(const std::string& user, const std::string& password, std::int64_t t = kStart, const std::string& totp = "") {
    Login l = login(user, password, t, totp);
    REQUIRE(l.status == 200);
    return l;
  }
  int get(const std::string& path, const std::string& cookie, std::int64_t t = kStart) {
    auto r = client->Get(path, at(t, cookie));
    REQUIRE(r);
    return r->status;
  }
  std::vector<json> audit(const std::string& where) {
    SQLite::Database db((data / "renkei.sqlite").string(), SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "SELECT account_id, action, resource, outcome, detail FROM audit WHERE " + where + " ORDER BY seq");
    std::vector<json> out;
    while (q.executeStep())
      out.push_back({{"user", q.getColumn(0).getString()}, {"action", q.getColumn(1).getString()},
                     {"resource", q.getColumn(2).getString()}, {"outcome", q.getColumn(3).getString()},
                     {"detail", q.getColumn(4).getString()}});
    return out;
  }
  void setPasswordDate(const std::string& user, std::int64_t daysAgo) {
    SQLite::Database db((data / "renkei.sqlite").string(), SQLite::OPEN_READWRITE);
    SQLite::Statement u(db, "UPDATE password SET set_on = date('now', '+9 hours', ?) WHERE account_id = ?");
    u.bind(1, "-" + std::to_string(daysAgo) + " days");
    u.bind(2, user);
    u.exec();
  }
};


/// A CT of P000101 (inside dr-tanaka's consent), imported by renkei-admin while the server runs;
/// the frame paths of its `slices` instances (the patient must have no other images).
inline std::vector<std::string> importCt(Demo& d, int slices) {
  const auto dir = d.dir.path() / "ct";
  std::string out;
  REQUIRE(run(std::string(RENKEI_ADMIN_BINARY) + " synthesize-dicom --out " + dir.string() +
                  " --patient P000101 --kind ct --size 64 --slices " + std::to_string(slices),
              &out) == 0);
  REQUIRE(admin(d.data, "import-dicom " + dir.string(), &out) == 0);
  auto staff = d.signedIn("rad-sato", "Renkei-staff-2026");
  const auto studies = d.call("GET", "/dicomweb/studies?PatientID=P000101", staff);
  REQUIRE(studies.body.size() >= 1);
  const auto value = [](const json& dataset, const char* t) { return dataset[t]["Value"][0].get<std::string>(); };
  std::vector<std::string> paths;
  for (const auto& st : studies.body) {
    const std::string study = value(st, "0020000D");
    const auto inst = d.call("GET", "/dicomweb/studies/" + study + "/instances", staff);
    for (const auto& i : inst.body)
      paths.push_back("/dicomweb/studies/" + study + "/series/" + value(i, "0020000E") + "/instances/" + value(i, "00080018") + "/frames/1");
  }
  REQUIRE(paths.size() == static_cast<std::size_t>(slices));
  return paths;
}

}  // namespace renkei::test
