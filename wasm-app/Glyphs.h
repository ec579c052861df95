// SPDX-License-Identifier: MIT
// Glyphs — the code points the app can draw. The first font (in the app's download) holds Dear
// ImGui's Japanese ranges (kana, the 2,999 common kanji, full-width forms) plus the punctuation and
// symbols medical text uses (— … → ① ■ ℃ µ); a test checks every UI string is inside it.
// Patients' names and clinical text need more (大腿骨頸部, 膵, 髙橋, 﨑): the second font holds the
// rest of what Japanese hospital systems can send (the CP932 repertoire: JIS X 0208 levels 1 and 2
// and the NEC/IBM extensions). It is fetched the first time text from the server or the keyboard
// has a code point outside the first font, and only the code points seen are rasterised into the
// atlas (main.cpp rebuilds it when glyphsChanged()).
#pragma once

#include <imgui.h>

#include <string_view>

namespace renkei::app {

/// Zero-terminated pairs of inclusive ranges of the first font, valid for the program's lifetime.
const ImWchar* appGlyphRanges();

/// Code points outside the first font in UTF-8 `text` are remembered (and the second font fetched).
void noteGlyphs(std::string_view text);
void noteGlyph(unsigned codepoint);

/// True once after new code points were seen and the second font is here: rebuild the atlas
/// (at most every 400 ms; main.cpp asks again on the next frames).
bool glyphsChanged(double nowMs);
/// Whether a rebuild is waiting for its turn (main.cpp keeps drawing until it is done).
bool glyphsPending();

/// The second font's bytes (nullptr until fetched) and the ranges of the code points seen, for a
/// merged AddFontFromMemoryTTF; both valid until the next glyphsChanged().
struct ExtraGlyphs {
  const void* font = nullptr;
  int fontBytes = 0;
  const ImWchar* ranges = nullptr;
};
ExtraGlyphs extraGlyphs();

/// For the test hook: how many code points outside the first font were seen, and whether the
/// second font arrived (or failed).
int extraGlyphsSeen();
const char* extraFontState();
/// main.cpp reports each atlas build and its time (ms) for the test hook.
void noteAtlasBuilt(double ms);
int atlasBuilds();
double lastAtlasBuildMs();

}  // namespace renkei::app
