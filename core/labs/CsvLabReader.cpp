// SPDX-License-Identifier: MIT
// The CSV reader of lab results (fromCsv). Decisions beyond the header:
//  - Fields are trimmed; a quote inside an unquoted field is an error; blank lines are skipped;
//    "YYYY-MM-DD HH:MM" (a space, as spreadsheets write it) is accepted for the 'T' form;
//    code_system "JLAC10" is stored as "JC10" like HL7, empty as "L"; valueType is NM when the
//    whole value is a number, ST otherwise. A file with a header and no rows is an error.
//  - Values, ranges and flags are read as in HL7 (LabResult.cpp).
#include "core/labs/LabResult.h"  // fromCsv

#include <algorithm>
#include <iterator>
#include <map>
#include <utility>

#include "core/labs/LabValues.h"

namespace renkei::labs {
namespace {

using namespace detail;

constexpr std::size_t kCsvColumns = 9;
constexpr std::string_view kCsvColumnNames[kCsvColumns] = {
    "patient_id", "specimen_time", "code", "code_system", "name", "value", "unit", "reference_range", "flag"};
constexpr std::size_t kMaxCsvBytes = 16u * 1024u * 1024u;  // same guard as for HL7 messages

struct CsvRecord {
  int line = 0;                  ///< physical line where the record starts
  std::vector<std::string> fields;
  std::vector<int> fieldLines;   ///< physical line where each field starts
};

/// RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks.
class CsvSplitter {
 public:
  explicit CsvSplitter(std::string_view text) : text_(text) {}

  bool next(CsvRecord& record) {
    while (i_ < text_.size() && atLineBreak()) skipLineBreak();  // blank lines
    if (i_ >= text_.size()) return false;
    record = CsvRecord{line_, {}, {}};
    while (true) {
      record.fieldLines.push_back(line_);
      std::string field;
      if (!readField(field)) return false;
      record.fields.push_back(std::move(field));
      if (i_ < text_.size() && text_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < text_.size()) skipLineBreak();
      return true;
    }
  }

  bool failed() const { return !error.empty(); }
  int errorLine = 0;
  std::string error;

 private:
  bool atLineBreak() const { return text_[i_] == '\r' || text_[i_] == '\n'; }
  void skipLineBreak() {
    if (text_[i_] == '\r' && i_ + 1 < text_.size() && text_[i_ + 1] == '\n') ++i_;
    ++i_;
    ++line_;
  }

  bool fail(int line, std::string reason) {
    errorLine = line;
    error = std::move(reason);
    return false;
  }

  bool readField(std::string& out) {
    if (i_ < text_.size() && text_[i_] == '"') return readQuoted(out);
    const std::size_t start = i_;
    while (i_ < text_.size() && text_[i_] != ',' && !atLineBreak()) {
      if (text_[i_] == '"') return fail(line_, "a quote inside an unquoted field (quote the whole field)");
      ++i_;
    }
    out = trimmed(text_.substr(start, i_ - start));
    return true;
  }

  bool readQuoted(std::string& out) {
    const int opened = line_;
    ++i_;
    while (true) {
      if (i_ >= text_.size()) return fail(opened, "a quoted field is not closed");
      const char c = text_[i_];
      if (c == '"' && i_ + 1 < text_.size() && text_[i_ + 1] == '"') {
        out += '"';
        i_ += 2;
      } else if (c == '"') {
        ++i_;
        break;
      } else if (atLineBreak()) {
        skipLineBreak();  // CRLF inside a value becomes '\n'
        out += '\n';
      } else {
        out += c;
        ++i_;
      }
    }
    const std::size_t rest = i_;
    while (i_ < text_.size() && (text_[i_] == ' ' || text_[i_] == '\t')) ++i_;
    if (i_ < text_.size() && text_[i_] != ',' && !atLineBreak())
      return fail(line_, "text after a closing quote (position " + std::to_string(rest + 1) + ")");
    out = trimmed(out);
    return true;
  }

