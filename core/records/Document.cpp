// SPDX-License-Identifier: MIT
#include "core/records/Document.h"
#include "core/text/Trim.h"

#include <algorithm>

namespace renkei::data {
extern const std::string_view kDocumentKinds;
}

namespace renkei::records {
namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (;;) {
    const auto p = s.find(sep);
    out.push_back(s.substr(0, p));
    if (p == std::string_view::npos) return out;
    s.remove_prefix(p + 1);
  }
}

bool isIdentifier(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_' || c == '-'; });
}

/// DICOM UI: 1–64 characters of digits and dots, no empty component, no leading zero in a component.
bool isDicomUid(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (const std::string_view part : split(s, '.')) {
    if (part.empty() || (part.size() > 1 && part[0] == '0')) return false;
    if (!std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  }
  return true;
}

/// Characters, not bytes: UTF-8 continuation bytes are not counted.
std::size_t characters(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

bool blank(std::string_view s) { return text::isBlank(s); }

}  // namespace

KindTableParse parseDocumentKinds(std::string_view table) {
  KindTableParse out;
  int lineNo = 0;
  for (std::string_view line : split(table, '\n')) {
    ++lineNo;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    const auto cols = split(line, '\t');
    auto fail = [&](std::string why) {
      out.kinds.clear();
      out.line = lineNo;
      out.error = std::move(why);
      return out;
    };
    if (cols.size() != 5) return fail("expected five tab-separated columns");
    DocumentKind k{std::string(cols[0]), std::string(cols[1]), std::string(cols[2]), cols[3] == "yes", {}};
    if (!isIdentifier(k.id)) return fail("a kind id is lower-case letters and '-'");
    if (k.nameJa.empty() || k.nameEn.empty()) return fail("a kind needs a Japanese and an English name");
    if (cols[3] != "yes" && cols[3] != "no") return fail("the study-link column is yes or no");
    if (std::any_of(out.kinds.begin(), out.kinds.end(), [&](const DocumentKind& o) { return o.id == k.id; }))
      return fail("the kind '" + k.id + "' is listed twice");
    if (!cols[4].empty()) {
      for (const std::string_view spec : split(cols[4], ',')) {
        const auto parts = split(spec, ':');
        if (parts.size() != 2 && parts.size() != 4) return fail("a field is written name:type or name:type:Japanese:English");
        const std::string_view name = parts[0], type = parts[1];
        DocumentField f{std::string(name), FieldType::Text, std::string(name), std::string(name)};
        if (parts.size() == 4) {
          if (parts[2].empty() || parts[3].empty()) return fail("a field label may not be empty");
          f.labelJa = parts[2];
          f.labelEn = parts[3];
        }
        if (type == "date") f.type = FieldType::Date;
        else if (type == "long") f.type = FieldType::Long;
        else if (type != "text") return fail("field type must be text, date or long: " + std::string(type));
        if (!isIdentifier(name)) return fail("a field name is lower-case letters and '_'");
        k.fields.push_back(std::move(f));
      }
    }
    out.kinds.push_back(std::move(k));
  }
  return out;
}

const std::vector<DocumentKind>& documentKinds() {
  static const std::vector<DocumentKind> kinds = parseDocumentKinds(data::kDocumentKinds).kinds;
  return kinds;
}

const DocumentKind* findDocumentKind(std::string_view id) {
  for (const DocumentKind& k : documentKinds())
    if (k.id == id) return &k;
  return nullptr;
}

std::optional<DocumentStatus> parseDocumentStatus(std::string_view s) {
  if (s == "preliminary") return DocumentStatus::Preliminary;
  if (s == "final") return DocumentStatus::Final;
  if (s == "amended") return DocumentStatus::Amended;
  return std::nullopt;
}

const char* toString(DocumentStatus s) {
  switch (s) {
    case DocumentStatus::Preliminary: return "preliminary";
    case DocumentStatus::Final: return "final";
    case DocumentStatus::Amended: return "amended";
  }
  return "preliminary";
}

bool statusMayChange(DocumentStatus from, DocumentStatus to) {
  if (from == DocumentStatus::Preliminary) return true;
  return to != DocumentStatus::Preliminary;  // final/amended → final (re-sent) or amended
}

std::string validate(const Document& d) {
  const DocumentKind* kind = findDocumentKind(d.kind);
  if (!kind) return "unknown document kind '" + d.kind + "'";
  if (blank(d.title)) return "a document needs a title";
  if (characters(d.title) > kMaxTitle) return "the title is longer than 200 characters";
  if (blank(d.author)) return "a document needs an author";
  if (characters(d.author) > kMaxTextField) return "the author is longer than 200 characters";
  if (d.text.size() > kMaxText * 4 || characters(d.text) > kMaxText) return "the text is longer than 100,000 characters";
  if (!d.studyUid.empty()) {
    if (!kind->linksStudy) return "a " + kind->nameEn + " does not link an imaging study";
    if (!isDicomUid(d.studyUid)) return "the study link is not a DICOM UID";
  }
  for (const auto& field : d.fields) {
    const std::string& name = field.first;  // (clang 14, Emscripten's, cannot capture a structured binding)
    const std::string& value = field.second;
    const auto f = std::find_if(kind->fields.begin(), kind->fields.end(), [&](const DocumentField& x) { return x.name == name; });
    if (f == kind->fields.end()) return "a " + kind->nameEn + " has no field '" + name + "'";
    switch (f->type) {
      case FieldType::Date:
        if (!value.empty() && (value.size() != 10 || !Date::parse(value))) return "field '" + name + "' must be a date YYYY-MM-DD";
        break;
      case FieldType::Text:
        if (characters(value) > kMaxTextField || value.find('\n') != std::string::npos)
          return "field '" + name + "' must be one line of at most 200 characters";
        break;
      case FieldType::Long:
        if (characters(value) > kMaxLongField) return "field '" + name + "' is longer than 20,000 characters";
        break;
    }
  }
  // Both dates of a stay: discharge cannot precede admission, and the clinical date is the discharge.
  const auto in = d.fields.find("admitted_on"), out = d.fields.find("discharged_on");
  if (in != d.fields.end() && out != d.fields.end() && !in->second.empty() && !out->second.empty() &&
      out->second < in->second)
    return "the discharge date is before the admission date";
  return {};
}

}  // namespace renkei::records
