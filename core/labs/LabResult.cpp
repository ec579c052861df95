// SPDX-License-Identifier: MIT
// Decisions beyond the header:
//  - Groups. OUL^R22: a report per SPM (specimen) group; the group's OBR/ORC/TQ1/OBX/NTE follow
//    in any order the senders use (SS-MIX2 puts ORC before OBR, the standard after). ORU^R01: a
//    report per OBR; an ORC just before it gives the order number. A later PID starts a new
//    patient for the groups after it. Order- and specimen-level NTEs (before any OBX) are ignored:
//    the model has no place for them. Segments this reader does not need (PV1, TQ1, SAC, Z…) are
//    skipped.
//  - An OBX must follow an OBR of its own group: SPM-level OBX (specimen observations, allowed by
//    the standard) are refused, since they would otherwise be taken for results.
//  - Date/times are validated wherever they are read (PID-7, SPM-17, OBR-7, OBX-14). The specimen
//    time needs at least a day; a birth date given only as a year or month is left out.
//  - Values: NM must be a number (full-width digits accepted) or empty (e.g. status X, "cannot be
//    obtained"). SN is shown as "<0.5", "1:40", "2-5"; numeric only for "=" or no comparator and no
//    second number. Coded values (CE, CWE, CNE) show their text, else their code. Text values keep
//    unescaped '^' and join repetitions with '\n'.
//  - Reference ranges: "low-high" with '-', '~', '～' or '〜' (either side may be negative:
//    "-0.5-1.0"), "<x", "<=x", "≦x", "x以下", "x未満" (high only), ">x", ">=x", "≧x", "x以上",
//    "x超" (low only). Spaces and full-width forms are ignored. Whether the bound itself is
//    inside is not recorded. Anything else ("陰性", "3.5-5.0 g/dL", low > high) sets no bounds.
//  - Flags: "" and N → ""; H, L, HH, LL, A kept; ">" → H, "<" → L, ">>" → HH, "<<" → LL; any other
//    flag (AA, "*", …) → "A", so an abnormal result is never shown as normal.
//  - PID-8 other than M, F, O, U becomes "U".
//  - CSV: fields are trimmed; a quote inside an unquoted field is an error; blank lines are
//    skipped; "YYYY-MM-DD HH:MM" (a space, as spreadsheets write it) is accepted for the 'T' form;
//    code_system "JLAC10" is stored as "JC10" like HL7, empty as "L"; valueType is NM when the
//    whole value is a number, ST otherwise. A file with a header and no rows is an error.
#include "core/labs/LabResult.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <map>
#include <utility>

#include "core/hl7/Hl7Message.h"

