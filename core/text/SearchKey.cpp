// SPDX-License-Identifier: MIT
#include "core/text/SearchKey.h"

namespace renkei::text {
namespace {

/// Reads one UTF-8 scalar at `s[i]`, advancing `i`; returns 0xFFFFFFFF for an invalid sequence
/// (the caller drops it; validation is JapaneseText's job).
char32_t next(std::string_view s, std::size_t& i) {
  const auto b = static_cast<unsigned char>(s[i]);
  const int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return 0xFFFFFFFF;
  }
  char32_t c = len == 1 ? b : b & (0x7F >> len);
  for (int k = 1; k < len; ++k) {
    const auto t = static_cast<unsigned char>(s[i + k]);
    if ((t & 0xC0) != 0x80) {
      ++i;
      return 0xFFFFFFFF;
    }
    c = (c << 6) | (t & 0x3F);
  }
  i += len;
  return c;
}

void append(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

}  // namespace

std::string searchKey(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    char32_t c = next(utf8, i);
    if (c == 0xFFFFFFFF || c == U' ' || c == U'\t' || c == U'\u3000' || c == U'\u30FB') continue;  // ・ too
    if (c >= 0x3041 && c <= 0x3096) c += 0x60;             // hiragana → katakana (ぁ..ゖ → ァ..ヶ)
    else if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;      // full-width ASCII → ASCII
    if (c >= U'A' && c <= U'Z') c += 0x20;
    append(out, c);
  }
  return out;
}

}  // namespace renkei::text
