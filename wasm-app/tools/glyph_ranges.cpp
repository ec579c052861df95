// SPDX-License-Identifier: MIT
// Build-time tool (run under node): prints the code points the app rasterises (Glyphs.h), one
// "U+XXXX" per line, for subsetting the CJK font to exactly what can
// be shown. With --check it instead verifies that every Japanese and English UI string of the app
// is inside those ranges (a string outside would render as '?').
#include <imgui.h>

#include <cstdio>
#include <cstring>
#include <initializer_list>

#include "wasm-app/Glyphs.h"
#include "wasm-app/Text.h"

namespace {

bool inRanges(const ImWchar* ranges, unsigned cp) {
  for (; ranges[0]; ranges += 2)
    if (cp >= ranges[0] && cp <= ranges[1]) return true;
  return false;
}

// Decodes one UTF-8 sequence; returns bytes consumed (0 on malformed input).
int decode(const char* s, unsigned& cp) {
  const auto* u = reinterpret_cast<const unsigned char*>(s);
  if (u[0] < 0x80) { cp = u[0]; return 1; }
  if ((u[0] & 0xE0) == 0xC0 && (u[1] & 0xC0) == 0x80) { cp = ((u[0] & 0x1Fu) << 6) | (u[1] & 0x3Fu); return 2; }
  if ((u[0] & 0xF0) == 0xE0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
    cp = ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
    return 3;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  ImGui::CreateContext();
  const ImWchar* ranges = renkei::app::appGlyphRanges();
  if (argc > 1 && std::strcmp(argv[1], "--check") == 0) {
    using renkei::app::Language;
    using renkei::app::T;
    int bad = 0, checked = 0;
    for (int k = 0; k < static_cast<int>(T::Count_); ++k) {
      for (Language lang : {Language::Japanese, Language::English}) {
        const char* s = renkei::app::text(static_cast<T>(k), lang);
        if (!*s) { std::printf("empty text for key %d (%s)\n", k, renkei::app::languageCode(lang)); ++bad; }
        while (*s) {
          unsigned cp = 0;
          const int n = decode(s, cp);
          if (n == 0) { std::printf("malformed UTF-8 in key %d\n", k); ++bad; break; }
          if (!inRanges(ranges, cp)) { std::printf("U+%04X in key %d is not in the font's ranges\n", cp, k); ++bad; }
          s += n;
          ++checked;
        }
      }
    }
    std::printf("%d characters checked, %d problems\n", checked, bad);
    return bad == 0 ? 0 : 1;
  }
  for (; ranges[0]; ranges += 2)
    for (unsigned cp = ranges[0]; cp <= ranges[1]; ++cp) std::printf("U+%04X\n", cp);
  return 0;
}
