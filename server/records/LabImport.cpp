// SPDX-License-Identifier: MIT
#include "server/records/LabImport.h"

#include <SQLiteCpp/Transaction.h>

#include <algorithm>

#include "core/hl7/Hl7Message.h"
#include "core/labs/LabResult.h"
#include "core/text/JapaneseText.h"
#include "server/crypto/Digest.h"

namespace renkei::server {
namespace {

bool startsHl7(std::string_view s) {
  while (!s.empty() && (s[0] == '\x0b' || s[0] == '\r' || s[0] == '\n')) s.remove_prefix(1);
  return s.substr(0, 3) == "MSH";
}

}  // namespace

std::vector<std::string_view> splitHl7Messages(std::string_view content) {
  std::vector<std::string_view> out;
  std::size_t start = std::string_view::npos;
  for (std::size_t i = 0; i + 3 <= content.size(); ++i) {
    const bool segmentStart = i == 0 || content[i - 1] == '\r' || content[i - 1] == '\n' || content[i - 1] == '\x0b';
    if (segmentStart && content.compare(i, 3, "MSH") == 0) {
      if (start != std::string_view::npos) out.push_back(content.substr(start, i - start));
      start = i;
    }
  }
  if (start != std::string_view::npos) out.push_back(content.substr(start));
  return out;
}

LabImportResult LabImport::importFile(std::string_view content, const std::string& source, std::int64_t now,
                                      const std::string& charset) {
  LabImportResult out;
  if (content.size() > kMaxFileBytes) {
    out.problems.push_back({0, 0, "the file is larger than 64 MB"});
    return out;
  }
  if (!startsHl7(content)) {
    try {
      importCsv(content, source, now, out);
    } catch (const std::exception& e) {
      out.problems.push_back({1, 0, std::string("could not be stored: ") + e.what()});
    }
    return out;
  }
  int number = 0;
  for (const std::string_view message : splitHl7Messages(content)) {
    ++number;
    try {
      importMessage(message, number, source, now, charset, out);
    } catch (const std::exception& e) {  // the store refused (disk full, busy): this message only
      out.problems.push_back({number, 0, std::string("could not be stored: ") + e.what()});
    }
  }
  return out;
}

void LabImport::importMessage(std::string_view raw, int number, const std::string& source, std::int64_t now,
                              const std::string& charset, LabImportResult& out) {
  ++out.messages;
  const std::string declared = charset.empty() ? hl7::declaredCharset(raw) : charset;
  const auto encoding = text::encodingFromName(declared);
  if (!encoding) {
    out.problems.push_back({number, 1, "unsupported character set '" + declared + "' (MSH-18)"});
    return;
  }
  const text::Decoded decoded = text::decode(raw, *encoding);
  if (!decoded.ok()) {
    // The segment of the bad byte: count segment ends before it.
    const std::string_view before = raw.substr(0, decoded.errorOffset);
    const int line = 1 + static_cast<int>(std::count(before.begin(), before.end(), '\r'));
    out.problems.push_back({number, line,
                            "the text is not valid " + (declared.empty() ? std::string("UTF-8") : declared) + ": " +
                                decoded.error + " (declare the character set in MSH-18)"});
    return;
  }
  const hl7::ParseResult parsed = hl7::parse(decoded.utf8);
  if (!parsed.ok()) {
    out.problems.push_back({number, parsed.line, parsed.error});
    return;
  }
  labs::LabParse labs = labs::fromHl7(parsed.message);
  if (!labs.ok()) {
    out.problems.push_back({number, labs.line, labs.error});
    return;
  }
  // MSH-10 is unique per sending application only: the sender is part of the key.
  const hl7::Segment* msh = parsed.message.first("MSH");
  const std::string sender = msh->value(3) + "^" + msh->value(4) + "|";
  for (labs::LabReport& r : labs.reports) r.messageId = sender + r.messageId;
  storeAll(labs.reports, number, source, now, out);
}

void LabImport::importCsv(std::string_view content, const std::string& source, std::int64_t now, LabImportResult& out) {
  ++out.messages;
  if (!text::isValidUtf8(content)) {
    out.problems.push_back({1, 0, "a CSV file must be UTF-8"});
    return;
  }
  labs::LabParse labs = labs::fromCsv(content);
  if (!labs.ok()) {
    out.problems.push_back({1, labs.line, labs.error});
    return;
  }
  // A CSV has no message id: a specimen's rows are identified by their content, so a later file
  // with more results for the same specimen is stored, and the same file twice is not.
  for (labs::LabReport& r : labs.reports) {
    std::string canonical;
    for (const auto& o : r.observations)
      canonical += o.code + '\x1f' + o.codeSystem + '\x1f' + o.name + '\x1f' + o.value + '\x1f' + o.unit + '\x1f' +
                   o.referenceRange + '\x1f' + o.flag + '\x1e';
    r.messageId += ":" + sha256Hex(canonical).substr(0, 32);
  }
  storeAll(labs.reports, 1, source, now, out);
}

void LabImport::storeAll(const std::vector<labs::LabReport>& reports, int number, const std::string& source, std::int64_t now,
                         LabImportResult& out) {
  for (const labs::LabReport& r : reports)
    if (!Patients::validId(r.patientId)) {
      out.problems.push_back({number, 0, "the patient id '" + r.patientId.substr(0, 40) +
                                             "' is not a hospital patient id (1–32 of A–Z, a–z, 0–9, '-', '_', '.')"});
      return;
    }
  auto tx = db_.write();
  std::vector<std::string> created;
  int stored = 0, skipped = 0, results = 0;
  for (const labs::LabReport& r : reports) {
    Patient p{r.patientId, r.patientName, r.patientNameKana, r.sex.empty() ? "U" : r.sex, r.birthDate};
    if (p.name.empty()) p.name = r.patientId;
    if (patients_.createIfMissing(p, source, now)) created.push_back(r.patientId);
    if (labs_.store(r, source, now)) {
      ++stored;
      results += static_cast<int>(r.observations.size());
      if (std::find(out.patientsTouched.begin(), out.patientsTouched.end(), r.patientId) == out.patientsTouched.end())
        out.patientsTouched.push_back(r.patientId);
    } else {
      ++skipped;
    }
  }
  tx.commit();
  out.reportsStored += stored;
  out.reportsSkipped += skipped;
  out.results += results;
  out.patientsCreated.insert(out.patientsCreated.end(), created.begin(), created.end());
}

}  // namespace renkei::server
