// SPDX-License-Identifier: MIT
// Integration tests against the real renkei-server over HTTPS on a loopback port (issue 3).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <zlib.h>

#include <SQLiteCpp/Database.h>

#include <fstream>
#include <sstream>

#include "TestFiles.h"
#include "ServerProcess.h"
#include "server/store/Database.h"

using renkei::test::ServerProcess;
using renkei::test::TempDir;

using renkei::test::readFile;

namespace {


std::string gunzip(const std::string& gz) {
  z_stream zs{};
  REQUIRE(inflateInit2(&zs, 15 + 16) == Z_OK);
  std::string out;
  char buf[65536];
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  zs.avail_in = static_cast<uInt>(gz.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
  }
  inflateEnd(&zs);
  REQUIRE(rc == Z_STREAM_END);
  return out;
}

void requireSecurityHeaders(const httplib::Result& r) {
  REQUIRE(r);
  const std::string csp = r->get_header_value("Content-Security-Policy");
  CHECK(csp.find("default-src 'self'") != std::string::npos);
  CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
  CHECK(csp.find("object-src 'none'") != std::string::npos);
  CHECK(csp.find("unsafe-inline") == std::string::npos);
  CHECK(r->get_header_value("Strict-Transport-Security").rfind("max-age=", 0) == 0);
  CHECK(r->get_header_value("X-Content-Type-Options") == "nosniff");
  CHECK(r->get_header_value("X-Frame-Options") == "DENY");
  CHECK(r->get_header_value("Referrer-Policy") == "no-referrer");
}

struct RunningServer {
  TempDir dir;
  ServerProcess server{{dir.path() / "data", {"--max-body-bytes", "65536"}}};
  RunningServer() { REQUIRE(server.start()); }
};

}  // namespace

TEST_CASE("health reports version, build and database schema", "[server][R-OPS-1]") {
  RunningServer s;
  auto c = s.server.client();
  auto r = c->Get("/api/v1/health");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == "application/json");
  CHECK(r->get_header_value("Cache-Control") == "no-store");
  requireSecurityHeaders(r);
  const auto j = nlohmann::json::parse(r->body);
  CHECK(j["status"] == "ok");
  CHECK(j["name"] == "Renkei");
  CHECK(j["version"].get<std::string>().find('.') != std::string::npos);
  CHECK(j["build"]["commit"].is_string());
  CHECK(j["build"]["compiler"].is_string());
  CHECK(j["database"]["schema_version"] == renkei::server::Database::migrations().back().version);
  CHECK(j["time"].get<std::string>().back() == 'Z');
}

TEST_CASE("the app is served with the right types, compression and revalidation", "[server][static][needs-app]") {
  RunningServer s;
  auto c = s.server.client();

  SECTION("index.html") {
    auto r = c->Get("/");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(r->body == readFile(ServerProcess::webRoot() / "index.html"));
    requireSecurityHeaders(r);
  }
  SECTION("wasm: application/wasm, gzip when accepted, identical bytes after decompression") {
    const std::string original = readFile(ServerProcess::appDir() / "app.wasm");
    REQUIRE(original.size() > 100000);
    auto gz = c->Get("/app.wasm", {{"Accept-Encoding", "gzip, deflate, br"}});
    REQUIRE(gz);
    CHECK(gz->status == 200);
    CHECK(gz->get_header_value("Content-Type") == "application/wasm");
    CHECK(gz->get_header_value("Content-Encoding") == "gzip");
    CHECK(gz->body.size() < original.size() / 2);
    CHECK(gunzip(gz->body) == original);
    auto plain = c->Get("/app.wasm");
    REQUIRE(plain);
    CHECK(plain->get_header_value("Content-Encoding").empty());
    CHECK(plain->body == original);
  }
  SECTION("JavaScript is compressed too") {
    auto r = c->Get("/app.js", {{"Accept-Encoding", "gzip"}});
    REQUIRE(r);
    CHECK(r->get_header_value("Content-Type") == "text/javascript; charset=utf-8");
    CHECK(r->get_header_value("Content-Encoding") == "gzip");
    CHECK(gunzip(r->body) == readFile(ServerProcess::appDir() / "app.js"));
  }
  SECTION("ETag revalidation answers 304 without a body") {
    auto r = c->Get("/app.data");
    REQUIRE(r);
    const std::string etag = r->get_header_value("ETag");
    REQUIRE(etag.size() > 10);
    CHECK(r->get_header_value("Cache-Control") == "no-cache");
    auto again = c->Get("/app.data", {{"If-None-Match", etag}});
    REQUIRE(again);
    CHECK(again->status == 304);
    CHECK(again->body.empty());
  }
}

