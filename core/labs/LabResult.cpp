// SPDX-License-Identifier: MIT
// The shared model's reading rules, the same for both readers (Hl7LabReader.cpp, CsvLabReader.cpp).
// Decisions beyond the header:
//  - Numbers: an HL7 NM (sign, digits, point; no exponent), with full-width digits and signs
//    accepted and surrounding spaces trimmed.
//  - Reference ranges: "low-high" with '-', '~', '～' or '〜' (either side may be negative:
//    "-0.5-1.0"), "<x", "<=x", "≦x", "x以下", "x未満" (high only), ">x", ">=x", "≧x", "x以上",
//    "x超" (low only). Spaces and full-width forms are ignored. Whether the bound itself is
//    inside is not recorded. Anything else ("陰性", "3.5-5.0 g/dL", low > high) sets no bounds.
//  - Flags: "" and N → ""; H, L, HH, LL, A kept; ">" → H, "<" → L, ">>" → HH, "<<" → LL; any other
//    flag (AA, "*", …) → "A", so an abnormal result is never shown as normal.
#include "core/labs/LabValues.h"

#include <algorithm>
#include <cstdint>
#include <utility>

#include "core/text/Trim.h"
#include "core/text/Width.h"

namespace renkei::labs {
namespace {

// Full-width ASCII (U+FF01–U+FF5E: "１２．５", "＜", "～"), the minus sign, wave dash and the
// Japanese "≦ ≧" rewritten as ASCII, so numbers and ranges typed on Japanese systems can be read.
std::string halfWidth(std::string_view s) {
  static constexpr std::pair<std::string_view, std::string_view> kSigns[] = {
      {"\u2212", "-"}, {"\u2013", "-"}, {"\u301C", "~"}, {"\u2266", "<="}, {"\u2267", ">="},
      {"\u2264", "<="}, {"\u2265", ">="}, {"\u3000", " "}};
  const std::string folded = text::halfWidthAscii(s);
  const std::string_view in = folded;
  std::string out;
  std::size_t i = 0;
  while (i < in.size()) {
    bool replaced = false;
    for (const auto& [from, to] : kSigns) {
      if (in.substr(i).starts_with(from)) {
        out += to;
        i += from.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out += in[i++];
  }
  return out;
}

std::string withoutSpaces(std::string s) {
  std::erase_if(s, [](char c) { return c == ' ' || c == '\t'; });
  return s;
}

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

std::string twoDigits(int v) { return std::string{static_cast<char>('0' + v / 10), static_cast<char>('0' + v % 10)}; }

}  // namespace

namespace detail {

std::string trimmed(std::string_view s) { return std::string(text::trim(s)); }

std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

std::optional<double> parseLooseNumber(std::string_view text) { return parseNumber(text::trim(halfWidth(text))); }

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

std::string normaliseFlag(std::string_view sent) {
  const std::string f = upper(trimmed(halfWidth(sent)));
  if (f.empty() || f == "N" || f == "\"\"") return "";
  if (f == "H" || f == "L" || f == "HH" || f == "LL" || f == "A") return f;
  if (f == ">") return "H";
  if (f == "<") return "L";
  if (f == ">>") return "HH";
  if (f == "<<") return "LL";
  return "A";
}

bool isJlac10(std::string_view system) {
  const std::string s = upper(trimmed(system));
  return s == "JC10" || s == "JLAC10";
}

bool allDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int number(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

std::string isoText(const Stamp& st) {
  std::string year = std::to_string(st.year);
  year.insert(0, 4 - std::min<std::size_t>(4, year.size()), '0');
  std::string out = year + "-" + twoDigits(st.month) + "-" + twoDigits(st.day);
  if (st.hour >= 0) out += "T" + twoDigits(st.hour) + ":" + twoDigits(st.minute);
  return out;
}

}  // namespace detail
}  // namespace renkei::labs
