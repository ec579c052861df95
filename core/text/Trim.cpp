// SPDX-License-Identifier: MIT
#include "core/text/Trim.h"

namespace renkei::text {

std::string_view trimStart(std::string_view s, std::string_view chars) {
  const std::size_t b = s.find_first_not_of(chars);
  return s.substr(b == std::string_view::npos ? s.size() : b);
}

std::string_view trimEnd(std::string_view s, std::string_view chars) {
  const std::size_t e = s.find_last_not_of(chars);
  return s.substr(0, e == std::string_view::npos ? 0 : e + 1);
}

std::string_view trim(std::string_view s, std::string_view chars) { return trimEnd(trimStart(s, chars), chars); }

bool isBlank(std::string_view s) {
  while (!s.empty()) {
    if (kWhitespace.find(s[0]) != std::string_view::npos) s.remove_prefix(1);
    else if (s.substr(0, 3) == "\xE3\x80\x80") s.remove_prefix(3);
    else return false;
  }
  return true;
}

}  // namespace renkei::text