namespace renkei::labs {
namespace {

using hl7::Segment;

// ---- Text --------------------------------------------------------------------------------------

std::string trim(std::string_view s) {
  const std::size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  return std::string(s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1));
}

std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

// Full-width ASCII (U+FF01–U+FF5E: "１２．５", "＜", "～"), the minus sign, wave dash and the
// Japanese "≦ ≧" rewritten as ASCII, so numbers and ranges typed on Japanese systems can be read.
std::string halfWidth(std::string_view s) {
  static constexpr std::pair<std::string_view, std::string_view> kSigns[] = {
      {"\u2212", "-"}, {"\u2013", "-"}, {"\u301C", "~"}, {"\u2266", "<="}, {"\u2267", ">="},
      {"\u2264", "<="}, {"\u2265", ">="}, {"\u3000", " "}};
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 == 0xEF && i + 2 < s.size()) {
      const auto b1 = static_cast<unsigned char>(s[i + 1]);
      const auto b2 = static_cast<unsigned char>(s[i + 2]);
      const std::uint32_t cp = ((b0 & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
      if (cp >= 0xFF01 && cp <= 0xFF5E) {
        out += static_cast<char>(cp - 0xFEE0);
        i += 3;
        continue;
      }
    }
    bool replaced = false;
    for (const auto& [from, to] : kSigns) {
      if (s.substr(i).starts_with(from)) {
        out += to;
        i += from.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out += s[i++];
  }
  return out;
}

std::string withoutSpaces(std::string s) {
  std::erase_if(s, [](char c) { return c == ' ' || c == '\t'; });
  return s;
}

// ---- Numbers -----------------------------------------------------------------------------------

// An HL7 NM: optional sign, digits, optional decimal point and digits; no exponent, no spaces.
// Built from an integer mantissa and a power of ten, which is exact for lab-sized values (up to
// 15 significant digits) and needs neither the locale nor <charconv> for doubles. More than
// kMaxDigits digits is not a measurement.
std::optional<double> parseNumber(std::string_view s) {
  constexpr int kMaxDigits = 30;
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  std::uint64_t mantissa = 0;
  int digits = 0, decimals = 0, significant = 0;
  bool point = false;
  double approx = 0;
  for (char c : s) {
    if (c == '.' && !point) {
      point = true;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    ++digits;
    if (point) ++decimals;
    if (significant > 0 || c != '0') ++significant;
    if (significant <= 18) mantissa = mantissa * 10 + static_cast<std::uint64_t>(c - '0');
    approx = approx * 10 + (c - '0');
  }
  if (digits == 0 || digits > kMaxDigits) return std::nullopt;
  double value = significant <= 15 ? static_cast<double>(mantissa) : approx;
  double scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  value /= scale;
  return negative ? -value : value;
}

// A value as typed on a Japanese system: full-width digits and signs, surrounding spaces.
std::optional<double> parseLooseNumber(std::string_view text) { return parseNumber(trim(halfWidth(text))); }

// ---- Reference range -----------------------------------------------------------------------------

struct Bounds {
  std::optional<double> low, high;
};

Bounds parseRange(std::string_view text) {
  const std::string s = withoutSpaces(halfWidth(text));
  if (s.empty()) return {};
  const std::string_view all = s;
  for (std::string_view suffix : {"以下", "未満"})
    if (all.ends_with(suffix)) return {std::nullopt, parseNumber(all.substr(0, all.size() - suffix.size()))};
  for (std::string_view suffix : {"以上", "超"})
    if (all.ends_with(suffix)) return {parseNumber(all.substr(0, all.size() - suffix.size())), std::nullopt};
  for (std::string_view prefix : {"<=", "=<", "<"})
    if (s.starts_with(prefix)) return {std::nullopt, parseNumber(std::string_view(s).substr(prefix.size()))};
  for (std::string_view prefix : {">=", "=>", ">"})
    if (s.starts_with(prefix)) return {parseNumber(std::string_view(s).substr(prefix.size())), std::nullopt};
  // "low-high": the separator is the first '-' or '~' after a digit or point, so a leading minus
  // ("-0.5-1.0") and a negative upper bound ("-2--1") stay with their numbers.
  for (std::size_t i = 1; i < s.size(); ++i) {
    const char prev = s[i - 1];
    if ((s[i] == '-' || s[i] == '~') && ((prev >= '0' && prev <= '9') || prev == '.')) {
      const auto low = parseNumber(std::string_view(s).substr(0, i));
      const auto high = parseNumber(std::string_view(s).substr(i + 1));
      if (low && high && *low <= *high) return {low, high};
      return {};
    }
  }
  return {};
}

// ---- Flags and codes -----------------------------------------------------------------------------

std::string normaliseFlag(std::string_view sent) {
  const std::string f = upper(trim(halfWidth(sent)));
  if (f.empty() || f == "N" || f == "\"\"") return "";
  if (f == "H" || f == "L" || f == "HH" || f == "LL" || f == "A") return f;
  if (f == ">") return "H";
  if (f == "<") return "L";
  if (f == ">>") return "HH";
  if (f == "<<") return "LL";
  return "A";
}

bool isJlac10(std::string_view system) {
  const std::string s = upper(trim(system));
  return s == "JC10" || s == "JLAC10";
}

std::string normaliseSex(std::string_view sent) {
  const std::string s = upper(trim(sent));
  if (s.empty()) return "";
  return s == "M" || s == "F" || s == "O" || s == "U" ? s : "U";
}

// ---- Date/time -----------------------------------------------------------------------------------

/// An HL7 DTM reduced to what the model keeps: local date and, when sent, hour and minute.
struct Stamp {
  int year = 0, month = 0, day = 0;  ///< 0 when not sent
  int hour = -1, minute = -1;        ///< -1 when not sent
};

bool allDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int number(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// The offset ("+0900") is validated and then ignored: Japanese hospitals send local time (JST),
// and the clinical date is the local date.
bool validOffset(std::string_view zone) {
  return zone.size() == 4 && allDigits(zone) && number(zone.substr(0, 2)) <= 14 && number(zone.substr(2)) < 60;
}

// HL7 v2.5 DTM: YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ].
std::optional<Stamp> parseDtm(std::string_view text) {
  const std::size_t sign = text.find_first_of("+-");
  if (sign != std::string_view::npos) {
    if (!validOffset(text.substr(sign + 1))) return std::nullopt;
    text = text.substr(0, sign);
  }
  const std::size_t point = text.find('.');
  if (point != std::string_view::npos) {
    const std::string_view fraction = text.substr(point + 1);
    if (point != 14 || fraction.size() > 4 || !allDigits(fraction)) return std::nullopt;
    text = text.substr(0, point);
  }
  const std::size_t n = text.size();
  if (!allDigits(text) || n < 4 || n > 14 || n % 2 != 0) return std::nullopt;
  Stamp st;
  st.year = number(text.substr(0, 4));
  if (n >= 6) st.month = number(text.substr(4, 2));
  if (n >= 8) st.day = number(text.substr(6, 2));
  if (n >= 10) st.hour = number(text.substr(8, 2));
  st.minute = n >= 12 ? number(text.substr(10, 2)) : (n >= 10 ? 0 : -1);
  const int second = n >= 14 ? number(text.substr(12, 2)) : 0;
  if (st.year < 1 || (n >= 6 && (st.month < 1 || st.month > 12))) return std::nullopt;
  if (n >= 8 && !Date::fromYmd(st.year, st.month, st.day)) return std::nullopt;
  if (st.hour > 23 || st.minute > 59 || second > 59) return std::nullopt;
  return st;
}

std::string twoDigits(int v) { return std::string{static_cast<char>('0' + v / 10), static_cast<char>('0' + v % 10)}; }

std::string isoText(const Stamp& st) {
  std::string year = std::to_string(st.year);
  year.insert(0, 4 - std::min<std::size_t>(4, year.size()), '0');
  std::string out = year + "-" + twoDigits(st.month) + "-" + twoDigits(st.day);
  if (st.hour >= 0) out += "T" + twoDigits(st.hour) + ":" + twoDigits(st.minute);
  return out;
}

// ---- HL7 ---------------------------------------------------------------------------------------

/// Reads the ordered groups of one OUL^R22 or ORU^R01 message into reports.
class Hl7Reader {
 public:
  Hl7Reader(const hl7::Message& message, bool specimenGroups) : message_(message), oul_(specimenGroups) {}

  LabParse run() {
    if (message_.controlId().empty()) fail(1, "MSH-10 message control id is empty");
    for (const Segment& s : message_) {
      if (!result_.ok() || !read(s)) break;
    }
    if (result_.ok()) finish();
    if (!result_.ok()) result_.reports.clear();  // all or nothing
    return std::move(result_);
  }

 private:
  /// What the reader remembers about the current group beyond the report itself.
  struct Group {
    int line = 0;                ///< SPM (OUL) or OBR (ORU) that opened it
    bool hasOrder = false;       ///< an OBR was seen, so OBX may follow
    std::optional<Stamp> time;   ///< SPM-17 / OBR-7
    std::optional<Stamp> firstObservationTime;  ///< OBX-14 of the first OBX that has one
  };

  bool fail(int line, std::string reason) {
    if (result_.ok()) {
      result_.line = line;
      result_.error = std::move(reason);
    }
    return false;
  }
  bool fail(const Segment& s, std::string reason) { return fail(s.line(), std::move(reason)); }

  bool read(const Segment& s) {
    const std::string_view name = s.name();
    if (name == "PID") return readPatient(s);
    if (name == "SPM" && oul_) return openSpecimen(s);
    if (name == "ORC") return readOrderControl(s);
    if (name == "OBR") return readOrder(s);
    if (name == "OBX") return readObservation(s);
    if (name == "NTE") return readNote(s);
    return true;
  }

  // A date/time field: absent is fine, present must be valid.
  bool readStamp(const Segment& s, int field, int component, int subcomponent, std::optional<Stamp>& out) {
    const std::string text = trim(s.value(field, component, subcomponent));
    if (text.empty()) return true;
    out = parseDtm(text);
    if (!out)
      return fail(s, std::string(s.name()) + "-" + std::to_string(field) + " date/time \"" + text + "\" is invalid");
    return true;
  }

  bool readPatient(const Segment& pid) {
    LabReport p;
    p.patientId = trim(pid.value(3));
    if (p.patientId.empty()) return fail(pid, "PID-3 patient id is missing");
    readNames(pid, p);
    std::optional<Stamp> birth;
    if (!readStamp(pid, 7, 1, 1, birth)) return false;
    if (birth && birth->day > 0) p.birthDate = Date::fromYmd(birth->year, birth->month, birth->day);
    p.sex = normaliseSex(pid.value(8));
    patient_ = std::move(p);
    closeGroup();
    return true;
  }

  // PID-5 repeats per script (XPN.7 name type, XPN.8 representation: I ideographic, P phonetic,
  // A alphabetic); "family given" with a normal space, as the app shows names.
  static void readNames(const Segment& pid, LabReport& p) {
    const int count = pid.repetitionCount(5);
    auto fullName = [&](int rep) {
      const std::string family = trim(pid.value(5, 1, 1, rep));
      const std::string given = trim(pid.value(5, 2, 1, rep));
      return family.empty() || given.empty() ? family + given : family + " " + given;
    };
    for (int rep = 1; rep <= count; ++rep) {
      const std::string script = upper(trim(pid.value(5, 8, 1, rep)));
      if (script == "I" && p.patientName.empty()) p.patientName = fullName(rep);
      if (script == "P" && p.patientNameKana.empty()) p.patientNameKana = fullName(rep);
    }
    if (p.patientName.empty() && count > 0) p.patientName = fullName(1);
  }

  bool needPatient(const Segment& s) {
    if (patient_) return true;
    return fail(s, "missing PID segment before " + std::string(s.name()));
  }

  void closeGroup() {
    current_ = -1;
    observation_ = -1;
    pendingOrderId_.clear();
  }

  void openGroup(const Segment& s) {
    LabReport report = *patient_;
    report.messageId = message_.controlId();
    if (!result_.reports.empty()) report.messageId += "#" + std::to_string(result_.reports.size() + 1);
    report.orderId = pendingOrderId_;
    result_.reports.push_back(std::move(report));
    groups_.push_back(Group{s.line(), false, std::nullopt, std::nullopt});
    current_ = static_cast<int>(result_.reports.size()) - 1;
    observation_ = -1;
    pendingOrderId_.clear();
  }

  LabReport& report() { return result_.reports[static_cast<std::size_t>(current_)]; }
  Group& group() { return groups_[static_cast<std::size_t>(current_)]; }

  bool openSpecimen(const Segment& spm) {
    if (!needPatient(spm)) return false;
    closeGroup();
    openGroup(spm);
    // SPM-17 is a DR (start^end); the start is a TS whose first part is the DTM.
    return readStamp(spm, 17, 1, 1, group().time);
  }

  static std::string placerOrFiller(const Segment& s) {
    std::string id = trim(s.value(2));
    return id.empty() ? trim(s.value(3)) : id;
  }

  bool readOrderControl(const Segment& orc) {
    if (!needPatient(orc)) return false;
    const std::string id = placerOrFiller(orc);
    observation_ = -1;  // an NTE after this ORC is not about the previous result
    if (oul_ && current_ >= 0) {
      if (report().orderId.empty()) report().orderId = id;
    } else if (!oul_) {
      // ORU^R01: ORC opens the next order group; its OBR follows.
      closeGroup();
      pendingOrderId_ = id;
    }
    return true;
  }

  bool readOrder(const Segment& obr) {
    if (!needPatient(obr)) return false;
    if (oul_ && current_ < 0) return fail(obr, "OBR outside a specimen group: no SPM before it");
    if (!oul_) openGroup(obr);
    observation_ = -1;
    group().hasOrder = true;
    if (report().orderId.empty()) report().orderId = placerOrFiller(obr);
    std::optional<Stamp> observed;
    if (!readStamp(obr, 7, 1, 1, observed)) return false;
    if (!group().time) group().time = observed;
    return true;
  }

  bool readObservation(const Segment& obx) {
    if (!needPatient(obx)) return false;
    if (current_ < 0 || !group().hasOrder) return fail(obx, "OBX before any OBR of its group");
    LabObservation o;
    if (!readCode(obx, o) || !readValue(obx, o)) return false;
    o.unit = trim(obx.value(6, 1));
    if (o.unit.empty()) o.unit = trim(obx.value(6, 2));
    o.referenceRange = trim(obx.freeText(7, 1));
    const Bounds bounds = parseRange(o.referenceRange);
    o.referenceLow = bounds.low;
    o.referenceHigh = bounds.high;
    o.flag = normaliseFlag(obx.value(8));
    o.status = upper(trim(obx.value(11)));
    std::optional<Stamp> observed;
    if (!readStamp(obx, 14, 1, 1, observed)) return false;
    if (observed && !group().firstObservationTime) group().firstObservationTime = observed;
    report().observations.push_back(std::move(o));
    observation_ = static_cast<int>(report().observations.size()) - 1;
    return true;
  }

  // OBX-3 (CWE): id^text^system^alternate id^alternate text^alternate system. The JLAC10 code is
  // the shared language between hospital and clinic, so it wins whichever side it is sent on.
  bool readCode(const Segment& obx, LabObservation& o) {
    const std::string id = trim(obx.value(3, 1)), text = trim(obx.value(3, 2)), system = trim(obx.value(3, 3));
    const std::string altId = trim(obx.value(3, 4)), altText = trim(obx.value(3, 5));
    const std::string altSystem = trim(obx.value(3, 6));
    if (isJlac10(system) && !id.empty()) {
      o.code = id;
      o.codeSystem = "JC10";
      o.localCode = altId;
    } else if (isJlac10(altSystem) && !altId.empty()) {
      o.code = altId;
      o.codeSystem = "JC10";
      o.localCode = id;
    } else {
      o.code = id;
      o.codeSystem = system.empty() ? "L" : system;
    }
    o.name = text.empty() ? altText : text;
    if (o.code.empty()) return fail(obx, "OBX-3 observation code is missing");
    return true;
  }

  bool readValue(const Segment& obx, LabObservation& o) {
    o.valueType = upper(trim(obx.value(2)));
    const std::string& type = o.valueType;
    if (type == "NM") {
      o.value = trim(obx.value(5));
      if (o.value.empty()) return true;
      o.numeric = parseLooseNumber(o.value);
      if (!o.numeric) return fail(obx, "OBX-5 value \"" + o.value + "\" is not a number (OBX-2 is NM)");
      return true;
    }
    if (type == "SN") return readStructuredNumeric(obx, o);
    const bool coded = type == "CE" || type == "CWE" || type == "CNE" || type == "CF";
    std::string joined;
    for (int rep = 1; rep <= obx.repetitionCount(5); ++rep) {
      std::string part = coded ? trim(obx.value(5, 2, 1, rep)) : trim(obx.freeText(5, rep));
      if (coded && part.empty()) part = trim(obx.value(5, 1, 1, rep));
      if (part.empty()) continue;
      if (!joined.empty()) joined += coded ? ", " : "\n";
      joined += part;
    }
    o.value = joined;
    return true;
  }

  // SN: comparator^number^separator/suffix^number ("<^0.5", "^5.8", "^1^:^40", "^2^-^5").
  bool readStructuredNumeric(const Segment& obx, LabObservation& o) {
    const std::string comparator = trim(obx.value(5, 1)), first = trim(obx.value(5, 2));
    const std::string separator = trim(obx.value(5, 3)), second = trim(obx.value(5, 4));
    if (comparator.empty() && first.empty() && separator.empty() && second.empty()) return true;
    const auto firstNumber = parseLooseNumber(first);
    if (!firstNumber || (!second.empty() && !parseLooseNumber(second)))
      return fail(obx, "OBX-5 structured numeric \"" + std::string(obx.field(5)) + "\" is not a number (OBX-2 is SN)");
    o.value = (comparator == "=" ? "" : comparator) + first + separator + second;
    if ((comparator.empty() || comparator == "=") && separator.empty() && second.empty()) o.numeric = firstNumber;
    return true;
  }

  bool readNote(const Segment& nte) {
    if (current_ < 0 || observation_ < 0) return true;  // order or specimen notes: not modelled
    std::string text;
    for (int rep = 1; rep <= nte.repetitionCount(3); ++rep) {
      if (rep > 1) text += '\n';
      text += nte.freeText(3, rep);
    }
    text = trim(text);
    if (text.empty()) return true;
    std::string& comment = report().observations[static_cast<std::size_t>(observation_)].comment;
    if (!comment.empty()) comment += '\n';
    comment += text;
    return true;
  }

  void finish() {
    if (!patient_) {
      fail(static_cast<int>(message_.segments().size()), "missing PID segment");
      return;
    }
    if (result_.reports.empty()) {
      fail(static_cast<int>(message_.segments().size()), oul_ ? "no SPM specimen group" : "no OBR order group");
      return;
    }
    for (std::size_t i = 0; i < result_.reports.size(); ++i) {
      const Group& g = groups_[i];
      const std::optional<Stamp> st = g.time ? g.time : g.firstObservationTime;
      if (!st) {
        fail(g.line, oul_ ? "no specimen date/time: SPM-17, OBR-7 and OBX-14 are all empty"
                          : "no observation date/time: OBR-7 and OBX-14 are empty");
        return;
      }
      if (st->day == 0) {
        fail(g.line, "specimen date/time " + std::to_string(st->year) + " has no day");
        return;
      }
      result_.reports[i].specimenTime = isoText(*st);
      result_.reports[i].specimenDate = *Date::fromYmd(st->year, st->month, st->day);
    }
  }

  const hl7::Message& message_;
  const bool oul_;
  LabParse result_;
  std::optional<LabReport> patient_;  ///< patient fields of the latest PID, copied into each report
  std::vector<Group> groups_;         ///< parallel to result_.reports
  int current_ = -1;                  ///< index of the open report, -1 between groups
  int observation_ = -1;              ///< index of the last OBX in the open report, for NTE
  std::string pendingOrderId_;        ///< ORU: ORC seen before its OBR
};

// ---- CSV ---------------------------------------------------------------------------------------

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
    out = trim(text_.substr(start, i_ - start));
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
    out = trim(out);
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

LabParse fromHl7(const hl7::Message& message) {
  const std::string type = message.type();
  if (type != "OUL^R22" && type != "ORU^R01") {
    LabParse r;
    r.line = 1;
    r.error = "unsupported message type " + (type.empty() ? std::string("(none)") : type);
    return r;
  }
  return Hl7Reader(message, type == "OUL^R22").run();
}

LabParse fromCsv(std::string_view utf8) { return CsvReader().run(utf8); }

}  // namespace renkei::labs
