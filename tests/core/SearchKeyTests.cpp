// SPDX-License-Identifier: MIT
// core::text SearchKey — what a patient search matches. The server stores
// searchKey(id) | searchKey(name) | searchKey(kana) with each patient and looks for the key of the
// typed text anywhere in it (SQL LIKE '%key%'), so a doctor finds ヤマダ タロウ / 山田 太郎 whether
// they type 「やまだ」, 「ヤマダ」, 「山田太郎」 or 「山田　太郎」. Which patients a user may see at all
// is the consent scope (R-CON-2, R-CON-4), applied by the server after the match; the birth date is
// a separate field of the search (an exact date), not part of the key.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "core/text/SearchKey.h"
#include "tests/core/Bytes.h"

using renkei::test::hex;
using renkei::text::searchKey;

namespace {

/// What the server stores for a patient (server/records/Patients.cpp keyOf).
std::string storedKey(std::string_view id, std::string_view name, std::string_view kana) {
  return searchKey(id) + "|" + searchKey(name) + "|" + searchKey(kana);
}

/// True when typing `query` finds the patient (an empty key matches everyone: no text filter).
bool finds(std::string_view query, const std::string& stored) {
  return stored.find(searchKey(query)) != std::string::npos;
}

}  // namespace

TEST_CASE("patient search folds kana, width, case and spaces", "[text][search]") {
  CHECK(searchKey("やまだ たろう") == searchKey("ヤマダ　タロウ"));
  CHECK(searchKey("ヤマダタロウ") == "ヤマダタロウ");
  CHECK(searchKey("山田　太郎") == "山田太郎");
  CHECK(searchKey("ＰＩＤ００１２") == "pid0012");
  CHECK(searchKey("Yamada Tarou") == "yamadatarou");
  CHECK(searchKey("ゔぁ") == "ヴァ");
  CHECK(searchKey(std::string("\xFF\xFE") + "a") == "a");  // invalid bytes dropped
}

TEST_CASE("hiragana become katakana, the whole block from ぁ to ゖ", "[text][search]") {
  CHECK(searchKey("ぁ") == "ァ");  // U+3041, the first
  CHECK(searchKey("ゖ") == "ヶ");  // U+3096, the last
  CHECK(searchKey("ゕ") == "ヵ");
  CHECK(searchKey("ゔ") == "ヴ");
  CHECK(searchKey("きょう") == "キョウ");
  CHECK(searchKey("さいとう") == "サイトウ");
  CHECK(searchKey("がっこう") == "ガッコウ");  // voiced and small kana map one to one
  CHECK(searchKey("ぱぴぷぺぽ") == "パピプペポ");
  CHECK(searchKey("ゐゑを") == "ヰヱヲ");
  // Katakana, the long vowel mark and the katakana-only letters are already folded.
  CHECK(searchKey("サトウ・ユーコ") == "サトウユーコ");  // ・ (U+30FB) is dropped like a space
  CHECK(searchKey("ヷヸヹヺ") == "ヷヸヹヺ");
  CHECK(searchKey("ー") == "ー");
  // Outside the block: the iteration marks and the combining sound marks stay as they are.
  CHECK(searchKey("ゝゞ") == "ゝゞ");
  CHECK(searchKey("\u3099\u309A") == "\u3099\u309A");
}

TEST_CASE("half-width katakana are not folded to full width", "[text][search]") {
  // The key folds the full-width forms of ASCII only: ﾔﾏﾀﾞ (U+FF94 …, as DICOM ISO_IR 13 names
  // decode) stays half-width, and a search typed in full-width katakana does not find it. This
  // pins the current behaviour; folding them (with ﾞ/ﾟ joined to the kana before) would change
  // the stored keys.
  CHECK(searchKey("ﾔﾏﾀﾞ ﾀﾛｳ") == "ﾔﾏﾀﾞﾀﾛｳ");
  CHECK(searchKey("ﾔﾏﾀﾞ") != searchKey("ヤマダ"));
  CHECK(searchKey("･") == "･");  // the half-width middle dot (U+FF65) is kept
}

TEST_CASE("full-width ASCII becomes ASCII, then letters become lower case", "[text][search]") {
  CHECK(searchKey("ＡＢＣ") == "abc");
  CHECK(searchKey("ａｂｃ") == "abc");
  CHECK(searchKey("０１２３４５６７８９") == "0123456789");
  CHECK(searchKey("！") == "!");   // U+FF01, the first
  CHECK(searchKey("～") == "~");   // U+FF5E, the last
  CHECK(searchKey("＠－＿％") == "@-_%");
  CHECK(searchKey("｟") == "｟");   // U+FF5F, just outside
  CHECK(searchKey("￥") == "￥");  // U+FFE5, a full-width sign that has no ASCII twin here
  CHECK(searchKey("YAMADA") == "yamada");
  CHECK(searchKey("McDonald") == "mcdonald");
  CHECK(searchKey("ÉCOLE") == "École");  // only ASCII letters change case
}

