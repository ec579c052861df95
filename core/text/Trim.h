// SPDX-License-Identifier: MIT
// Trim — the one way core, the server and the tools cut padding off both ends of a piece of text.
// What counts as padding differs by format and is the caller's `chars` (a set of bytes, so ASCII
// only: a multi-byte character such as the ideographic space U+3000 cannot be named in it):
//   kWhitespace     " \t\r\n"  text typed or exported by people: CSV fields, HL7 values, lab units
//   kSpacesAndTabs  " \t"      HL7 v2 (a CR ends a segment, so it is never inside a value)
//   kDicomPadding   " \0"      DICOM values (PS3.5 §6.2: UIs are padded with NUL, other VRs with a space)
// and, where a format wants it, a literal (" " for AE titles, " \t\r" for a config line).
#pragma once

#include <string_view>

namespace renkei::text {

inline constexpr std::string_view kWhitespace = " \t\r\n";
inline constexpr std::string_view kSpacesAndTabs = " \t";
inline constexpr std::string_view kDicomPadding{" \0", 2};

/// `s` without the leading bytes that are in `chars`.
std::string_view trimStart(std::string_view s, std::string_view chars = kWhitespace);

/// `s` without the trailing bytes that are in `chars`.
std::string_view trimEnd(std::string_view s, std::string_view chars = kWhitespace);

/// `s` without the leading and trailing bytes that are in `chars`; "" when every byte is.
std::string_view trim(std::string_view s, std::string_view chars = kWhitespace);

/// True when `s` is empty or only ASCII white space and ideographic spaces (U+3000, which Japanese
/// keyboards type): a name, reason or title that says nothing.
bool isBlank(std::string_view s);

}  // namespace renkei::text
