// SPDX-License-Identifier: MIT
// The HL7 reader of lab results (fromHl7). Decisions beyond the header:
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
//    unescaped '^' and join repetitions with '\n'. Ranges and flags: LabResult.cpp.
//  - PID-8 other than M, F, O, U becomes "U".
#include "core/labs/LabResult.h"  // fromHl7

#include <utility>

#include "core/hl7/Hl7Message.h"
#include "core/labs/LabValues.h"

namespace renkei::labs {
namespace {

using namespace detail;
using hl7::Segment;

std::string normaliseSex(std::string_view sent) {
  const std::string s = upper(trimmed(sent));
  if (s.empty()) return "";
  return s == "M" || s == "F" || s == "O" || s == "U" ? s : "U";
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
    const std::string text = trimmed(s.value(field, component, subcomponent));
    if (text.empty()) return true;
    out = parseDtm(text);
    if (!out)
      return fail(s, std::string(s.name()) + "-" + std::to_string(field) + " date/time \"" + text + "\" is invalid");
    return true;
  }

  bool readPatient(const Segment& pid) {
    LabReport p;
    p.patientId = trimmed(pid.value(3));
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
      const std::string family = trimmed(pid.value(5, 1, 1, rep));
      const std::string given = trimmed(pid.value(5, 2, 1, rep));
      return family.empty() || given.empty() ? family + given : family + " " + given;
    };
    for (int rep = 1; rep <= count; ++rep) {
      const std::string script = upper(trimmed(pid.value(5, 8, 1, rep)));
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
    std::string id = trimmed(s.value(2));
    return id.empty() ? trimmed(s.value(3)) : id;
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
    o.unit = trimmed(obx.value(6, 1));
    if (o.unit.empty()) o.unit = trimmed(obx.value(6, 2));
    o.referenceRange = trimmed(obx.freeText(7, 1));
    const Bounds bounds = parseRange(o.referenceRange);
    o.referenceLow = bounds.low;
    o.referenceHigh = bounds.high;
    o.flag = normaliseFlag(obx.value(8));
    o.status = upper(trimmed(obx.value(11)));
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
    const std::string id = trimmed(obx.value(3, 1)), text = trimmed(obx.value(3, 2)), system = trimmed(obx.value(3, 3));
    const std::string altId = trimmed(obx.value(3, 4)), altText = trimmed(obx.value(3, 5));
    const std::string altSystem = trimmed(obx.value(3, 6));
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
    o.valueType = upper(trimmed(obx.value(2)));
    const std::string& type = o.valueType;
    if (type == "NM") {
      o.value = trimmed(obx.value(5));
      if (o.value.empty()) return true;
      o.numeric = parseLooseNumber(o.value);
      if (!o.numeric) return fail(obx, "OBX-5 value \"" + o.value + "\" is not a number (OBX-2 is NM)");
      return true;
    }
    if (type == "SN") return readStructuredNumeric(obx, o);
    const bool coded = type == "CE" || type == "CWE" || type == "CNE" || type == "CF";
    std::string joined;
    for (int rep = 1; rep <= obx.repetitionCount(5); ++rep) {
      std::string part = coded ? trimmed(obx.value(5, 2, 1, rep)) : trimmed(obx.freeText(5, rep));
      if (coded && part.empty()) part = trimmed(obx.value(5, 1, 1, rep));
      if (part.empty()) continue;
      if (!joined.empty()) joined += coded ? ", " : "\n";
      joined += part;
    }
    o.value = joined;
    return true;
  }

  // SN: comparator^number^separator/suffix^number ("<^0.5", "^5.8", "^1^:^40", "^2^-^5").
  bool readStructuredNumeric(const Segment& obx, LabObservation& o) {
    const std::string comparator = trimmed(obx.value(5, 1)), first = trimmed(obx.value(5, 2));
    const std::string separator = trimmed(obx.value(5, 3)), second = trimmed(obx.value(5, 4));
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
    text = trimmed(text);
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

}  // namespace renkei::labs
