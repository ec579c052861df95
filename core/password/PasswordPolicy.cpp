// SPDX-License-Identifier: MIT
#include "core/password/PasswordPolicy.h"

#include <algorithm>
#include <set>

namespace renkei::data {
extern const std::string_view kCommonPasswords;
}

namespace renkei {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

const std::set<std::string, std::less<>>& commonPasswords() {
  static const std::set<std::string, std::less<>> list = [] {
    std::set<std::string, std::less<>> out;
    std::string_view text = data::kCommonPasswords;
    while (!text.empty()) {
      const auto nl = text.find('\n');
      std::string_view line = text.substr(0, nl);
      text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
      while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
      if (line.empty() || line.front() == '#') continue;
      out.insert(lower(line));
    }
    return out;
  }();
  return list;
}

// Common leetspeak substitutions people believe make a word strong.
char unleet(char c) {
  switch (c) {
    case '@': case '4': return 'a';
    case '3': return 'e';
    case '1': case '!': return 'i';
    case '0': return 'o';
    case '$': case '5': return 's';
    case '7': return 't';
    default: return c;
  }
}

bool isAsciiDigitOrSymbol(char c) {
  return (c >= '0' && c <= '9') || (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
         (c >= '{' && c <= '~');
}

}  // namespace

PasswordPolicy::PasswordPolicy(Rules rules) : rules_(rules) {
  rules_.historyDepth = std::max(1, rules_.historyDepth);
  rules_.maxAgeDays = std::max(1, rules_.maxAgeDays);
  rules_.warningDays = std::clamp(rules_.warningDays, 0, rules_.maxAgeDays);
  rules_.temporaryValidityDays = std::max(1, rules_.temporaryValidityDays);
}

PasswordStatus PasswordPolicy::status(Date changedOn, bool temporary, Date today) const {
  PasswordStatus s;
  s.expiresOn = changedOn.plusDays(temporary ? rules_.temporaryValidityDays : rules_.maxAgeDays);
  const auto left = daysBetween(today, s.expiresOn);
  s.daysLeft = left > 0 ? static_cast<int>(left) : 0;
  if (left <= 0) s.state = PasswordState::Expired;
  else if (temporary) s.state = PasswordState::MustChange;
  else if (left <= rules_.warningDays) s.state = PasswordState::Warning;
  else s.state = PasswordState::Ok;
  return s;
}

std::optional<int> PasswordPolicy::codePoints(std::string_view s) {
  int n = 0;
  for (std::size_t i = 0; i < s.size(); ++n) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    unsigned cp = 0;
    if (c < 0x80) { len = 1; cp = c; }
    else if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1Fu; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0Fu; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07u; }
    else return std::nullopt;
    if (i + len > s.size()) return std::nullopt;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    // Overlong forms, surrogates and values beyond Unicode are not valid UTF-8.
    static constexpr unsigned kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return std::nullopt;
    i += len;
  }
  return n;
}

bool PasswordPolicy::isCommon(std::string_view candidate) {
  const auto& list = commonPasswords();
  std::string s = lower(candidate);
  if (list.count(s)) return true;
  // Strip decorations at either end ("Password123!", "!!qwerty") and undo leetspeak ("p@ssw0rd").
  std::string core = s;
  while (!core.empty() && isAsciiDigitOrSymbol(core.back())) core.pop_back();
  std::size_t start = 0;
  while (start < core.size() && isAsciiDigitOrSymbol(core[start])) ++start;
  core = core.substr(start);
  if (core.size() >= 3 && list.count(core)) return true;
  std::string plain = s;
  std::transform(plain.begin(), plain.end(), plain.begin(), unleet);
  if (list.count(plain)) return true;
  while (!plain.empty() && isAsciiDigitOrSymbol(plain.back())) plain.pop_back();
  return plain.size() >= 3 && list.count(plain);
}

std::vector<PasswordProblem> PasswordPolicy::check(std::string_view candidate, std::string_view userId,
                                                   bool totpEnrolled) const {
  std::vector<PasswordProblem> problems;
  const auto length = codePoints(candidate);
  bool control = false;
  for (char c : candidate)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) control = true;
  if (!length || control) return {PasswordProblem::InvalidText};
  if (*length < minLength(totpEnrolled)) problems.push_back(PasswordProblem::TooShort);
  if (*length > rules_.maxLength) problems.push_back(PasswordProblem::TooLong);
  if (isCommon(candidate)) problems.push_back(PasswordProblem::Common);
  if (userId.size() >= 3 && lower(candidate).find(lower(userId)) != std::string::npos)
    problems.push_back(PasswordProblem::ContainsUserId);
  bool lowerCase = false, upperCase = false, digit = false, other = false;
  for (char c : candidate) {
    if (c >= 'a' && c <= 'z') lowerCase = true;
    else if (c >= 'A' && c <= 'Z') upperCase = true;
    else if (c >= '0' && c <= '9') digit = true;
    else other = true;  // symbols, spaces and any non-ASCII (kana, kanji) count as one kind
  }
  if (lowerCase + upperCase + digit + other < 2) problems.push_back(PasswordProblem::TooFewCharacterKinds);
  return problems;
}

bool PasswordPolicy::reuseRefused(std::optional<int> matchedPosition) const {
  return matchedPosition && *matchedPosition >= 0 && *matchedPosition < rules_.historyDepth;
}

const char* messageKey(PasswordProblem p) {
  switch (p) {
    case PasswordProblem::TooShort: return "password.too_short";
    case PasswordProblem::TooLong: return "password.too_long";
    case PasswordProblem::Common: return "password.common";
    case PasswordProblem::ContainsUserId: return "password.contains_user_id";
    case PasswordProblem::TooFewCharacterKinds: return "password.too_few_kinds";
    case PasswordProblem::InvalidText: return "password.invalid_text";
  }
  return "password.invalid_text";
}

const char* messageKey(PasswordState s) {
  switch (s) {
    case PasswordState::Ok: return "password.ok";
    case PasswordState::Warning: return "password.expires_soon";
    case PasswordState::MustChange: return "password.must_change";
    case PasswordState::Expired: return "password.expired";
  }
  return "password.expired";
}

}  // namespace renkei
