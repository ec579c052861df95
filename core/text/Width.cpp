// SPDX-License-Identifier: MIT
#include "core/text/Width.h"

#include "core/text/Utf8.h"

namespace renkei::text {

char32_t halfWidthAscii(char32_t cp) { return cp >= 0xFF01 && cp <= 0xFF5E ? cp - 0xFEE0 : cp; }

std::string halfWidthAscii(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const Utf8Char c = decodeUtf8At(utf8, i);
    const char32_t folded = c.ok ? halfWidthAscii(c.codePoint) : c.codePoint;
    if (c.ok && folded != c.codePoint) out += static_cast<char>(folded);
    else out += utf8.substr(i, c.length);
    i += c.length;
  }
  return out;
}

}  // namespace renkei::text
