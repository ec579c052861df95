// SPDX-License-Identifier: MIT
#include "core/text/Utf8.h"

namespace renkei::text {

void appendUtf8(std::string& out, char32_t cp) {
  auto put = [&out](char32_t v) { out.push_back(static_cast<char>(v)); };
  if (cp < 0x80) {
    put(cp);
  } else if (cp < 0x800) {
    put(0xC0 | (cp >> 6));
    put(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    put(0xE0 | (cp >> 12));
    put(0x80 | ((cp >> 6) & 0x3F));
    put(0x80 | (cp & 0x3F));
  } else {
    put(0xF0 | (cp >> 18));
    put(0x80 | ((cp >> 12) & 0x3F));
    put(0x80 | ((cp >> 6) & 0x3F));
    put(0x80 | (cp & 0x3F));
  }
}

Utf8Char decodeUtf8At(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return {b0, 1, true, false};
  // Table 3-7: the lead byte gives the length; the second byte's range is narrower after E0
  // (overlongs), ED (surrogates), F0 (overlongs) and F4 (beyond U+10FFFF).
  int need = 0;
  char32_t cp = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
    cp = b0 & 0x1Fu;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
    cp = b0 & 0x0Fu;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
    cp = b0 & 0x07u;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return {0, 1, false, false};  // 80–C1 (continuation, overlong lead) and F5–FF never start a character
  }
  std::size_t n = 1;
  for (int k = 0; k < need; ++k, ++n) {
    if (i + n >= s.size()) return {0, n, false, true};
    const auto b = static_cast<unsigned char>(s[i + n]);
    if (b < lo || b > hi) return {0, n, false, false};
    cp = (cp << 6) | (b & 0x3Fu);
    lo = 0x80, hi = 0xBF;
  }
  return {cp, n, true, false};
}

std::optional<std::u32string> decodeUtf8Strict(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const Utf8Char c = decodeUtf8At(s, i);
    if (!c.ok) return std::nullopt;
    out.push_back(c.codePoint);
    i += c.length;
  }
  return out;
}

bool isValidUtf8(std::string_view bytes) {
  for (std::size_t i = 0; i < bytes.size();) {
    const Utf8Char c = decodeUtf8At(bytes, i);
    if (!c.ok) return false;
    i += c.length;
  }
  return true;
}

}  // namespace renkei::text
