// SPDX-License-Identifier: MIT
#include "wasm-app/Glyphs.h"

namespace renkei::app {

const ImWchar* appGlyphRanges() {
  static ImVector<ImWchar> ranges;
  if (ranges.empty()) {
    static const ImWchar kExtra[] = {
        0x00B5, 0x00B5,  // µ
        0x2010, 0x205E,  // general punctuation: – — ‘ ’ “ ” … ※ ‰
        0x2100, 0x214F,  // letterlike symbols: ℃ № ℓ
        0x2160, 0x217F,  // Roman numerals Ⅰ Ⅱ
        0x2190, 0x21FF,  // arrows
        0x2200, 0x22FF,  // mathematical operators: ≤ ≥ ± ≒
        0x2460, 0x24FF,  // circled numbers ① ②
        0x2500, 0x257F,  // box drawing
        0x25A0, 0x25FF,  // geometric shapes ■ □ ▲ ○ ●
        0x2600, 0x26FF,  // symbols ★ ☆ ⚠
        0x3200, 0x32FF,  // enclosed CJK ㈱
        0x3300, 0x33FF,  // CJK compatibility ㎏ ㎝ ㎜ ㏄
        0,
    };
    ImFontGlyphRangesBuilder builder;
    ImFontAtlas atlas;  // only for its static range tables
    builder.AddRanges(atlas.GetGlyphRangesJapanese());
    builder.AddRanges(kExtra);
    builder.BuildRanges(&ranges);
  }
  return ranges.Data;
}

}  // namespace renkei::app