TEST_CASE("paths outside the served roots are never served", "[server][static][security]") {
  RunningServer s;
  auto c = s.server.client();
  for (const char* path : {"/../CMakeLists.txt", "/%2e%2e/CMakeLists.txt", "/..%2fCMakeLists.txt", "/.git/config",
                           "/.hidden.js", "/CMakeLists.txt", "/nothing.js", "/index.html%00.js", "//etc/passwd",
                           "/renkei.css/../../server/main.cpp"}) {
    INFO(path);
    auto r = c->Get(path);
    REQUIRE(r);
    CHECK(r->status == 404);
    CHECK(r->body.find("\"not_found\"") != std::string::npos);
    requireSecurityHeaders(r);
  }
}

TEST_CASE("errors are JSON, carry the security headers, and leave the server running", "[server][bad-input]") {
  RunningServer s;
  auto c = s.server.client();

  SECTION("unknown API endpoint") {
    auto r = c->Get("/api/v1/nothing-here");
    REQUIRE(r);
    CHECK(r->status == 404);
    CHECK(nlohmann::json::parse(r->body)["error"]["code"] == "not_found");
    CHECK(r->get_header_value("Cache-Control") == "no-store");
  }
  SECTION("a body over the configured cap is refused with 413") {
    // max_body_bytes is the STOW-RS limit (the largest body); other routes have smaller ones.
    auto r = c->Post("/dicomweb/studies", std::string(70000, 'x'), "application/dicom");
    REQUIRE(r);
    CHECK(r->status == 413);
    CHECK(nlohmann::json::parse(r->body)["error"]["code"] == "payload_too_large");
    requireSecurityHeaders(r);
  }
  SECTION("writing to static paths is not allowed") {
    auto r = c->Post("/index.html", "x", "text/plain");
    REQUIRE(r);
    CHECK(r->status == 405);
  }
  auto after = c->Get("/api/v1/health");
  REQUIRE(after);
  CHECK(after->status == 200);
}

TEST_CASE("HTTPS only: a plain-HTTP request gets no answer", "[server][security]") {
  RunningServer s;
  httplib::Client plain("127.0.0.1", s.server.port());
  plain.set_connection_timeout(3);
  plain.set_read_timeout(3);
  auto r = plain.Get("/api/v1/health");
  CHECK((!r || r->status != 200));
}

TEST_CASE("a self-signed certificate is generated once, valid for localhost, and reused", "[server][tls]") {
  TempDir dir;
  const auto data = dir.path() / "data";
  std::string first;
  {
    ServerProcess server({data});
    REQUIRE(server.start());
    CHECK(server.log().find("generated a self-signed TLS certificate") != std::string::npos);
    // A client that trusts only this certificate and checks the host name accepts it.
    auto verified = server.client("localhost", data / "tls" / "cert.pem");
    auto r = verified->Get("/api/v1/health");
    REQUIRE(r);
    CHECK(r->status == 200);
    first = readFile(data / "tls" / "cert.pem");
    const auto perms = std::filesystem::status(data / "tls" / "key.pem").permissions();
    CHECK((perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all)) == std::filesystem::perms::none);
  }
  ServerProcess again({data});
  REQUIRE(again.start());
  CHECK(again.log().find("generated a self-signed") == std::string::npos);
  CHECK(readFile(data / "tls" / "cert.pem") == first);
}

TEST_CASE("a configured certificate is used instead of generating one", "[server][tls]") {
  TempDir dir;
  const auto data = dir.path() / "data";
  const auto certs = dir.path() / "own";
  {
    // Make a certificate pair by starting once elsewhere, then move it to "own".
    ServerProcess maker({dir.path() / "maker"});
    REQUIRE(maker.start());
  }
  std::filesystem::create_directories(certs);
  std::filesystem::copy_file(dir.path() / "maker" / "tls" / "cert.pem", certs / "cert.pem");
  std::filesystem::copy_file(dir.path() / "maker" / "tls" / "key.pem", certs / "key.pem");
  ServerProcess server({data, {"--cert", (certs / "cert.pem").string(), "--key", (certs / "key.pem").string()}});
  REQUIRE(server.start());
  CHECK_FALSE(std::filesystem::exists(data / "tls" / "cert.pem"));
  auto r = server.client("localhost", certs / "cert.pem")->Get("/api/v1/health");
  REQUIRE(r);
  CHECK(r->status == 200);
}