TEST_CASE("spaces, tabs, the ideographic space and the katakana middle dot are dropped", "[text][search]") {
  CHECK(searchKey(" 山田 太郎 ") == "山田太郎");
  CHECK(searchKey("山田\t太郎") == "山田太郎");
  CHECK(searchKey("山田　　太郎") == "山田太郎");
  CHECK(searchKey("ヤマダ・タロウ") == "ヤマダタロウ");
  CHECK(searchKey("  　\t ") == "");
  CHECK(searchKey("") == "");
  // Other white space and punctuation are kept: they are part of what was typed.
  CHECK(searchKey("a\nb") == "a\nb");
  CHECK(searchKey("a-b") == "a-b");
  CHECK(searchKey("山田、太郎") == "山田、太郎");
}

TEST_CASE("kanji are kept as they are, variants included", "[text][search]") {
  CHECK(searchKey("山田太郎") == "山田太郎");
  CHECK(searchKey("髙橋") == "髙橋");
  CHECK(searchKey("髙橋") != searchKey("高橋"));  // 髙 (U+9AD9) and 高 (U+9AD8) are not folded
  CHECK(searchKey("山﨑") != searchKey("山崎"));
  CHECK(searchKey("𠮷田") == "𠮷田");  // outside the BMP, four bytes
}

TEST_CASE("ill-formed UTF-8 is dropped, overlongs and surrogates included", "[text][search]") {
  CHECK(searchKey(hex("80") + "ab" + hex("ff")) == "ab");
  CHECK(searchKey("ab" + hex("e8 a1")) == "ab");               // 血 cut off at the end
  CHECK(searchKey(hex("e8 41 80")) == "a");                    // a broken sequence keeps the 'A' after it
  CHECK(searchKey(hex("c1 81") + "b") == "b");                 // an overlong 'A' is not read as 'a'
  CHECK(searchKey(hex("c0 a5") + "%") == "%");                 // nor an overlong '%'
  CHECK(searchKey(hex("ed a0 80") + "x") == "x");              // U+D800, a surrogate
  CHECK(searchKey(hex("f4 90 80 80") + "x") == "x");           // beyond U+10FFFF
  CHECK(searchKey(hex("e3 82 84 e3 81") + "だ") == "ヤダ");  // や, then a cut-off character, then だ
}

TEST_CASE("the key is folded already - folding it again changes nothing", "[text][search]") {
  for (const char* s : {"やまだ たろう", "ＹＡＭＡＤＡ　Ｔａｒｏｕ", "山田・太郎", "ﾔﾏﾀﾞ", "PID-0012", "ゔぁ"}) {
    INFO(s);
    CHECK(searchKey(searchKey(s)) == searchKey(s));
  }
}

TEST_CASE("what a doctor types finds the patient through the stored key", "[text][search]") {
  const std::string yamada = storedKey("P0012", "山田 太郎", "ヤマダ タロウ");
  CHECK(finds("やまだ", yamada));
  CHECK(finds("ヤマダ", yamada));
  CHECK(finds("やまだ たろう", yamada));
  CHECK(finds("ﾀﾛｳ", yamada) == false);  // half-width katakana: see above
  CHECK(finds("山田太郎", yamada));
  CHECK(finds("山田　太郎", yamada));
  CHECK(finds("太郎", yamada));
  CHECK(finds("p0012", yamada));
  CHECK(finds("Ｐ００１２", yamada));
  CHECK(finds("0012", yamada));
  CHECK(finds("", yamada));
  CHECK(finds("  ", yamada));  // only spaces: no text filter
  CHECK_FALSE(finds("やまもと", yamada));
  CHECK_FALSE(finds("高橋", yamada));
  CHECK_FALSE(finds("P0013", yamada));

  const std::string takahashi = storedKey("P0100", "髙橋 花子", "タカハシ ハナコ");
  CHECK(finds("たかはし", takahashi));  // the reading finds 髙橋 ...
  CHECK_FALSE(finds("高橋", takahashi));  // ... the common kanji 高 does not
  CHECK(finds("髙橋", takahashi));
}

TEST_CASE("dates and numbers typed in a name search fold like any ASCII", "[text][search]") {
  // A birth date is searched by its own field (an exact date); typed into the text box it is just
  // text, folded to ASCII digits and signs so that both widths give one key.
  CHECK(searchKey("１９６０－０１－０２") == "1960-01-02");
  CHECK(searchKey("1960/01/02") == "1960/01/02");
  CHECK(searchKey("昭和３５年１月２日") == "昭和35年1月2日");
  CHECK(searchKey("S35.1.2") == "s35.1.2");
}
