// SPDX-License-Identifier: MIT
// Test helper: byte strings written as hex, for the text tests (ill-formed UTF-8, Shift_JIS, ISO 2022).
#pragma once

#include <string>
#include <string_view>

namespace renkei::test {

/// Bytes from hex pairs; spaces are ignored ("1b 24 42" or "1b2442").
inline std::string hex(std::string_view h) {
  std::string out;
  int high = -1;
  for (const char c : h) {
    if (c == ' ') continue;
    const int d = c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    if (high < 0) {
      high = d;
    } else {
      out += static_cast<char>(high * 16 + d);
      high = -1;
    }
  }
  return out;
}

}  // namespace renkei::test
