// SPDX-License-Identifier: MIT
// core::text Width — full-width ASCII forms (U+FF01–U+FF5E) back to ASCII, as typed with a
// Japanese input method switched on: licence numbers "ＭＤ３００３０１" (R-ACC-4), lab values
// "１２．５" (R-DATA-2), passwords (R-PW-5) and patient search text. Only that block is folded:
// the ideographic space, half-width katakana and other full-width signs are left as they are.
#include <catch2/catch.hpp>

#include <string>

#include "core/text/Width.h"
#include "core/text/Utf8.h"
#include "tests/core/Bytes.h"

using namespace renkei::text;
using renkei::test::hex;

TEST_CASE("halfWidthAscii maps U+FF01..U+FF5E to U+0021..U+007E and nothing else", "[text][width]") {
  CHECK(halfWidthAscii(U'！') == U'!');   // U+FF01, the first
  CHECK(halfWidthAscii(U'～') == U'~');   // U+FF5E, the last
  CHECK(halfWidthAscii(U'０') == U'0');
  CHECK(halfWidthAscii(U'Ａ') == U'A');
  CHECK(halfWidthAscii(U'ｚ') == U'z');
  CHECK(halfWidthAscii(U'＼') == U'\\');
  for (char32_t cp = 0xFF01; cp <= 0xFF5E; ++cp) CHECK(halfWidthAscii(cp) == cp - 0xFEE0);

  CHECK(halfWidthAscii(0xFF00) == 0xFF00);  // just before the block
  CHECK(halfWidthAscii(U'｟') == U'｟');     // U+FF5F, just after
  CHECK(halfWidthAscii(U'\u3000') == U'\u3000');  // the ideographic space is the caller's to decide
  CHECK(halfWidthAscii(U'ｱ') == U'ｱ');      // half-width katakana stay half-width
  CHECK(halfWidthAscii(U'￥') == U'￥');    // U+FFE5: a full-width sign outside the ASCII block
  CHECK(halfWidthAscii(U'A') == U'A');
  CHECK(halfWidthAscii(U'山') == U'山');
}

TEST_CASE("halfWidthAscii folds the full-width forms in UTF-8 text and copies the rest", "[text][width][R-ACC-4][R-DATA-2]") {
  CHECK(halfWidthAscii("ＭＤ－３００３０１") == "MD-300301");
  CHECK(halfWidthAscii("１２．５ｍｇ／ｄＬ") == "12.5mg/dL");
  CHECK(halfWidthAscii("＜０．５") == "<0.5");
  CHECK(halfWidthAscii("ＡＳＴ（ＧＯＴ）") == "AST(GOT)");
  CHECK(halfWidthAscii("山田　太郎 ﾀﾛｳ") == "山田　太郎 ﾀﾛｳ");
  CHECK(halfWidthAscii("plain") == "plain");
  CHECK(halfWidthAscii("") == "");

  std::string all, ascii;
  for (char32_t cp = 0xFF01; cp <= 0xFF5E; ++cp) {
    appendUtf8(all, cp);
    ascii += static_cast<char>(cp - 0xFEE0);
  }
  CHECK(halfWidthAscii(all) == ascii);
}

TEST_CASE("halfWidthAscii copies ill-formed UTF-8 as it is and folds around it", "[text][width]") {
  CHECK(halfWidthAscii(hex("ff") + "Ａ" + hex("80")) == hex("ff") + "A" + hex("80"));
  CHECK(halfWidthAscii(hex("ef bc")) == hex("ef bc"));        // Ａ cut off at the end
  CHECK(halfWidthAscii(hex("ef bc 41")) == hex("ef bc 41"));  // a broken sequence does not swallow the 'A'
}
