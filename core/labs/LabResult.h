// SPDX-License-Identifier: MIT
// LabResult — laboratory results as the hospital sends them (R-DATA-2): read from HL7 v2.5
// OUL^R22 (the SS-MIX2 lab message), ORU^R01, or a simple CSV, into one model the server stores
// and the app plots. Reading is all-or-nothing per message: a message with any bad segment gives
// an error naming the line and reason, and no results. The readers are Hl7LabReader.cpp and
// CsvLabReader.cpp; the rules they share (numbers, ranges, flags) are in LabResult.cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time/Date.h"

namespace renkei::hl7 {
class Message;
}

namespace renkei::labs {

struct LabObservation {
  std::string code;            ///< JLAC10 code when given (code system "JC10"), the local code otherwise
  std::string codeSystem;      ///< "JC10", "JLAC10", or the local system's name ("L", "99XYZ" …)
  std::string localCode;       ///< the hospital's own code when both are sent (OBX-3 alternate id)
  std::string name;            ///< "ＡＳＴ", "HbA1c(NGSP)", "白血球数"
  std::string valueType;       ///< HL7 OBX-2: NM, ST, TX, SN, CWE …
  std::string value;           ///< as sent (trimmed): "5.8", "<0.5", "陰性"
  std::optional<double> numeric;  ///< for NM (and SN with '=' or no comparator); nullopt otherwise
  std::string unit;            ///< "mg/dL", "10^3/uL", "%"
  std::string referenceRange;  ///< as sent: "3.5-5.0", "<200", "陰性"
  std::optional<double> referenceLow, referenceHigh;  ///< parsed from a "low-high" / "<x" / ">x" range
  std::string flag;            ///< normalised abnormal flag: "" (normal or none), "H", "L", "HH", "LL", "A"
  std::string status;          ///< HL7 OBX-11: "F" final, "C" corrected, "P" preliminary …
  std::string comment;         ///< NTE text following the OBX, lines joined with '\n'
};

/// One specimen's results for one patient: one OUL^R22 specimen group or one ORU^R01 order group.
struct LabReport {
  std::string messageId;       ///< MSH-10 (with a group index appended when a message has several groups)
  std::string patientId;       ///< PID-3 first repetition, component 1
  std::string patientName;     ///< PID-5 ideographic repetition (I) as "姓 名", or the first repetition
  std::string patientNameKana; ///< PID-5 phonetic repetition (P), "" when absent
  std::optional<Date> birthDate;  ///< PID-7
  std::string sex;             ///< PID-8: "M", "F", "O", "U" or ""
  std::string orderId;         ///< ORC-2/OBR-2 placer number, or ORC-3/OBR-3 filler number
  std::string specimenTime;    ///< "YYYY-MM-DDTHH:MM" (SPM-17, else OBR-7, else the first OBX-14), local time
  Date specimenDate;           ///< the clinical date of these results (the consent scope checks this)
  std::vector<LabObservation> observations;
};

struct LabParse {
  std::vector<LabReport> reports;
  int line = 0;                ///< 1-based segment (HL7) or line (CSV) of the first error
  std::string error;           ///< empty when everything was read
  bool ok() const { return error.empty(); }
};

/// Reads an OUL^R22 or ORU^R01 message (any other type is an error).
LabParse fromHl7(const hl7::Message& message);

/// Reads the CSV form (UTF-8, header line required, RFC 4180 quoting):
///   patient_id,specimen_time,code,code_system,name,value,unit,reference_range,flag
/// specimen_time is "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM"; rows with the same patient and specimen
/// time form one report; the message id is "csv:<patient>:<time>".
LabParse fromCsv(std::string_view utf8);

}  // namespace renkei::labs
