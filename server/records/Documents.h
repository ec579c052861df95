// SPDX-License-Identifier: MIT
// Documents — stored clinical documents of every kind (core records::Document): radiology reports,
// discharge summaries and the later kinds. The sending system's id (`sourceId`, e.g. the report
// number of the radiology system) makes a re-send idempotent; a changed re-send of a final
// document is stored as "amended" with the next version number.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/records/Document.h"
#include "server/store/Database.h"

namespace renkei::server {

struct StoredDocument {
  std::int64_t id = 0;
  std::string patientId, sourceId;
  records::Document document;
  int version = 1;
  std::int64_t createdAt = 0, updatedAt = 0;
  struct Attachment {
    int seq = 0;
    std::string fileName, mediaType, storedFile, sha256;
    std::int64_t bytes = 0;
    std::int64_t addedAt = 0;
  };
  std::vector<Attachment> attachments;
};

class Documents {
 public:
  explicit Documents(Database& db) : db_(db) {}

  /// The largest attachment (a report's PDF, a photo), as Consents::kMaxScanBytes for scans.
  static constexpr std::size_t kMaxAttachmentBytes = 20u << 20;

  enum class Saved { Created, Updated, Unchanged };
  /// Stores or replaces by `sourceId`. Refusal (bad_request, unknown_patient,
  /// source_id_in_use, status_regression: the id belongs to another patient, or a final document would
  /// become preliminary).
  Saved save(const std::string& patientId, const std::string& sourceId, const records::Document& d, std::int64_t now,
             std::int64_t& id);

  std::optional<StoredDocument> find(std::int64_t id);
  /// A patient's documents without attachments' content, newest clinical date first; from `from` on
  /// when given; one kind or all.
  std::vector<StoredDocument> list(const std::string& patientId, std::optional<Date> from, const std::string& kind);
  int countUpdatedSince(const std::string& patientId, std::optional<Date> from, std::int64_t since);

  void addAttachment(std::int64_t documentId, const StoredDocument::Attachment& a);

 private:
  Database& db_;
};

}  // namespace renkei::server
