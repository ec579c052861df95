// SPDX-License-Identifier: MIT
#include "server/audit/AuditAnchor.h"

#include <fcntl.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/time/Date.h"

namespace renkei::server {
namespace {

std::string readAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void writeFile(const std::filesystem::path& p, const std::string& text) {
  const std::filesystem::path temp = p.string() + ".new";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + temp.string());
  }
  std::filesystem::rename(temp, p);
}

}  // namespace

std::string AuditAnchor::Checkpoint::message() const {
  return "renkei-audit-checkpoint|" + day + "|" + std::to_string(seq) + "|" + hash + "|" + std::to_string(at);
}

AuditAnchor::AuditAnchor(std::filesystem::path dir, const std::filesystem::path& keyFile)
    : dir_(std::move(dir)), key_(keyFile), publicKey_(key_.publicKeyPem()) {
  std::filesystem::create_directories(dir_ / "checkpoints");
  const auto pub = dir_ / "signing-public.pem";
  if (!std::filesystem::exists(pub) || readAll(pub) != publicKey_) writeFile(pub, publicKey_);
}

AuditAnchor::~AuditAnchor() {
  if (headFd_ >= 0) ::close(headFd_);
}

void AuditAnchor::record(const std::vector<Record>& committed) {
  std::string lines;
  for (const Record& r : committed) lines += std::to_string(r.seq) + " " + r.hash + " " + std::to_string(r.at) + "\n";
  const auto path = dir_ / "head.log";
  if (headFd_ < 0) headFd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);  // kept open
  if (headFd_ < 0) throw std::runtime_error("cannot open " + path.string());
  const ssize_t n = ::write(headFd_, lines.data(), lines.size());
  if (n != static_cast<ssize_t>(lines.size())) {
    ::close(headFd_);
    headFd_ = -1;  // opened again next time
    throw std::runtime_error("cannot append to " + path.string());
  }
  // The day's checkpoint is looked for on disk once per day, not at every record.
  for (const Record& r : committed) {
    const std::string day = Date::fromUnixSecondsJst(r.at).iso();
    if (day == checkpointedDay_) continue;
    if (!std::filesystem::exists(dir_ / "checkpoints" / (day + ".json"))) checkpoint(r.seq, r.hash, r.at);
    checkpointedDay_ = day;
  }
}

AuditAnchor::Checkpoint AuditAnchor::checkpoint(std::int64_t seq, const std::string& hash, std::int64_t at) {
  Checkpoint c{Date::fromUnixSecondsJst(at).iso(), seq, hash, at, ""};
  c.signature = key_.sign(c.message());
  const nlohmann::json j{{"day", c.day}, {"seq", c.seq}, {"hash", c.hash}, {"at", c.at}, {"signature", c.signature},
                         {"algorithm", "Ed25519"}, {"public_key", publicKey_}};
  writeFile(dir_ / "checkpoints" / (c.day + ".json"), j.dump(2) + "\n");
  return c;
}

std::optional<AuditAnchor::Head> AuditAnchor::lastHead() const {
  std::ifstream in(dir_ / "head.log", std::ios::binary);
  if (!in) return std::nullopt;
  // The last complete line: read backwards from the end.
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  const std::streamoff tail = std::min<std::streamoff>(size, 4096);
  std::string buf(static_cast<std::size_t>(tail), '\0');
  in.seekg(size - tail);
  in.read(buf.data(), tail);
  if (!buf.empty() && buf.back() == '\n') buf.pop_back();
  const std::size_t start = buf.rfind('\n');
  std::istringstream line(buf.substr(start == std::string::npos ? 0 : start + 1));
  Head h;
  if (!(line >> h.seq >> h.hash)) return std::nullopt;
  return h;
}

std::vector<AuditAnchor::Checkpoint> AuditAnchor::checkpoints(std::vector<std::string>* bad) const {
  std::vector<Checkpoint> out;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir_ / "checkpoints"))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    const auto j = nlohmann::json::parse(readAll(f), nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("seq") || !j["seq"].is_number_integer() || !j.contains("hash") ||
        !j["hash"].is_string() || !j.contains("signature") || !j["signature"].is_string()) {
      if (bad) bad->push_back(f.filename().string());
      continue;
    }
    out.push_back(Checkpoint{j.value("day", ""), j["seq"].get<std::int64_t>(), j["hash"].get<std::string>(),
                             j.value("at", std::int64_t{0}), j["signature"].get<std::string>()});
  }
  return out;
}

bool AuditAnchor::signedHere(const Checkpoint& c) const { return verifySignature(publicKey_, c.message(), c.signature); }

}  // namespace renkei::server
