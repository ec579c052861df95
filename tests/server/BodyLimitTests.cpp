// SPDX-License-Identifier: MIT
// Request bodies are limited while they arrive, however they arrive (issue 17): Content-Length and
// chunked bodies just under and just over each route's limit, a chunked body that never ends, one
// that trickles past the deadline, and twenty oversize uploads at once while a normal read goes on
// — against the real server, whose memory is watched. Every refusal is audited.
#include <catch2/catch.hpp>

#include <atomic>
#include <csignal>
#include <chrono>
#include <fstream>
#include <future>
#include <thread>

#include <zlib.h>

#include "DemoServer.h"

using namespace renkei::test;
using nlohmann::json;

namespace {

// A client writing into a connection the server has stopped reading gets EPIPE, not a signal that
// would end the whole test run.
const bool kNoSigpipe = [] {
  std::signal(SIGPIPE, SIG_IGN);
  return true;
}();

constexpr std::size_t kJsonLimit = 64u << 10;  // Api::kJsonBodyBytes

/// The server's resident memory in KiB (VmRSS).
long rssKiB(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

/// A log-in body of exactly `n` bytes (valid JSON; the padding is in the password).
std::string loginBody(std::size_t n) {
  const std::string head = R"({"user":"dr-tanaka","password":")", tail = R"("})";
  return head + std::string(n - head.size() - tail.size(), 'x') + tail;
}

/// POSTs `body` chunked (no Content-Length) in pieces of `piece` bytes.
httplib::Result postChunked(httplib::SSLClient& c, const std::string& path, const httplib::Headers& h, const std::string& body,
                            const char* type, std::size_t piece = 16384) {
  return c.Post(
      path, h,
      [&body, piece](std::size_t offset, httplib::DataSink& sink) {
        if (offset >= body.size()) {
          sink.done();
          return true;
        }
        return sink.write(body.data() + offset, std::min(piece, body.size() - offset));
      },
      type);
}

/// `data` as a gzip stream (zlib, level 9).
std::string gzip(const std::string& data) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(deflateBound(&z, data.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

}  // namespace

TEST_CASE("log-in body: Content-Length and chunked, just under and just over the limit", "[server][body-limit]") {
  Demo d;
  for (const bool chunked : {false, true}) {
    INFO((chunked ? "chunked" : "Content-Length"));
    const std::string under = loginBody(kJsonLimit), over = loginBody(kJsonLimit + 1);
    auto r = chunked ? postChunked(*d.client, "/api/v1/session", d.at(kStart), under, "application/json")
                     : d.client->Post("/api/v1/session", d.at(kStart), under, "application/json");
    REQUIRE(r);
    CHECK(r->status == 400);  // read whole, then refused for its over-long password field
    CHECK(json::parse(r->body)["error"]["code"] == "bad_request");
    d.client = d.server->client();
    r = chunked ? postChunked(*d.client, "/api/v1/session", d.at(kStart), over, "application/json")
                : d.client->Post("/api/v1/session", d.at(kStart), over, "application/json");
    REQUIRE(r);
    CHECK(r->status == 413);
    CHECK(json::parse(r->body)["error"]["code"] == "payload_too_large");
    CHECK(r->get_header_value("Connection") == "close");
    d.client = d.server->client();
  }
  const auto refused = d.audit("resource = '/api/v1/session' AND outcome = 'denied' AND detail LIKE 'body: over 65536 bytes'");
  CHECK(refused.size() == 2);
}

TEST_CASE("each route has its own limit: JSON small, uploads their documented caps, STOW max_body_bytes",
          "[server][body-limit]") {
  Demo d({"--test-mode", "--totp-required-roles", "none", "--max-body-bytes", "1048576"});
  auto staff = d.signedIn("rad-sato", "Renkei-staff-2026");
  const httplib::Headers h = d.at(kStart, staff.cookie, staff.body["csrf_token"].get<std::string>());
  SECTION("a JSON endpoint takes 64 KiB, chunked or not") {
    const std::string big = "{\"name\":\"" + std::string(kJsonLimit, 'x') + "\"}";
    auto r = postChunked(*d.client, "/api/v1/tokens", h, big, "application/json");
    REQUIRE(r);
    CHECK(r->status == 413);
  }
  SECTION("a lab import takes more than a JSON request (HL7 batches)") {
    const std::string csv = "patient_id,code,value\n" + std::string(200 * 1024, '#');
    auto r = postChunked(*d.client, "/api/v1/labs", h, csv, "text/csv");
    REQUIRE(r);
    CHECK(r->status != 413);  // 200 KB is read whole and judged (422: not a lab file)
  }
  SECTION("STOW-RS takes max_body_bytes (here 1 MiB): a chunked body over it is cut off") {
    const std::string body(1048576 + 4096, 'D');
    auto r = postChunked(*d.client, "/dicomweb/studies", h, body, "application/dicom");
    REQUIRE(r);
    CHECK(r->status == 413);
    CHECK(json::parse(r->body)["error"]["code"] == "payload_too_large");
  }
  SECTION("an attachment of 20 MB + 1 byte still gets the route's own answer (attachment_too_large)") {
    const std::string body((20u << 20) + 1, 'P');
    auto r = d.client->Post("/api/v1/documents/1/attachments?name=a.pdf", h, body, "application/pdf");
    INFO("error " << httplib::to_string(r.error()) << "; server log: " << d.server->log().substr(0, 3000));
    REQUIRE(r);
    CHECK(r->status == 413);
  }
  SECTION("an unknown endpoint or a static path does not read a chunked body either") {
    const std::string body(4u << 20, 'z');
    for (const char* path : {"/api/v1/no-such-thing", "/index.html", "/dicomweb/nothing"}) {
      INFO(path);
      d.client = d.server->client();
      auto r = postChunked(*d.client, path, h, body, "application/octet-stream");
      if (r) CHECK((r->status == 404 || r->status == 405));
    }
    d.client = d.server->client();
    CHECK(d.get("/api/v1/health", "") == 200);
  }
}

TEST_CASE("a chunked body that never ends is cut off and the server stays small", "[server][body-limit]") {
  Demo d;
  const long before = rssKiB(d.server->pid());
  REQUIRE(before > 0);
  std::atomic<std::size_t> sent{0};
  const std::string piece(65536, 'e');
  const auto t0 = std::chrono::steady_clock::now();
  auto r = d.client->Post(
      "/api/v1/session", d.at(kStart),
      [&](std::size_t, httplib::DataSink& sink) {
        // Bounded all the same: the test stops by itself at 2 GiB or 60 s.
        if (sent > (2ull << 30) || std::chrono::steady_clock::now() - t0 > std::chrono::seconds(60)) return false;
        if (!sink.write(piece.data(), piece.size())) return false;
        sent += piece.size();
        return true;
      },
      "application/json");
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (r) CHECK(r->status == 413);  // or the connection was reset under the writer: either way, cut off
  CHECK(seconds < 30);
  CHECK(sent < (64u << 20));  // the server stopped reading long before: socket buffers only
  const long after = rssKiB(d.server->pid());
  INFO("RSS before " << before << " KiB, after " << after << " KiB, client sent " << sent << " bytes");
  CHECK(after - before < 32 * 1024);  // bound: 32 MiB of growth
  d.client = d.server->client();
  CHECK(d.get("/api/v1/health", "") == 200);
  CHECK(d.audit("detail LIKE 'body: over%'").size() == 1);
}

TEST_CASE("a body that trickles in past body_seconds is cut off with 408", "[server][body-limit]") {
  Demo d({"--test-mode", "--totp-required-roles", "none", "--body-seconds", "2"});
  int pieces = 0;
  const auto t0 = std::chrono::steady_clock::now();
  auto r = d.client->Post(
      "/api/v1/session", d.at(kStart),
      [&](std::size_t, httplib::DataSink& sink) {
        if (++pieces > 40) {  // 40 × 250 ms = 10 s at most
          sink.done();
          return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
        return sink.write("x", 1);
      },
      "application/json");
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (r) {
    CHECK(r->status == 408);
    CHECK(json::parse(r->body)["error"]["code"] == "request_timeout");
  }
  CHECK(seconds < 8);
  CHECK(d.audit("detail LIKE 'body: not complete after 2 s'").size() == 1);
}

TEST_CASE("twenty oversize uploads at once: all refused, a normal read still answered, memory bounded",
          "[server][body-limit]") {
  Demo d;
  auto doctor = d.signedIn("dr-tanaka", "Renkei-clinic-2026");
  const long before = rssKiB(d.server->pid());
  const std::string body(8u << 20, 'o');  // 8 MiB each against the log-in's 64 KiB
  std::vector<std::future<int>> uploads;
  for (int i = 0; i < 20; ++i)
    uploads.push_back(std::async(std::launch::async, [&] {
      auto c = d.server->client();
      auto r = postChunked(*c, "/api/v1/session", {}, body, "application/json", 65536);
      return r ? r->status : -1;
    }));
  // Meanwhile the doctor's patient list is answered.
  const auto list = d.call("GET", "/api/v1/patients", doctor);
  CHECK(list.status == 200);
  int refused = 0;
  for (auto& u : uploads) {
    const int status = u.get();
    CHECK((status == 413 || status == -1));  // -1: reset while still writing, after the refusal
    refused += status == 413;
  }
  const long after = rssKiB(d.server->pid());
  INFO("RSS before " << before << " KiB, after " << after << " KiB; 413 seen by " << refused << " clients");
  CHECK(after - before < 64 * 1024);  // bound: 64 MiB of growth for 160 MiB sent
  CHECK(d.audit("resource = '/api/v1/session' AND detail LIKE 'body: over%'").size() == 20);
}

TEST_CASE("issue 15: a gzip body is limited by its inflated size, and JSON nested past 16 levels is refused",
          "[server][body-limit][bad-input]") {
  Demo d;
  // 64 MiB of JSON-ish padding that gzip squeezes into ~64 KiB: cpp-httplib inflates
  // Content-Encoding: gzip, and the limit counts what comes out, not what went over the wire.
  const std::string inflated = loginBody(64u << 20);
  const std::string gz = gzip(inflated);
  REQUIRE(gz.size() < kJsonLimit);  // small on the wire
  auto h = d.at(kStart);
  h.emplace("Content-Encoding", "gzip");
  const long before = rssKiB(d.server->pid());
  const auto r = d.client->Post("/api/v1/session", h, gz, "application/json");
  if (r) CHECK(r->status == 413);  // or the connection is closed while the rest is drained
  CHECK(rssKiB(d.server->pid()) - before < 32 * 1024);
  // The same body, small enough, inflates and is read: the encoding itself is fine.
  const std::string small = json{{"user", "dr-tanaka"}, {"password", "Renkei-clinic-2026"}}.dump();
  const std::string smallGz = gzip(small);
  auto fresh = d.server->client();
  const auto ok = fresh->Post("/api/v1/session", h, smallGz, "application/json");
  REQUIRE(ok);
  CHECK(ok->status == 200);

  // JSON depth: 16 levels are read (and refused for what they say), 17 are refused for the nesting.
  const auto nested = [](int depth) {
    return R"({"user":"dr-tanaka","password":"x","totp":)" + std::string(static_cast<std::size_t>(depth - 1), '[') +
           std::string(static_cast<std::size_t>(depth - 1), ']') + "}";
  };
  const auto deep = fresh->Post("/api/v1/session", d.at(kStart), nested(17), "application/json");
  REQUIRE(deep);
  CHECK(deep->status == 400);
  CHECK(deep->body.find("nested deeper than 16 levels") != std::string::npos);
  const auto shallow = fresh->Post("/api/v1/session", d.at(kStart), nested(16), "application/json");
  REQUIRE(shallow);
  CHECK(shallow->status == 401);  // read: the password is wrong
  CHECK(shallow->body.find("nested deeper") == std::string::npos);
  const auto bomb = fresh->Post("/api/v1/session", d.at(kStart), std::string(30000, '[') + std::string(30000, ']'), "application/json");
  REQUIRE(bomb);
  CHECK(bomb->status == 400);
  // Each refusal audited: the inflated body, the two nestings, the wrong password.
  CHECK(d.audit("outcome = 'denied' AND detail = 'body: over 65536 bytes'").size() == 1);
  CHECK(d.audit("action = 'login' AND outcome = 'denied' AND detail = 'bad_request'").size() == 2);
  CHECK(d.audit("action = 'login' AND outcome = 'denied' AND detail = 'bad_credentials'").size() == 1);
}
