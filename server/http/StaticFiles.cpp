// SPDX-License-Identifier: MIT
#include "server/http/StaticFiles.h"

#include "server/crypto/Digest.h"

#include <zlib.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace renkei::server {
namespace {

struct Type {
  const char* extension;
  const char* contentType;
  bool precompress;  // binary types cpp-httplib will not compress itself
};

constexpr Type kTypes[] = {
    {".html", "text/html; charset=utf-8", false},
    {".js", "text/javascript; charset=utf-8", false},  // RFC 9239; text/* is compressed by cpp-httplib
    {".css", "text/css; charset=utf-8", false},
    {".json", "application/json", false},
    {".svg", "image/svg+xml", false},
    {".txt", "text/plain; charset=utf-8", false},
    {".wasm", "application/wasm", true},
    {".data", "application/octet-stream", true},
    {".ttf", "font/ttf", true},
    {".otf", "font/otf", true},
    {".woff2", "font/woff2", false},
    {".png", "image/png", false},
    {".ico", "image/x-icon", true},
};

const Type* typeOf(const std::filesystem::path& name) {
  const std::string ext = name.extension().string();
  for (const Type& t : kTypes)
    if (ext == t.extension) return &t;
  return nullptr;
}

bool acceptsGzip(const httplib::Request& req) {
  const std::string ae = req.get_header_value("Accept-Encoding");
  return ae.find("gzip") != std::string::npos;
}

}  // namespace

std::string gzipCompress(const std::string& data) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("gzip compression failed");
  return out;
}

StaticFiles::StaticFiles(std::vector<std::filesystem::path> roots) {
  for (auto& r : roots)
    if (!r.empty() && std::filesystem::is_directory(r)) roots_.push_back(std::filesystem::canonical(r));
}

std::optional<std::string> StaticFiles::contentType(const std::filesystem::path& name) {
  if (const Type* t = typeOf(name)) return std::string(t->contentType);
  return std::nullopt;
}

std::optional<std::filesystem::path> StaticFiles::locate(const std::string& urlPath) const {
  if (urlPath.empty() || urlPath[0] != '/') return std::nullopt;
  std::string rel = urlPath == "/" ? "index.html" : urlPath.substr(1);
  // Refuse before touching the file system: parent segments, hidden files, odd characters.
  if (rel.find('\\') != std::string::npos || rel.find('\0') != std::string::npos) return std::nullopt;
  std::stringstream segments(rel);
  for (std::string seg; std::getline(segments, seg, '/');)
    if (seg.empty() || seg[0] == '.') return std::nullopt;
  if (!typeOf(rel)) return std::nullopt;
  for (const auto& root : roots_) {
    const std::filesystem::path candidate = root / rel;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(candidate, ec)) continue;
    // Symlinks inside a root may not lead out of it.
    const auto real = std::filesystem::canonical(candidate, ec);
    if (ec) continue;
    const auto [r, c] = std::mismatch(root.begin(), root.end(), real.begin(), real.end());
    if (r == root.end()) return real;
  }
  return std::nullopt;
}

std::shared_ptr<const StaticFiles::Entry> StaticFiles::load(const std::filesystem::path& file) {
  std::error_code ec;
  const auto mtime = std::filesystem::last_write_time(file, ec);
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) return nullptr;
  {
    std::lock_guard lock(mutex_);
    if (auto it = cache_.find(file); it != cache_.end() && it->second->mtime == mtime && it->second->size == size)
      return it->second;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) return nullptr;
  auto body = std::make_shared<std::string>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto entry = std::make_shared<Entry>();
  const Type* t = typeOf(file);
  entry->mtime = mtime;
  entry->size = size;
  entry->type = t->contentType;
  entry->etag = "\"" + sha256Hex(*body).substr(0, 32) + "\"";
  if (t->precompress && body->size() > 1024) {
    auto gz = std::make_shared<std::string>(gzipCompress(*body));
    if (gz->size() < body->size() * 9 / 10) entry->gzip = std::move(gz);
  }
  entry->body = std::move(body);
  std::lock_guard lock(mutex_);
  cache_[file] = entry;
  return entry;
}

bool StaticFiles::serve(const httplib::Request& req, httplib::Response& res) {
  const auto file = locate(req.path);
  if (!file) return false;
  const auto entry = load(*file);
  if (!entry) return false;
  res.set_header("ETag", entry->etag);
  res.set_header("Cache-Control", "no-cache");
  res.set_header("Vary", "Accept-Encoding");
  if (req.get_header_value("If-None-Match") == entry->etag) {
    res.status = 304;
    return true;
  }
  if (entry->gzip && acceptsGzip(req)) {
    res.set_header("Content-Encoding", "gzip");
    res.set_content(*entry->gzip, entry->type.c_str());
  } else {
    res.set_content(*entry->body, entry->type.c_str());
  }
  res.status = 200;
  return true;
}

}  // namespace renkei::server
