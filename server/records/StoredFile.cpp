// SPDX-License-Identifier: MIT
#include "server/records/StoredFile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "server/crypto/Digest.h"

namespace renkei::server {

std::optional<std::string> scannedDocumentType(std::string_view c) {
  if (c.substr(0, 5) == "%PDF-") return "application/pdf";
  if (c.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8)) return "image/png";
  if (c.size() > 3 && c.substr(0, 3) == "\xFF\xD8\xFF") return "image/jpeg";
  return std::nullopt;
}

std::optional<std::string> messageAttachmentType(std::string_view c) {
  if (auto t = scannedDocumentType(c)) return t;
  if (c.size() >= 132 && c.substr(128, 4) == "DICM") return "application/dicom";
  return std::nullopt;
}

std::string extensionFor(const std::string& mediaType) {
  if (mediaType == "application/pdf") return ".pdf";
  if (mediaType == "image/png") return ".png";
  if (mediaType == "image/jpeg") return ".jpg";
  return ".bin";
}

void syncDirectory(const std::filesystem::path& dir) {
  if (const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

namespace {

/// Links `tmp` (synced) as a new name in `dir` that never replaces a file, removes `tmp` and syncs
/// the directory: the new entry reaches the disk before the database row that names it.
Stored linkInto(const std::filesystem::path& tmp, const std::filesystem::path& dir, const std::string& stem,
                const std::string& extension, std::string_view content) {
  Stored s;
  s.sha256 = sha256Hex(content);
  // A random part: two writers (the server and the admin tool, or a restored database) never
  // choose the same name, and an existing file is never replaced (link fails with EEXIST).
  s.name = stem + "-" + randomToken(6) + extension;
  s.path = std::filesystem::absolute(dir / s.name);
  const bool linked = ::link(tmp.c_str(), s.path.c_str()) == 0;
  std::error_code ignored;
  std::filesystem::remove(tmp, ignored);
  if (!linked) throw std::runtime_error("cannot store " + s.path.string() + " (exists or not writable)");
  syncDirectory(dir);
  return s;
}

}  // namespace

Stored storeFile(const std::filesystem::path& dir, const std::string& stem, const std::string& extension,
                 std::string_view content) {
  std::filesystem::create_directories(dir);
  const std::filesystem::path tmp = std::filesystem::absolute(dir / (stem + "-" + randomToken(6) + extension + ".part"));
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + tmp.string());
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n <= 0) {
      ::close(fd);
      std::filesystem::remove(tmp);
      throw std::runtime_error("cannot write " + tmp.string());
    }
    done += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) {
    std::filesystem::remove(tmp);
    throw std::runtime_error("cannot flush " + tmp.string());
  }
  return linkInto(tmp, dir, stem, extension, content);
}

Stored adoptFile(const std::filesystem::path& written, const std::filesystem::path& dir, const std::string& stem,
                 const std::string& extension, std::string_view content) {
  std::filesystem::create_directories(dir);
  const int fd = ::open(written.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open " + written.string());
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) throw std::runtime_error("cannot flush " + written.string());
  ::chmod(written.c_str(), 0600);
  // A private name first: the received file may be removed by its writer once this returns.
  const std::filesystem::path tmp = std::filesystem::absolute(dir / (stem + "-" + randomToken(6) + extension + ".part"));
  if (::link(written.c_str(), tmp.c_str()) != 0) throw std::runtime_error("cannot link " + written.string() + " into " + dir.string());
  return linkInto(tmp, dir, stem, extension, content);
}

std::optional<std::string> readStoredFile(const std::filesystem::path& path, std::size_t maxBytes, std::size_t offset) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return std::nullopt;
  // One read into a string of the right size (a stream copy grows and copies a 512 KiB CT image twice).
  const auto size = static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg()));
  offset = std::min(offset, size);
  std::string bytes(std::min(size - offset, maxBytes), '\0');
  in.seekg(static_cast<std::streamoff>(offset));
  if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) return std::nullopt;
  return bytes;
}

}  // namespace renkei::server
