// SPDX-License-Identifier: MIT
#include "core/text/SearchKey.h"

#include "core/text/Utf8.h"
#include "core/text/Width.h"

namespace renkei::text {

std::string searchKey(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const Utf8Char read = decodeUtf8At(utf8, i);
    i += read.length;
    char32_t c = read.codePoint;
    if (!read.ok || c == U' ' || c == U'\t' || c == U'\u3000' || c == U'\u30FB') continue;  // ・ too
    if (c >= 0x3041 && c <= 0x3096) c += 0x60;  // hiragana → katakana (ぁ..ゖ → ァ..ヶ)
    else c = halfWidthAscii(c);                 // full-width ASCII → ASCII
    if (c >= U'A' && c <= U'Z') c += 0x20;
    appendUtf8(out, c);
  }
  return out;
}

}  // namespace renkei::text
