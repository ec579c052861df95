// SPDX-License-Identifier: MIT
// LabValues — internal to core/labs: how both readers (Hl7LabReader.cpp, CsvLabReader.cpp) read
// the parts of a result that mean the same in either form: values typed on Japanese systems,
// reference ranges, abnormal flags, code systems and the specimen time. Implemented in LabResult.cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/labs/LabResult.h"

namespace renkei::labs::detail {

/// `s` without surrounding ASCII white space (text::trim), as a string of its own.
std::string trimmed(std::string_view s);

/// ASCII letters in upper case; every other byte as it is.
std::string upper(std::string s);

/// A value as typed on a Japanese system: an HL7 NM once full-width digits and signs are folded
/// and surrounding spaces are trimmed ("１２．５" → 12.5); nullopt when it is not a number.
std::optional<double> parseLooseNumber(std::string_view text);

struct Bounds {
  std::optional<double> low, high;
};

/// The bounds of a reference range ("3.5-5.0", "<200", "x以上" …); none when it is anything else.
Bounds parseRange(std::string_view text);

/// An abnormal flag as the model keeps it: "", "H", "L", "HH", "LL" or "A".
std::string normaliseFlag(std::string_view sent);

/// True for the code system names of JLAC10 ("JC10", "JLAC10", any case, trimmed).
bool isJlac10(std::string_view system);

/// A date/time reduced to what the model keeps: local date and, when sent, hour and minute.
struct Stamp {
  int year = 0, month = 0, day = 0;  ///< 0 when not sent
  int hour = -1, minute = -1;        ///< -1 when not sent
};

/// True when `s` is one or more ASCII digits.
bool allDigits(std::string_view s);

/// The value of a run of ASCII digits (the caller checked them with allDigits).
int number(std::string_view s);

/// "YYYY-MM-DD", with "THH:MM" when the hour was sent (LabReport::specimenTime).
std::string isoText(const Stamp& st);

}  // namespace renkei::labs::detail
