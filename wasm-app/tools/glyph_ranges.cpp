// SPDX-License-Identifier: MIT
// Build-time tool (run under node): prints the code points the app rasterises (Glyphs.h), one
// "U+XXXX" per line, for subsetting the CJK font to exactly what can
// be shown. With --check it instead verifies that every Japanese and English UI string of the app
// is inside those ranges (a string outside would render as '?').
#include <imgui.h>

#include <cstdio>
#include <cstring>
#include <initializer_list>

#include "core/errors/Error.h"
#include "core/text/Utf8.h"
#include "wasm-app/Glyphs.h"
#include "wasm-app/Text.h"

namespace {

bool inRanges(const ImWchar* ranges, unsigned cp) {
  for (; ranges[0]; ranges += 2)
    if (cp >= ranges[0] && cp <= ranges[1]) return true;
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  ImGui::CreateContext();
  const ImWchar* ranges = renkei::app::appGlyphRanges();
  if (argc > 1 && std::strcmp(argv[1], "--check") == 0) {
    using renkei::Language;
    using renkei::app::T;
    int bad = 0, checked = 0;
    const auto check = [&](const char* s, const char* what, int k, Language lang) {
      if (!*s) { std::printf("empty %s %d (%s)\n", what, k, renkei::app::languageCode(lang)); ++bad; }
      while (*s) {
        const renkei::text::Utf8Char c = renkei::text::decodeUtf8At(s, 0);
        if (!c.ok) { std::printf("malformed UTF-8 in %s %d\n", what, k); ++bad; break; }
        const auto cp = static_cast<unsigned>(c.codePoint);
        if (!inRanges(ranges, cp)) { std::printf("U+%04X in %s %d is not in the font's ranges\n", cp, what, k); ++bad; }
        s += c.length;
        ++checked;
      }
    };
    for (Language lang : {Language::Japanese, Language::English}) {
      for (int k = 0; k < static_cast<int>(T::Count_); ++k) check(renkei::app::text(static_cast<T>(k), lang), "text key", k, lang);
      // The error catalogue's texts are shown too (core/errors/Error.h).
      for (int k = 0; k < renkei::kErrorCount; ++k) check(renkei::errorText(static_cast<renkei::Error>(k), lang), "error", k, lang);
    }
    std::printf("%d characters checked, %d problems\n", checked, bad);
    return bad == 0 ? 0 : 1;
  }
  for (; ranges[0]; ranges += 2)
    for (unsigned cp = ranges[0]; cp <= ranges[1]; ++cp) std::printf("U+%04X\n", cp);
  return 0;
}