  std::string_view text_;
  std::size_t i_ = 0;
  int line_ = 1;
};

// "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" (or with a space for the T).
std::optional<Stamp> parseCsvTime(std::string_view t) {
  if (t.size() != 10 && t.size() != 16) return std::nullopt;
  if (t[4] != '-' || t[7] != '-') return std::nullopt;
  const std::string_view y = t.substr(0, 4), m = t.substr(5, 2), d = t.substr(8, 2);
  if (!allDigits(y) || !allDigits(m) || !allDigits(d)) return std::nullopt;
  if (!Date::fromYmd(number(y), number(m), number(d))) return std::nullopt;
  Stamp st{number(y), number(m), number(d), -1, -1};
  if (t.size() == 16) {
    const std::string_view h = t.substr(11, 2), mi = t.substr(14, 2);
    if ((t[10] != 'T' && t[10] != ' ') || t[13] != ':' || !allDigits(h) || !allDigits(mi)) return std::nullopt;
    st.hour = number(h);
    st.minute = number(mi);
    if (st.hour > 23 || st.minute > 59) return std::nullopt;
  }
  return st;
}

class CsvReader {
 public:
  LabParse run(std::string_view text) {
    if (text.size() > kMaxCsvBytes) return failed(0, "file larger than 16 MiB");
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    CsvSplitter splitter(text);
    CsvRecord record;
    if (!splitter.next(record))
      return failed(1, splitter.failed() ? splitter.error : "empty file: the header line is missing");
    if (!isHeader(record)) return failed(1, "the header line must be exactly: " + headerLine());
    int rows = 0;
    while (splitter.next(record)) {
      ++rows;
      if (!readRow(record)) return std::move(result_);
    }
    if (splitter.failed()) return failed(splitter.errorLine, splitter.error);
    if (rows == 0) return failed(2, "no result rows after the header");
    return std::move(result_);
  }

 private:
  LabParse failed(int line, std::string reason) {
    LabParse r;
    r.line = line;
    r.error = std::move(reason);
    return r;
  }

  static std::string headerLine() {
    std::string line;
    for (std::string_view name : kCsvColumnNames) line += (line.empty() ? "" : ",") + std::string(name);
    return line;
  }

  static bool isHeader(const CsvRecord& r) {
    return std::equal(r.fields.begin(), r.fields.end(), std::begin(kCsvColumnNames), std::end(kCsvColumnNames));
  }

  bool columnError(const CsvRecord& r, std::size_t column, const std::string& reason) {
    result_ = failed(r.fieldLines[column], "column " + std::to_string(column + 1) + " (" +
                                               std::string(kCsvColumnNames[column]) + "): " + reason);
    return false;
  }

  bool readRow(const CsvRecord& r) {
    if (r.fields.size() != kCsvColumns) {
      result_ = failed(r.line, "expected 9 columns, found " + std::to_string(r.fields.size()));
      return false;
    }
    const std::string& patientId = r.fields[0];
    const std::string& time = r.fields[1];
    if (patientId.empty()) return columnError(r, 0, "patient id is empty");
    const std::optional<Stamp> st = parseCsvTime(time);
    if (!st) return columnError(r, 1, "\"" + time + "\" is not YYYY-MM-DD or YYYY-MM-DDTHH:MM");
    if (r.fields[2].empty()) return columnError(r, 2, "code is empty");
    reportFor(patientId, *st).observations.push_back(observation(r));
    return true;
  }

  static LabObservation observation(const CsvRecord& r) {
    LabObservation o;
    o.code = r.fields[2];
    o.codeSystem = isJlac10(r.fields[3]) ? "JC10" : (r.fields[3].empty() ? "L" : r.fields[3]);
    o.name = r.fields[4];
    o.value = r.fields[5];
    o.numeric = parseLooseNumber(o.value);
    o.valueType = o.numeric ? "NM" : "ST";
    o.unit = r.fields[6];
    o.referenceRange = r.fields[7];
    const Bounds bounds = parseRange(o.referenceRange);
    o.referenceLow = bounds.low;
    o.referenceHigh = bounds.high;
    o.flag = normaliseFlag(r.fields[8]);
    return o;
  }

  // Rows of one patient and specimen time form one report, in order of first appearance.
  LabReport& reportFor(const std::string& patientId, const Stamp& st) {
    const std::string time = isoText(st);
    const auto key = std::make_pair(patientId, time);
    const auto found = index_.find(key);
    if (found != index_.end()) return result_.reports[found->second];
    LabReport report;
    report.messageId = "csv:" + patientId + ":" + time;
    report.patientId = patientId;
    report.specimenTime = time;
    report.specimenDate = *Date::fromYmd(st.year, st.month, st.day);
    index_.emplace(key, result_.reports.size());
    result_.reports.push_back(std::move(report));
    return result_.reports.back();
  }

  LabParse result_;
  std::map<std::pair<std::string, std::string>, std::size_t> index_;
};

}  // namespace

LabParse fromCsv(std::string_view utf8) { return CsvReader().run(utf8); }

}  // namespace renkei::labs
