// SPDX-License-Identifier: MIT
// StoredFile — files kept beside the database (scanned consent forms, document attachments):
// the type is decided from the content, never from the name or the client's word; a file is
// written to a temporary name, flushed and renamed, so a crash or a failed database write never
// leaves a half file under a name the database points to.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace renkei::server {

/// "application/pdf", "image/png" or "image/jpeg" from the first bytes; nullopt for anything else.
std::optional<std::string> scannedDocumentType(std::string_view content);

/// A message attachment's type (R-MSG-1): scannedDocumentType's, or "application/dicom" for a
/// DICOM Part-10 file ("DICM" after the 128-byte preamble); nullopt for anything else.
std::optional<std::string> messageAttachmentType(std::string_view content);

/// The usual file extension of such a type (".pdf", ".png", ".jpg").
std::string extensionFor(const std::string& mediaType);

struct Stored {
  std::filesystem::path path;  ///< absolute
  std::string name;            ///< the file name alone (what the database keeps)
  std::string sha256;
};

/// Writes `content` as `<dir>/<stem>-<random><extension>` (mode 0600), atomically, never replacing a
/// file. Throws on I/O failure.
Stored storeFile(const std::filesystem::path& dir, const std::string& stem, const std::string& extension,
                 std::string_view content);

/// Like storeFile, for content already in a file of the same file system (`written`, e.g. what the
/// DICOM receiver wrote as it arrived): that file is synced and linked under the new name instead
/// of being written again, and removed. `content` is its bytes (for the hash).
Stored adoptFile(const std::filesystem::path& written, const std::filesystem::path& dir, const std::string& stem,
                 const std::string& extension, std::string_view content);

/// Syncs a directory, so that names linked into it or removed from it are durable (best effort).
void syncDirectory(const std::filesystem::path& dir);

/// Reads a whole stored file, or `maxBytes` of it from `offset`; nullopt when missing.
std::optional<std::string> readStoredFile(const std::filesystem::path& path, std::size_t maxBytes = SIZE_MAX,
                                          std::size_t offset = 0);

}  // namespace renkei::server
