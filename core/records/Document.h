// SPDX-License-Identifier: MIT
// Document — one model for every clinical document the hospital shares: radiology reports
// (R-DATA-1) and the later kinds of R-DATA-3 (discharge summaries, prescriptions, endoscopy,
// pathology, cytology, operation records).
//
// A document has a kind, a title, an author, a clinical date (the date the consent scope judges),
// a status, free text and the kind's own fields. Kinds are data (records/document-kinds.tsv,
// embedded): adding one is a line there, and the generic validation below covers its fields.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time/Date.h"

namespace renkei::records {

enum class FieldType { Text, Date, Long };

struct DocumentField {
  std::string name;
  FieldType type = FieldType::Text;
  std::string labelJa, labelEn;  ///< what a reader sees above the value ("所見", "Findings")
};

struct DocumentKind {
  std::string id;       ///< "radiology-report"
  std::string nameJa;   ///< "放射線読影レポート"
  std::string nameEn;   ///< "Radiology report"
  bool linksStudy = false;  ///< may name an imaging study (DICOM Study Instance UID)
  std::vector<DocumentField> fields;
};

/// The kinds this build knows, in table order.
const std::vector<DocumentKind>& documentKinds();
const DocumentKind* findDocumentKind(std::string_view id);

struct KindTableParse {
  std::vector<DocumentKind> kinds;
  int line = 0;
  std::string error;
};
/// Reads a kinds table (exposed for tests of malformed tables).
KindTableParse parseDocumentKinds(std::string_view table);

/// preliminary → final → amended (a final report corrected later). A final document never goes
/// back to preliminary.
enum class DocumentStatus { Preliminary, Final, Amended };
std::optional<DocumentStatus> parseDocumentStatus(std::string_view s);
const char* toString(DocumentStatus s);
/// May a stored document in `from` be replaced by one in `to`?
bool statusMayChange(DocumentStatus from, DocumentStatus to);

struct Document {
  std::string kind;
  std::string title;
  std::string author;
  Date clinicalDate;
  DocumentStatus status = DocumentStatus::Preliminary;
  std::string text;
  std::string studyUid;                        ///< only for kinds that link a study
  std::map<std::string, std::string> fields;   ///< the kind's own fields, by name
};

/// Why a document cannot be stored, or "" when it can. Checks the kind, required parts, lengths,
/// the kind's fields (unknown names, types), the study link (a DICOM UID) and, for kinds with both
/// dates, that discharge is not before admission.
std::string validate(const Document& d);

constexpr std::size_t kMaxTitle = 200, kMaxText = 100000, kMaxLongField = 20000, kMaxTextField = 200;

}  // namespace renkei::records
