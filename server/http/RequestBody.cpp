// SPDX-License-Identifier: MIT
#include "server/http/RequestBody.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <string>
#include <utility>

namespace renkei::server {
namespace {

/// Pieces are what one socket read or one chunk hands over (about 4 KiB when a client sends
/// normally). A client sending a body in one-byte chunks costs the server a call per byte: past
/// this many pieces for the limit the body is refused as too large.
std::size_t maxPieces(std::size_t limitBytes) { return limitBytes / 256 + 1024; }

/// Multipart parts per request (a consent: five fields and the scan).
constexpr std::size_t kMaxParts = 32;

/// The address and port of a socket's end ("127.0.0.1", 443), or port 0.
std::pair<std::string, int> endpoint(int fd, bool peer) {
  sockaddr_storage a{};
  socklen_t len = sizeof a;
  if ((peer ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&a), &len) : ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len)) != 0)
    return {"", 0};
  char text[INET6_ADDRSTRLEN] = "";
  if (a.ss_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&a);
    ::inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
    return {text, ntohs(v4->sin_port)};
  }
  if (a.ss_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&a);
    ::inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
    return {text, ntohs(v6->sin6_port)};
  }
  return {"", 0};
}

}  // namespace

bool stopReading(const httplib::Request& req) {
  rlimit limit{};
  const int maxFd = ::getrlimit(RLIMIT_NOFILE, &limit) == 0 ? static_cast<int>(std::min<rlim_t>(limit.rlim_cur, 65536)) : 1024;
  for (int fd = 3; fd < maxFd; ++fd) {
    const auto local = endpoint(fd, false);
    if (local.second != req.local_port || local.first != req.local_addr) continue;
    const auto peer = endpoint(fd, true);
    if (peer.second != req.remote_port || peer.first != req.remote_addr) continue;
    return ::shutdown(fd, SHUT_RD) == 0;
  }
  return false;
}

bool hasUnreadBody(const httplib::Request& req) {
  if (req.get_header_value("Transfer-Encoding").find("chunked") != std::string::npos) return true;
  const std::string length = req.get_header_value("Content-Length");
  return !length.empty() && length != "0";
}

BodyRead readBody(const httplib::Request& req, const httplib::ContentReader& reader, BodyLimit limit,
                  httplib::Request& into) {
  if (req.has_header("Content-Length")) {
    const std::string v = req.get_header_value("Content-Length");
    std::uint64_t declared = 0;
    const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), declared);
    if (ec != std::errc() || p != v.data() + v.size()) return {BodyProblem::Unreadable, true};
    if (declared > limit.bytes + kDrainBytes) return {BodyProblem::TooLarge, true};  // not a byte read
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(limit.seconds);
  std::size_t total = 0, pieces = 0;
  BodyProblem problem = BodyProblem::None;
  const std::size_t pieceLimit = maxPieces(limit.bytes);
  // Whether the piece is kept; `more` whether reading goes on (a refused body is drained a little).
  bool more = true;
  const auto admit = [&](std::size_t n) {
    total += n;
    ++pieces;
    if (problem == BodyProblem::None && (total > limit.bytes || pieces > pieceLimit)) problem = BodyProblem::TooLarge;
    if (std::chrono::steady_clock::now() > deadline) {
      if (problem == BodyProblem::None) problem = BodyProblem::TooSlow;
      more = false;
    }
    if (problem == BodyProblem::TooLarge && (total > limit.bytes + kDrainBytes || pieces > 2 * pieceLimit)) more = false;
    return problem == BodyProblem::None;
  };
  bool complete = false;
  if (req.is_multipart_form_data()) {
    httplib::MultipartFormDataMap::iterator part = into.files.end();
    complete = reader(
        [&](const httplib::MultipartFormData& header) {
          const bool keep = admit(header.name.size() + header.filename.size());
          if (keep && into.files.size() >= kMaxParts) problem = BodyProblem::TooLarge;
          if (problem == BodyProblem::None) part = into.files.emplace(header.name, header);
          return more;
        },
        [&](const char* data, std::size_t n) {
          if (admit(n)) part->second.content.append(data, n);
          return more;
        });
  } else {
    complete = reader([&](const char* data, std::size_t n) {
      if (admit(n)) into.body.append(data, n);
      return more;
    });
  }
  if (problem != BodyProblem::None) {
    into.body.clear();
    into.files.clear();
    return {problem, !complete};
  }
  return complete ? BodyRead{} : BodyRead{BodyProblem::Unreadable, true};
}

}  // namespace renkei::server