TEST_CASE("config file settings apply and command-line flags override them", "[server][config]") {
  TempDir dir;
  const auto data = dir.path() / "data";
  std::filesystem::create_directories(data);
  const int filePort = renkei::test::freePort();
  std::ofstream(data / "renkei.conf") << "# test config\nport = " << filePort << "\nmax_body_bytes = 2048  # small\n";

  SECTION("file only") {
    ServerProcess server({data, {}, false, filePort});
    REQUIRE(server.start());
    auto r = server.client()->Post("/dicomweb/studies", std::string(4096, 'x'), "application/dicom");
    REQUIRE(r);
    CHECK(r->status == 413);
  }
  SECTION("a flag wins over the file") {
    ServerProcess server({data, {"--max-body-bytes", "1048576"}, false, filePort});
    REQUIRE(server.start());
    auto r = server.client()->Post("/dicomweb/studies", std::string(4096, 'x'), "application/dicom");
    REQUIRE(r);
    CHECK(r->status == 401);  // read whole, then refused for want of a session
  }
}

TEST_CASE("configuration mistakes stop the server with a clear message", "[server][config][bad-input]") {
  TempDir dir;
  const auto data = dir.path() / "data";
  std::filesystem::create_directories(data);

  SECTION("unknown key, naming file and line") {
    std::ofstream(data / "renkei.conf") << "port = 8443\nprot = 9000\n";
    ServerProcess server({data});
    CHECK(server.runToExit() == 2);
    CHECK(server.log().find("renkei.conf:2: unknown setting 'prot'") != std::string::npos);
  }
  SECTION("port out of range") {
    ServerProcess server({data, {"--port", "70000"}, false});
    CHECK(server.runToExit() == 2);
    CHECK(server.log().find("'70000' is not a whole number from 1 to 65535") != std::string::npos);
  }
  SECTION("unknown option") {
    ServerProcess server({data, {"--prot", "1"}});
    CHECK(server.runToExit() == 2);
    CHECK(server.log().find("unknown option '--prot'") != std::string::npos);
    CHECK(server.log().find("usage: renkei-server") != std::string::npos);
  }
  SECTION("port already in use") {
    ServerProcess first({dir.path() / "first"});
    REQUIRE(first.start());
    ServerProcess second({data, {}, true, first.port()});
    CHECK(second.runToExit() == 3);
    CHECK(second.log().find("cannot listen") != std::string::npos);
  }
}

TEST_CASE("the database is SQLite in WAL mode with foreign keys and a schema version", "[server][database]") {
  TempDir dir;
  const auto data = dir.path() / "data";
  {
    ServerProcess server({data});
    REQUIRE(server.start());
  }
  // Patient data: files readable by the service account only.
  for (const char* f : {"renkei.sqlite", "tls/key.pem"}) {
    INFO(f);
    const auto perms = std::filesystem::status(data / f).permissions();
    CHECK((perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all)) == std::filesystem::perms::none);
  }
  CHECK((std::filesystem::status(data).permissions() & std::filesystem::perms::others_all) == std::filesystem::perms::none);
  SQLite::Database db((data / "renkei.sqlite").string(), SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("PRAGMA journal_mode").getString() == "wal");
  CHECK(db.execAndGet("PRAGMA user_version").getInt() == renkei::server::Database::migrations().back().version);
  CHECK(db.execAndGet("SELECT count(*) FROM instance WHERE key = 'created_at'").getInt() == 1);
}

TEST_CASE("a database from a newer server is refused and left untouched", "[server][database][bad-input]") {
  TempDir dir;
  const auto data = dir.path() / "data";
  {
    ServerProcess server({data});
    REQUIRE(server.start());
  }
  {
    SQLite::Database db((data / "renkei.sqlite").string(), SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version = 99");
  }
  const std::string before = readFile(data / "renkei.sqlite");
  ServerProcess server({data});
  CHECK(server.runToExit() == 4);
  CHECK(server.log().find("schema version 99") != std::string::npos);
  CHECK(readFile(data / "renkei.sqlite") == before);
}
