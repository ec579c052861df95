// SPDX-License-Identifier: MIT
// StaticFiles — serves the web shell (web/) and the built WebAssembly app from disk.
//
//  - Only files below the configured roots; the first root holding a path wins. Paths with "..",
//    backslashes, NUL or hidden segments are refused before touching the file system.
//  - Content-Type from a fixed table (application/wasm for .wasm, so browsers stream-compile it);
//    unknown extensions are not served at all.
//  - Binary assets (wasm, data, fonts) are gzip-compressed once and kept in memory; text types are
//    compressed by cpp-httplib itself per response (it does not compress application/wasm).
//  - A strong ETag (SHA-256 of the content) with Cache-Control: no-cache: browsers revalidate
//    every time and get 304 when nothing changed — no stale app after an upgrade.
#pragma once

#include <httplib.h>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace renkei::server {

class StaticFiles {
 public:
  explicit StaticFiles(std::vector<std::filesystem::path> roots);

  /// Serves `req.path` into `res`; returns false (res untouched) when no such file is served.
  bool serve(const httplib::Request& req, httplib::Response& res);

  /// Content type for a file name, or nullopt for types that are never served.
  static std::optional<std::string> contentType(const std::filesystem::path& name);

 private:
  struct Entry {
    std::filesystem::file_time_type mtime;
    std::uintmax_t size = 0;
    std::string type;
    std::string etag;
    std::shared_ptr<const std::string> body;
    std::shared_ptr<const std::string> gzip;  // null when not worth compressing
  };

  std::optional<std::filesystem::path> locate(const std::string& urlPath) const;
  std::shared_ptr<const Entry> load(const std::filesystem::path& file);

  std::vector<std::filesystem::path> roots_;
  std::mutex mutex_;
  std::map<std::filesystem::path, std::shared_ptr<const Entry>> cache_;
};

/// gzip (RFC 1952) of `data` at the best compression level.
std::string gzipCompress(const std::string& data);

}  // namespace renkei::server
