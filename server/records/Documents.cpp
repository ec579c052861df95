// SPDX-License-Identifier: MIT
#include "server/records/Documents.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/VariadicBind.h>
#include <nlohmann/json.hpp>

#include "core/errors/Error.h"

namespace renkei::server {
namespace {

using records::Document;
using records::DocumentStatus;

constexpr const char* kColumns =
    "id, patient_id, source_id, kind, title, author, clinical_date, status, text, study_uid, fields, version, "
    "created_at, updated_at";

StoredDocument read(SQLite::Statement& q) {
  StoredDocument s;
  s.id = q.getColumn(0).getInt64();
  s.patientId = q.getColumn(1).getString();
  s.sourceId = q.getColumn(2).getString();
  Document& d = s.document;
  d.kind = q.getColumn(3).getString();
  d.title = q.getColumn(4).getString();
  d.author = q.getColumn(5).getString();
  d.clinicalDate = *Date::parse(q.getColumn(6).getString());
  d.status = records::parseDocumentStatus(q.getColumn(7).getString()).value_or(DocumentStatus::Preliminary);
  d.text = q.getColumn(8).getString();
  d.studyUid = q.getColumn(9).getString();
  const nlohmann::json fields = nlohmann::json::parse(q.getColumn(10).getString());  // named: items() refers to it
  for (const auto& [k, v] : fields.items()) d.fields[k] = v.get<std::string>();
  s.version = q.getColumn(11).getInt();
  s.createdAt = q.getColumn(12).getInt64();
  s.updatedAt = q.getColumn(13).getInt64();
  return s;
}

bool sameContent(const Document& a, const Document& b) {
  return a.kind == b.kind && a.title == b.title && a.author == b.author && a.clinicalDate == b.clinicalDate &&
         a.text == b.text && a.studyUid == b.studyUid && a.fields == b.fields;
}

}  // namespace

Documents::Saved Documents::save(const std::string& patientId, const std::string& sourceId, const Document& d,
                                 std::int64_t now, std::int64_t& id) {
  if (const std::string why = records::validate(d); !why.empty()) throw Refusal(Error::BadRequest, why);
  if (sourceId.empty() || sourceId.size() > 128) throw Refusal(Error::BadRequest, "field 'source_id' must be 1–128 characters");
  auto tx = db_.write();  // read and write of one source id, never interleaved with another save of it
  auto pQuery = db_.query("SELECT 1 FROM patient WHERE id = ?");
  SQLite::Statement& p = *pQuery;
  p.bind(1, patientId);
  if (!p.executeStep()) throw Refusal(Error::UnknownPatient, "No patient with the id '" + patientId + "'.");
  const std::string fields = nlohmann::json(d.fields).dump();

  auto existingQuery = db_.query(std::string("SELECT ") + kColumns + " FROM document WHERE source_id = ?");
  SQLite::Statement& existing = *existingQuery;
  existing.bind(1, sourceId);
  if (!existing.executeStep()) {
    auto qQuery = db_.query("INSERT INTO document (patient_id, source_id, kind, title, author, clinical_date, status, text, "
                        "study_uid, fields, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)");
    SQLite::Statement& q = *qQuery;
    SQLite::bind(q, patientId, sourceId, d.kind, d.title, d.author, d.clinicalDate.iso(), records::toString(d.status),
                 d.text, d.studyUid, fields, now, now);
    q.exec();
    id = db_.sql().getLastInsertRowid();
    tx.commit();
    return Saved::Created;
  }
  const StoredDocument old = read(existing);
  id = old.id;
  if (old.patientId != patientId)
    throw Refusal(Error::SourceIdInUse, "The document id '" + sourceId + "' belongs to another patient.");
  if (!records::statusMayChange(old.document.status, d.status))
    throw Refusal(Error::StatusRegression, "A final document cannot become preliminary again.");
  // The same content again is no change, unless it turns a preliminary report final. (A re-send of
  // an amended report calling itself "final" must not look new to every reader.)
  const bool finalising = old.document.status == DocumentStatus::Preliminary && d.status != DocumentStatus::Preliminary;
  if (sameContent(old.document, d) && !finalising) return Saved::Unchanged;
  // A change to a document that was already final is an amendment, whatever the sender calls it.
  const DocumentStatus status =
      old.document.status == DocumentStatus::Preliminary ? d.status : DocumentStatus::Amended;
  auto qQuery = db_.query("UPDATE document SET kind = ?, title = ?, author = ?, clinical_date = ?, status = ?, text = ?, "
                      "study_uid = ?, fields = ?, version = version + 1, updated_at = ? WHERE id = ?");
  SQLite::Statement& q = *qQuery;
  SQLite::bind(q, d.kind, d.title, d.author, d.clinicalDate.iso(), records::toString(status), d.text, d.studyUid,
               fields, now, old.id);
  q.exec();
  tx.commit();
  return Saved::Updated;
}

std::optional<StoredDocument> Documents::find(std::int64_t id) {
  auto qQuery = db_.query(std::string("SELECT ") + kColumns + " FROM document WHERE id = ?");
  SQLite::Statement& q = *qQuery;
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  StoredDocument s = read(q);
  auto aQuery = db_.query("SELECT seq, file_name, media_type, stored_file, sha256, bytes FROM document_attachment "
                      "WHERE document_id = ? ORDER BY seq");
  SQLite::Statement& a = *aQuery;
  a.bind(1, id);
  while (a.executeStep())
    s.attachments.push_back({a.getColumn(0).getInt(), a.getColumn(1).getString(), a.getColumn(2).getString(),
                             a.getColumn(3).getString(), a.getColumn(4).getString(), a.getColumn(5).getInt64()});
  return s;
}

std::vector<StoredDocument> Documents::list(const std::string& patientId, std::optional<Date> from, const std::string& kind) {
  auto qQuery = db_.query(std::string("SELECT ") + kColumns +
                                     " FROM document WHERE patient_id = ? AND clinical_date >= ? AND (? = '' OR kind = ?) "
                                     "ORDER BY clinical_date DESC, id DESC");
  SQLite::Statement& q = *qQuery;
  SQLite::bind(q, patientId, from ? from->iso() : "", kind, kind);
  std::vector<StoredDocument> out;
  while (q.executeStep()) out.push_back(read(q));
  return out;
}

int Documents::countUpdatedSince(const std::string& patientId, std::optional<Date> from, std::int64_t since) {
  auto qQuery = db_.query("SELECT count(*) FROM document WHERE patient_id = ? AND clinical_date >= ? AND updated_at > ?");
  SQLite::Statement& q = *qQuery;
  SQLite::bind(q, patientId, from ? from->iso() : "", since);
  q.executeStep();
  return q.getColumn(0).getInt();
}

void Documents::addAttachment(std::int64_t documentId, const StoredDocument::Attachment& a) {
  auto tx = db_.write();
  auto qQuery = db_.query("INSERT INTO document_attachment (document_id, seq, file_name, media_type, stored_file, sha256, bytes) "
                      "VALUES (?, (SELECT coalesce(max(seq), 0) + 1 FROM document_attachment WHERE document_id = ?), "
                      "?, ?, ?, ?, ?)");
  SQLite::Statement& q = *qQuery;
  SQLite::bind(q, documentId, documentId, a.fileName, a.mediaType, a.storedFile, a.sha256, a.bytes);
  q.exec();
  // A report's PDF that arrives later is news to its readers (R-DATA-4).
  auto touchQuery = db_.query("UPDATE document SET updated_at = max(updated_at, ?) WHERE id = ?");
  SQLite::Statement& touch = *touchQuery;
  touch.bind(1, a.addedAt);
  touch.bind(2, documentId);
  touch.exec();
  tx.commit();
}

}  // namespace renkei::server
