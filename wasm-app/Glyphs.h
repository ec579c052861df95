// SPDX-License-Identifier: MIT
// Glyphs — the code points the app can draw: Dear ImGui's Japanese ranges (kana, the 2,999 common
// kanji, full-width forms) plus the punctuation and symbols medical text uses (— … → ① ■ ℃ µ).
// The font is subset to exactly these at build time, and a test checks every UI string is inside.
#pragma once

#include <imgui.h>

namespace renkei::app {

/// Zero-terminated pairs of inclusive ranges, valid for the program's lifetime.
const ImWchar* appGlyphRanges();

}  // namespace renkei::app
