// SPDX-License-Identifier: MIT
// core::text — the Japanese decoders: the embedded JIS X 0208 and CP932 extension tables (their
// sizes and known cells), strict UTF-8, Shift_JIS as Windows writes it (CP932, with the IBM
// extensions of names such as 髙橋), ISO-2022-JP, DICOM PS3.5 Annex H, error offsets and U+FFFD
// replacement, and encoding names from HL7 MSH-18, IANA and DICOM.
//
// The byte strings were produced once with glibc iconv 2.36 (Debian 12) and are hard-coded:
//   printf '血液検査' | iconv -t CP932 | xxd -p          (Shift_JIS, with the NEC row 13)
//   printf '血液検査' | iconv -t ISO-2022-JP | xxd -p
// Where glibc's ISO-2022-JP has no form, the comment next to the bytes says where they come from.
#include <catch2/catch.hpp>

#include <array>
#include <set>
#include <string>
#include <string_view>

#include "core/text/JapaneseText.h"
#include "tests/core/Bytes.h"

namespace renkei::data {
extern const std::string_view kJisX0208;
extern const std::string_view kCp932Extensions;
}

using namespace renkei::text;
using renkei::test::hex;

namespace {

/// The ISO-2022-JP bytes of one JIS X 0208 cell, given as its two bytes (0x3021 for 亜).
std::string jisCell(int code) {
  return std::string("\x1B$B") + static_cast<char>(code >> 8) + static_cast<char>(code & 0xFF) + "\x1B(B";
}

std::string decodeJisCell(int code) { return decode(jisCell(code), Encoding::Iso2022Jp).utf8; }

/// The Shift_JIS bytes of a double-byte code given as one number (0xFBFC for 髙).
std::string sjisPair(int code) { return {static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)}; }

/// The UTF-8 of a code point below U+10000 (all that the embedded tables hold).
std::string utf8Of(char32_t cp) {
  if (cp < 0x800) return {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
  return {static_cast<char>(0xE0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
          static_cast<char>(0x80 | (cp & 0x3F))};
}

struct Sample {
  const char* utf8;
  const char* encoded;  // hex
};

}  // namespace

TEST_CASE("the embedded JIS X 0208 table has 6962 cells - rows 1 to 84 and the NEC row 13", "[text]") {
  int mapped = 0, row13 = 0, outsideJis = 0;
  for (int row = 1; row <= 94; ++row) {
    for (int cell = 1; cell <= 94; ++cell) {
      const auto r = decode(jisCell((row + 0x20) << 8 | (cell + 0x20)), Encoding::Iso2022Jp);
      if (!r.ok()) continue;
      ++mapped;
      if (row == 13) ++row13;
      if ((row >= 9 && row <= 15 && row != 13) || row >= 85) ++outsideJis;
    }
  }
  // JIS X 0208:1997 has 6879 characters; CP932's row 13 adds 83 NEC special characters.
  CHECK(mapped == 6962);
  CHECK(row13 == 83);
  CHECK(outsideJis == 0);

  CHECK(decodeJisCell(0x3021) == "亜");      // U+4E9C, the first kanji of level 1
  CHECK(decodeJisCell(0x7426) == "熙");      // U+7199, the last cell of JIS X 0208:1990
  CHECK(decodeJisCell(0x2121) == "\u3000");  // IDEOGRAPHIC SPACE
  CHECK(decodeJisCell(0x4F53) == "腕");      // U+8155, the last kanji of level 1
  CHECK(decodeJisCell(0x2D21) == "①");
  CHECK(decodeJisCell(0x2D62) == "№");
  CHECK(decodeJisCell(0x2D6A) == "㈱");
  CHECK(decodeJisCell(0x2D7C) == "∪");      // U+222A, the last NEC symbol (a copy of 0x225B)
  CHECK_FALSE(decode(jisCell(0x2D5E), Encoding::Iso2022Jp).ok());  // the one gap in row 13
  CHECK_FALSE(decode(jisCell(0x4F54), Encoding::Iso2022Jp).ok());  // after 腕: level 1 ends
  CHECK_FALSE(decode(jisCell(0x7427), Encoding::Iso2022Jp).ok());
}

TEST_CASE("every line of jisx0208.tsv is a JIS code, its code point and that very character", "[text]") {
  std::string_view text = renkei::data::kJisX0208;
  int lines = 0;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (line.empty() || line.front() == '#') continue;
    ++lines;
    INFO(std::string(line));
    REQUIRE(line.size() > 10);
    REQUIRE(line[4] == '\t');
    const int code = std::stoi(std::string(line.substr(0, 4)), nullptr, 16);
    const auto tab = line.find('\t', 5);
    REQUIRE(tab != std::string_view::npos);
    const auto cp = static_cast<char32_t>(std::stoul(std::string(line.substr(5, tab - 5)), nullptr, 16));
    const std::string character(line.substr(tab + 1));
    CHECK(decodeJisCell(code) == character);
    // The character column is the UTF-8 of the code point column (the table cannot disagree with itself).
    CHECK(utf8Of(cp) == character);
  }
  CHECK(lines == 6962);
}

TEST_CASE("the embedded CP932 extension table has 762 entries - 374 NEC-selected IBM and 388 IBM", "[text]") {
  // Every pair of the five extension lead bytes, decoded: the table is counted through the decoder.
  constexpr std::array<int, 5> kLeads = {0xED, 0xEE, 0xFA, 0xFB, 0xFC};
  int mapped = 0, necSelected = 0;
  std::set<std::string> necChars, ibmChars;
  for (const int lead : kLeads) {
    for (int trail = 0x40; trail <= 0xFC; ++trail) {
      if (trail == 0x7F) continue;
      const auto r = decode(sjisPair(lead << 8 | trail), Encoding::ShiftJis);
      if (!r.ok()) continue;
      ++mapped;
      if (lead <= 0xEE) {
        ++necSelected;
        necChars.insert(r.utf8);
      } else {
        ibmChars.insert(r.utf8);
      }
    }
  }
  CHECK(mapped == 762);
  CHECK(necSelected == 374);  // ED40–EEEC: 360 kanji; EEEF–EEFC: ⅰ–ⅹ ￢ ￤ ＇ ＂
  // Every NEC-selected character is also an IBM one: both byte forms of 髙 decode to U+9AD9.
  for (const auto& c : necChars) {
    INFO(c);
    CHECK(ibmChars.count(c) == 1);
  }
  CHECK(ibmChars.size() == 388);  // no duplicates within the IBM rows themselves
  CHECK_FALSE(decode(hex("eeed"), Encoding::ShiftJis).ok());  // the gap before ⅰ
  CHECK_FALSE(decode(hex("eeee"), Encoding::ShiftJis).ok());
  CHECK(decode(hex("fc4b"), Encoding::ShiftJis).utf8 == "黑");  // U+9ED1, the last IBM character
  CHECK_FALSE(decode(hex("fc4c"), Encoding::ShiftJis).ok());
}

TEST_CASE("every line of cp932-extensions.tsv is a CP932 code, its code point and that very character", "[text]") {
  std::string_view text = renkei::data::kCp932Extensions;
  int lines = 0;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (line.empty() || line.front() == '#') continue;
    ++lines;
    INFO(std::string(line));
    REQUIRE(line.size() > 10);
    REQUIRE(line[4] == '\t');
    const int code = std::stoi(std::string(line.substr(0, 4)), nullptr, 16);
    const auto tab = line.find('\t', 5);
    REQUIRE(tab != std::string_view::npos);
    const auto cp = static_cast<char32_t>(std::stoul(std::string(line.substr(5, tab - 5)), nullptr, 16));
    const std::string character(line.substr(tab + 1));
    CHECK(decode(sjisPair(code), Encoding::ShiftJis).utf8 == character);
    CHECK(utf8Of(cp) == character);
    CHECK_FALSE((cp >= 0xE000 && cp <= 0xF8FF));  // private use is left out on purpose
  }
  CHECK(lines == 762);
}

TEST_CASE("UTF-8 passes through and is validated strictly", "[text]") {
  const std::string words = "血液検査 白血球数 ＡＳＴ（ＧＯＴ） 山田　太郎 ｶﾀｶﾅ ① ㎎/㎗ 𠮷";
  CHECK(isValidUtf8(words));
  CHECK(decode(words, Encoding::Utf8).utf8 == words);
  CHECK(decode(words, Encoding::Utf8).ok());
  CHECK(isValidUtf8(""));
  CHECK(isValidUtf8(hex("7f c2 80 df bf e0 a0 80 ed 9f bf ee 80 80 f0 90 80 80 f4 8f bf bf")));

  CHECK_FALSE(isValidUtf8(hex("c0 80")));        // overlong NUL
  CHECK_FALSE(isValidUtf8(hex("c1 bf")));        // overlong
  CHECK_FALSE(isValidUtf8(hex("e0 80 80")));     // overlong
  CHECK_FALSE(isValidUtf8(hex("f0 80 80 80")));  // overlong
  CHECK_FALSE(isValidUtf8(hex("ed a0 80")));     // U+D800, a surrogate
  CHECK_FALSE(isValidUtf8(hex("ed bf bf")));     // U+DFFF
  CHECK_FALSE(isValidUtf8(hex("f4 90 80 80")));  // U+110000, beyond Unicode
  CHECK_FALSE(isValidUtf8(hex("f5 80 80 80")));
  CHECK_FALSE(isValidUtf8(hex("ff")));
  CHECK_FALSE(isValidUtf8(hex("80")));           // a continuation byte alone
  CHECK_FALSE(isValidUtf8(hex("e8 a1")));        // 血 cut off
  CHECK_FALSE(isValidUtf8(hex("e8 41 80")));

  SECTION("Fail stops at the first invalid byte and keeps what came before") {
    const auto r = decode("ab" + hex("e8 a1 80") + hex("c0 80") + "cd", Encoding::Utf8);
    CHECK_FALSE(r.ok());
    CHECK(r.errorOffset == 5);
    CHECK(r.utf8 == "ab血");
    CHECK_THAT(r.error, Catch::Contains("C0"));
  }
  SECTION("a sequence cut off at the end is named as such") {
    const auto r = decode("血" + hex("e8 a1"), Encoding::Utf8);
    CHECK(r.errorOffset == 3);
    CHECK_THAT(r.error, Catch::Contains("cut off"));
  }
  SECTION("Replace writes one U+FFFD per maximal ill-formed subpart, as Unicode recommends") {
    CHECK(decode("a" + hex("c0 80") + "b", Encoding::Utf8, OnError::Replace).utf8 == "a\uFFFD\uFFFDb");
    CHECK(decode(hex("ed a0 80"), Encoding::Utf8, OnError::Replace).utf8 == "\uFFFD\uFFFD\uFFFD");
    CHECK(decode(hex("f4 90 80 80"), Encoding::Utf8, OnError::Replace).utf8 == "\uFFFD\uFFFD\uFFFD\uFFFD");
    CHECK(decode(hex("e8 a1") + "x", Encoding::Utf8, OnError::Replace).utf8 == "\uFFFDx");
    const auto r = decode("x" + hex("e8 a1"), Encoding::Utf8, OnError::Replace);
    CHECK(r.utf8 == "x\uFFFD");
    CHECK(r.errorOffset == 1);
  }
}

TEST_CASE("medical words decode from Shift_JIS as Windows (CP932) writes them", "[text]") {
  const Sample samples[] = {
      {"血液検査", "8c8c89748c9f8db8"},
      {"白血球数", "94928c8c8b859094"},
      {"ＡＳＴ（ＧＯＴ）", "82608272827381698266826e8273816a"},
      {"山田　太郎", "8e529363814091be9859"},  // with U+3000 IDEOGRAPHIC SPACE
      {"ｶﾀｶﾅ", "b6c0b6c5"},                   // half-width katakana are single bytes
      {"①", "8740"},                          // NEC row 13
      {"①㎎", "87408772"},
      {"㎎/dL", "87722f644c"},                // ㎗ has no CP932 code: hospitals write dL
      {"表示", "955c8ea6"},                   // 表 ends in 0x5C, the byte that is '\' in ASCII
      {"ソ", "835c"},
      {"OBX|1|NM|白血球数||5.2|10*3/uL", "4f42587c317c4e4d7c94928c8c8b8590947c7c352e327c31302a332f754c"},
      {"C:\\~", "433a5c7e"},                  // 0x5C and 0x7E stay '\' and '~', as on Windows
  };
  for (const auto& s : samples) {
    INFO(s.utf8);
    const auto r = decode(hex(s.encoded), Encoding::ShiftJis);
    CHECK(r.ok());
    CHECK(r.utf8 == s.utf8);
  }
}

TEST_CASE("family names with CP932 extension kanji decode from Shift_JIS - 髙橋, 山﨑, 德", "[text]") {
  // Bytes from iconv -t CP932, which (like Windows) writes the IBM form FA–FC. The NEC-selected
  // forms (ED/EE) are from cp932-extensions.tsv, the same characters at other bytes.
  const Sample samples[] = {
      {"髙橋", "fbfc8bb4"},  // U+9AD9, not 高 U+9AD8
      {"﨑", "fab1"},        // U+FA11, a CJK compatibility ideograph, not 崎 U+5D0E
      {"山﨑", "8e52fab1"},
      {"德", "faba"},
      {"ⅰⅹ", "fa40fa49"},  // small Roman numerals: IBM rows only, row 13 has the capitals
      {"纊", "fa5c"},        // U+7E8A, the first IBM kanji
      {"PID|||12345||髙橋^太郎", "5049447c7c7c31323334357c7c" "fbfc8bb45e91be9859"},
      // NEC-selected IBM extensions: the same characters again.
      {"纊", "ed40"},
      {"髙橋", "eee08bb4"},
      {"﨑", "ed95"},
      {"德", "ed9e"},
      {"ⅰ", "eeef"},
      // ￢ and ∵ are in row 2 as well (81 CA, 81 E6): all three forms give the same code point.
      {"￢￢￢", "81ca eef9 fa54"},
      {"∵∵", "81e6 fa5b"},
  };
  for (const auto& s : samples) {
    INFO(s.utf8);
    const auto r = decode(hex(s.encoded), Encoding::ShiftJis);
    CHECK(r.ok());
    CHECK(r.utf8 == s.utf8);
  }
}

TEST_CASE("medical words decode from ISO-2022-JP", "[text]") {
  const Sample samples[] = {
      {"血液検査", "1b2442376c315538213a3a1b2842"},
      {"白血球数", "1b24424772376c35653f741b2842"},
      {"ＡＳＴ（ＧＯＴ）", "1b2442234123532354214a2347234f2354214b1b2842"},
      {"山田　太郎", "1b24423b334544212142404f3a1b2842"},
      // glibc's ISO-2022-JP has no half-width katakana: these bytes are from iconv -t ISO-2022-JP-3
      // (JIS X 0201 katakana by ESC ( I, the CP932 bytes minus 0x80).
      {"ｶﾀｶﾅ", "1b2849364036451b2842"},
      // glibc's ISO-2022-JP has no NEC row 13 either: Windows (CP50220) sends the cells of CP932's
      // 87 40 and 87 72 (row 13 cells 1 and 51) behind ESC $ B; iconv -t ISO-2022-JP-3 puts the same
      // cells 2D21 2D53 behind ESC $ ( O.
      {"①", "1b24422d211b2842"},
      {"①㎎", "1b24422d212d531b2842"},
      {"㎎/dL", "1b24422d531b28422f644c"},
      {"OBX|1|NM|白血球数||5.2", "4f42587c317c4e4d7c1b24424772376c35653f741b28427c7c352e32"},
  };
  for (const auto& s : samples) {
    INFO(s.utf8);
    const auto r = decode(hex(s.encoded), Encoding::Iso2022Jp);
    CHECK(r.ok());
    CHECK(r.utf8 == s.utf8);
  }
}

TEST_CASE("the cells where JIS and Windows disagree - JIS in ISO-2022-JP, Windows in Shift_JIS", "[text]") {
  // Shift_JIS 81 5F 81 60 81 61 81 7C 81 91 81 92 81 CA are the JIS cells 2140 2141 2142 215D 2171
  // 2172 224C. glibc CP932 decodes them to ＼ ～ ∥ － ￠ ￡ ￢, glibc EUC-JP to ＼ 〜 ‖ − ¢ £ ¬.
  const auto sjis = decode(hex("815f 8160 8161 817c 8191 8192 81ca"), Encoding::ShiftJis);
  CHECK(sjis.ok());
  CHECK(sjis.utf8 == "\uFF3C\uFF5E\u2225\uFF0D\uFFE0\uFFE1\uFFE2");
  const auto jis = decode(hex("1b2442 2140 2141 2142 215d 2171 2172 224c 1b2842"), Encoding::Iso2022Jp);
  CHECK(jis.ok());
  CHECK(jis.utf8 == "\uFF3C\u301C\u2016\u2212\u00A2\u00A3\u00AC");
  // The cells both agree on stay the same in both: ― (815C, 213D) and ￥ (818F, 216F).
  CHECK(decode(hex("815c 818f"), Encoding::ShiftJis).utf8 == "\u2015\uFFE5");
  CHECK(decode(hex("1b2442 213d 216f"), Encoding::Iso2022Jp).utf8 == "\u2015\uFFE5");
}

TEST_CASE("Shift_JIS errors give the byte offset, and Replace writes U+FFFD and goes on", "[text]") {
  SECTION("a double-byte character cut off at the end") {
    const auto r = decode("AB" + hex("8c8c 89"), Encoding::ShiftJis);
    CHECK_FALSE(r.ok());
    CHECK(r.errorOffset == 4);
    CHECK(r.utf8 == "AB血");
    CHECK_THAT(r.error, Catch::Contains("cut off"));
    CHECK(decode("AB" + hex("8c8c 89"), Encoding::ShiftJis, OnError::Replace).utf8 == "AB血\uFFFD");
  }
  SECTION("an invalid second byte is read again, so the character after it survives") {
    const auto r = decode(hex("8c8c 89 20 41"), Encoding::ShiftJis);
    CHECK(r.errorOffset == 2);
    CHECK(r.utf8 == "血");
    CHECK(decode(hex("8c8c 89 20 41"), Encoding::ShiftJis, OnError::Replace).utf8 == "血\uFFFD A");
    CHECK(decode(hex("88 0d 41"), Encoding::ShiftJis, OnError::Replace).utf8 == "\uFFFD\rA");
    CHECK(decode(hex("88 7f"), Encoding::ShiftJis, OnError::Replace).utf8 == "\uFFFD\x7F");
  }
  SECTION("bytes that never start a character") {
    for (const char* b : {"80", "a0", "fd", "fe", "ff"}) {
      INFO(b);
      const auto r = decode("x" + hex(b), Encoding::ShiftJis);
      CHECK_FALSE(r.ok());
      CHECK(r.errorOffset == 1);
    }
  }
  SECTION("an unmapped cell with an ASCII second byte never swallows an HL7 delimiter") {
    // 85 40 and 85 7C are row 9, empty in JIS X 0208 and in CP932.
    CHECK(decode(hex("857c 41"), Encoding::ShiftJis, OnError::Replace).utf8 == "\uFFFD|A");
    CHECK(decode(hex("8540"), Encoding::ShiftJis, OnError::Replace).utf8 == "\uFFFD@");
    // An unmapped cell with a high second byte is one character: one U+FFFD.
    const auto r = decode(hex("41 859f 42"), Encoding::ShiftJis, OnError::Replace);
    CHECK(r.utf8 == "A\uFFFDB");
    CHECK(r.errorOffset == 1);
    CHECK_THAT(r.error, Catch::Contains("85 9F"));
  }
  SECTION("user-defined characters are rejected, the CP932 extensions only where they are broken") {
    const auto gaiji = decode(hex("f040"), Encoding::ShiftJis, OnError::Replace);
    CHECK(gaiji.utf8 == "\uFFFD@");
    CHECK_THAT(gaiji.error, Catch::Contains("gaiji"));
    const auto lastGaiji = decode(hex("f9fc"), Encoding::ShiftJis);
    CHECK_FALSE(lastGaiji.ok());
    CHECK_THAT(lastGaiji.error, Catch::Contains("gaiji"));
    // An invalid second byte after an extension lead: the lead alone is the error, the rest is read again.
    const auto badTrail = decode(hex("8e52 fa 20 41"), Encoding::ShiftJis);
    CHECK_FALSE(badTrail.ok());
    CHECK(badTrail.errorOffset == 2);
    CHECK(badTrail.utf8 == "山");
    CHECK_THAT(badTrail.error, Catch::Contains("second byte"));
    CHECK(decode(hex("8e52 fa 20 41"), Encoding::ShiftJis, OnError::Replace).utf8 == "山\uFFFD A");
    CHECK(decode(hex("fa 7f"), Encoding::ShiftJis, OnError::Replace).utf8 == "\uFFFD\x7F");
    const auto cutOff = decode(hex("fbfc 8bb4 fb"), Encoding::ShiftJis);
    CHECK(cutOff.utf8 == "髙橋");
    CHECK(cutOff.errorOffset == 4);
    CHECK_THAT(cutOff.error, Catch::Contains("cut off"));
    // Cells the extensions leave empty: one U+FFFD, and an ASCII second byte survives.
    CHECK(decode(hex("eeed"), Encoding::ShiftJis, OnError::Replace).utf8 == "\uFFFD");
    CHECK(decode(hex("fc7c 41"), Encoding::ShiftJis, OnError::Replace).utf8 == "\uFFFD|A");
  }
  SECTION("Replace names the first problem and decodes everything else") {
    const auto r = decode(hex("8c8c 80 8974 fd 8c9f 8db8 88"), Encoding::ShiftJis, OnError::Replace);
    CHECK(r.utf8 == "血\uFFFD液\uFFFD検査\uFFFD");
    CHECK(r.errorOffset == 2);
    CHECK_FALSE(r.ok());
  }
}

TEST_CASE("ISO-2022-JP escapes - JIS X 0201 Roman and katakana, 1978 JIS, controls", "[text]") {
  // ESC ( J is JIS X 0201 Roman: ASCII but for ¥ and ‾.
  CHECK(decode(hex("1b284a 5c 7e 41 1b2842 5c 7e"), Encoding::Iso2022Jp).utf8 == "¥‾A\\~");
  // ESC ( I: 0x21–0x5F are ｡ to ﾟ.
  CHECK(decode(hex("1b2849 21 5f 1b2842"), Encoding::Iso2022Jp).utf8 == "｡ﾟ");
  CHECK_FALSE(decode(hex("1b2849 60"), Encoding::Iso2022Jp).ok());
  // ESC $ @ (JIS C 6226-1978) reads as JIS X 0208; ESC & @ announces the 1990 edition.
  CHECK(decode(hex("1b2440 3021 1b2842"), Encoding::Iso2022Jp).utf8 == "亜");
  CHECK(decode(hex("1b2640 1b2442 3021 1b2842"), Encoding::Iso2022Jp).utf8 == "亜");
  CHECK(decode(hex("1b242842 3021 1b2842"), Encoding::Iso2022Jp).utf8 == "亜");
  // SPACE is itself in a two-byte mode.
  CHECK(decode(hex("1b2442 3021 20 3021 1b2842"), Encoding::Iso2022Jp).utf8 == "亜 亜");

  SECTION("text that ends in JIS X 0208 without ESC ( B is accepted") {
    const auto r = decode(hex("41 1b2442 3021"), Encoding::Iso2022Jp);
    CHECK(r.ok());
    CHECK(r.utf8 == "A亜");
  }
  SECTION("CR and LF return to ASCII, so the next HL7 segment is not read as kanji") {
    const auto r = decode("OBX|" + hex("1b2442 3021") + "\rNTE|", Encoding::Iso2022Jp);
    CHECK(r.ok());
    CHECK(r.utf8 == "OBX|亜\rNTE|");
    CHECK(decode(hex("1b284a 5c 0a 5c"), Encoding::Iso2022Jp).utf8 == "¥\n\\");
  }
}

TEST_CASE("ISO-2022-JP errors - lone ESC, unknown escapes, 8-bit bytes, broken pairs", "[text]") {
  SECTION("a lone ESC at the end") {
    const auto r = decode("abc\x1B", Encoding::Iso2022Jp);
    CHECK_FALSE(r.ok());
    CHECK(r.errorOffset == 3);
    CHECK(r.utf8 == "abc");
    CHECK_FALSE(decode("abc\x1B$", Encoding::Iso2022Jp).ok());
    CHECK(decode("abc\x1B$", Encoding::Iso2022Jp, OnError::Replace).utf8 == "abc\uFFFD");
  }
  SECTION("unknown or unsupported escape sequences") {
    // ESC $ ( O is JIS X 0213 plane 1 (ISO-2022-JP-3), ESC ) I a G1 designation ISO-2022-JP does not have.
    for (const char* escape : {"1b24284f", "1b2949", "1b2841", "1b4e"}) {
      INFO(escape);
      const auto r = decode("x" + hex(escape) + "y", Encoding::Iso2022Jp);
      CHECK_FALSE(r.ok());
      CHECK(r.errorOffset == 1);
      CHECK(decode("x" + hex(escape) + "y", Encoding::Iso2022Jp, OnError::Replace).utf8 == "x\uFFFDy");
    }
    // An ESC followed by a control character: the control is kept.
    CHECK(decode(hex("1b 0d 41"), Encoding::Iso2022Jp, OnError::Replace).utf8 == "\uFFFD\rA");
  }
  SECTION("bytes with the high bit set") {
    const auto r = decode("ab" + hex("8c8c"), Encoding::Iso2022Jp);
    CHECK(r.errorOffset == 2);
    CHECK_THAT(r.error, Catch::Contains("high bit"));
    CHECK(decode(hex("41 b6 42"), Encoding::Iso2022Jp, OnError::Replace).utf8 == "A\uFFFDB");
  }
  SECTION("a two-byte character cut off or with an invalid second byte") {
    const auto cut = decode(hex("1b2442 3021 30"), Encoding::Iso2022Jp);
    CHECK(cut.errorOffset == 5);
    CHECK(cut.utf8 == "亜");
    const auto bad = decode(hex("1b2442 30 0a 41"), Encoding::Iso2022Jp, OnError::Replace);
    CHECK(bad.errorOffset == 3);
    CHECK(bad.utf8 == "\uFFFD\nA");  // LF kept, and it returned to ASCII
    CHECK(decode(hex("1b2442 30 1b2842 41"), Encoding::Iso2022Jp, OnError::Replace).utf8 == "\uFFFDA");
  }
  SECTION("unmapped cells and JIS X 0212") {
    const auto empty = decode(hex("1b2442 2f21 3021 1b2842"), Encoding::Iso2022Jp, OnError::Replace);  // row 15
    CHECK(empty.utf8 == "\uFFFD亜");
    CHECK(empty.errorOffset == 3);
    const auto jis0212 = decode(hex("41 1b242844 3021 3022 1b2842 42"), Encoding::Iso2022Jp, OnError::Replace);
    CHECK(jis0212.utf8 == "A\uFFFD\uFFFDB");
    CHECK(jis0212.errorOffset == 5);
    CHECK_THAT(jis0212.error, Catch::Contains("0212"));
  }
}

TEST_CASE("DICOM PS3.5 H.3.1 - Yamada^Tarou=山田^太郎=やまだ^たろう in ISO 2022 IR 87", "[text][dicom]") {
  // PS3.5 Annex H.3.1, Specific Character Set "\ISO 2022 IR 87"; the same bytes as
  //   printf 'Yamada^Tarou=山田^太郎=やまだ^たろう' | iconv -t ISO-2022-JP | xxd -p
  const std::string bytes = hex(
      "59616d6164615e5461726f753d"  // Yamada^Tarou=
      "1b2442 3b334544 1b2842 5e"    // 山田 ^
      "1b2442 42404f3a 1b2842 3d"    // 太郎 =
      "1b2442 2464245e2440 1b2842 5e"  // やまだ ^
      "1b2442 243f246d2426 1b2842");   // たろう
  const std::string expected = "Yamada^Tarou=山田^太郎=やまだ^たろう";
  const std::string_view annexH[] = {"", "ISO 2022 IR 87"};
  const auto r = decodeDicom(bytes, annexH);
  CHECK(r.ok());
  CHECK(r.utf8 == expected);
  // The other spellings seen in the field mean the same: ASCII first, JIS X 0208 by escape.
  const std::string_view ir6[] = {"ISO 2022 IR 6", "ISO 2022 IR 87"};
  const std::string_view ir87Only[] = {"ISO 2022 IR 87"};
  const std::string_view padded[] = {"", "ISO 2022 IR 87 "};
  CHECK(decodeDicom(bytes, ir6).utf8 == expected);
  CHECK(decodeDicom(bytes, ir87Only).utf8 == expected);
  CHECK(decodeDicom(bytes, padded).utf8 == expected);
  CHECK(decodeDicom(bytes, {}).utf8 == expected);  // no (0008,0005): escapes are still read
}

TEST_CASE("DICOM PS3.5 H.3.2 - ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう in ISO 2022 IR 13 and IR 87", "[text][dicom]") {
  // PS3.5 Annex H.3.2, Specific Character Set "ISO 2022 IR 13\ISO 2022 IR 87". The katakana are
  //   printf 'ﾔﾏﾀﾞ^ﾀﾛｳ=' | iconv -t CP932 | xxd -p   (JIS X 0201 in G1: one byte each)
  // the rest is iconv -t ISO-2022-JP of '=山田^太郎=やまだ^たろう' with each ESC ( B (1b2842) changed
  // to ESC ( J (1b284a), as the Annex has it: value 1 is JIS X 0201, so G0 returns to Roman.
  const std::string bytes = hex(
      "d4cfc0de5ec0dbb33d"             // ﾔﾏﾀﾞ^ﾀﾛｳ=
      "1b2442 3b334544 1b284a 5e"      // 山田 ^
      "1b2442 42404f3a 1b284a 3d"      // 太郎 =
      "1b2442 2464245e2440 1b284a 5e"  // やまだ ^
      "1b2442 243f246d2426 1b284a");   // たろう
  const std::string_view annexH[] = {"ISO 2022 IR 13", "ISO 2022 IR 87"};
  const auto r = decodeDicom(bytes, annexH);
  CHECK(r.ok());
  CHECK(r.utf8 == "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう");
}

TEST_CASE("DICOM returns to value 1's character sets after each delimiter", "[text][dicom]") {
  const std::string_view ir13[] = {"ISO 2022 IR 13", "ISO 2022 IR 87"};
  const std::string_view ir87[] = {"", "ISO 2022 IR 87"};
  SECTION("ASCII chosen by escape lasts until the next delimiter, then Roman is back") {
    CHECK(decodeDicom(hex("1b2842 7e 5e 7e"), ir13).utf8 == "~^‾");
  }
  SECTION("a delimiter stays itself, even 0x5C in JIS X 0201 Roman") {
    CHECK(decodeDicom(hex("41 5c 42"), ir13).utf8 == "A\\B");
    CHECK(decodeDicom(hex("41 5c 42"), ir13, "").utf8 == "A¥B");  // not a delimiter: the Roman ¥
  }
  SECTION("a writer who forgot ESC ( B before CR LF does not turn the next line into kanji") {
    const auto r = decodeDicom(hex("1b2442 3021 0d0a 3021"), ir87);
    CHECK(r.ok());
    CHECK(r.utf8 == "亜\r\n0!");
  }
  SECTION("a G1 designated by ESC ) I lasts until the next delimiter") {
    CHECK(decodeDicom(hex("1b2949 b6 5e 41"), ir87).utf8 == "ｶ^A");
    const auto r = decodeDicom(hex("1b2949 b6 5e b6"), ir87);
    CHECK_FALSE(r.ok());
    CHECK(r.errorOffset == 5);
    CHECK(r.utf8 == "ｶ^\uFFFD");  // decodeDicom replaces by default
  }
  SECTION("Fail mode stops at the first problem") {
    const auto r = decodeDicom(hex("41 1b2442 30"), ir87, "^=\\\r\n", OnError::Fail);
    CHECK(r.errorOffset == 4);
    CHECK(r.utf8 == "A");
  }
}

TEST_CASE("DICOM ISO_IR 13 single-byte katakana, ISO_IR 192 UTF-8, ISO_IR 100 Latin-1", "[text][dicom]") {
  const std::string_view ir13[] = {"ISO_IR 13"};
  CHECK(decodeDicom(hex("d4cfc0de 5e c0dbb3"), ir13).utf8 == "ﾔﾏﾀﾞ^ﾀﾛｳ");
  const auto outside = decodeDicom(hex("41 e0 42"), ir13);
  CHECK_FALSE(outside.ok());
  CHECK(outside.errorOffset == 1);
  CHECK(outside.utf8 == "A\uFFFDB");

  const std::string_view utf8[] = {"ISO_IR 192"};
  CHECK(decodeDicom("山田^太郎=やまだ^たろう", utf8).utf8 == "山田^太郎=やまだ^たろう");
  CHECK(decodeDicom("山田" + hex("e5b1"), utf8).utf8 == "山田\uFFFD");
  const std::string_view latin1[] = {"ISO_IR 100"};
  CHECK(decodeDicom(hex("4dfc6c6c6572 5e 4a6f73e9"), latin1).utf8 == "Müller^José");

  const std::string_view cyrillic[] = {"ISO_IR 144"};
  const auto unknown = decodeDicom(hex("49 76 e1"), cyrillic);
  CHECK_FALSE(unknown.ok());
  CHECK_THAT(unknown.error, Catch::Contains("ISO_IR 144"));
  CHECK(unknown.utf8 == "Iv\uFFFD");  // Replace: ASCII still reads
  CHECK(decodeDicom(hex("49 76 e1"), cyrillic, "^", OnError::Fail).utf8.empty());
}

TEST_CASE("encodingFromName reads HL7 MSH-18, IANA and DICOM names", "[text]") {
  CHECK(encodingFromName("ISO IR87") == Encoding::Iso2022Jp);  // SS-MIX2's MSH-18
  CHECK(encodingFromName("ISO-2022-JP") == Encoding::Iso2022Jp);
  CHECK(encodingFromName("iso-2022-jp") == Encoding::Iso2022Jp);
  CHECK(encodingFromName("ISO 2022 IR 87") == Encoding::Iso2022Jp);
  CHECK(encodingFromName("Shift_JIS") == Encoding::ShiftJis);
  CHECK(encodingFromName("SJIS") == Encoding::ShiftJis);
  CHECK(encodingFromName("CP932") == Encoding::ShiftJis);
  CHECK(encodingFromName("Windows-31J") == Encoding::ShiftJis);
  CHECK(encodingFromName("UNICODE UTF-8") == Encoding::Utf8);
  CHECK(encodingFromName("UTF-8") == Encoding::Utf8);
  CHECK(encodingFromName("utf8") == Encoding::Utf8);
  CHECK(encodingFromName("ISO IR6") == Encoding::Utf8);  // ASCII is a subset of UTF-8
  CHECK(encodingFromName("ASCII") == Encoding::Utf8);
  CHECK(encodingFromName("") == Encoding::Utf8);
  CHECK(encodingFromName("ISO_IR 192") == Encoding::Utf8);
  CHECK_FALSE(encodingFromName("ISO IR159"));   // JIS X 0212
  CHECK_FALSE(encodingFromName("8859/1"));      // Latin-1 is not an Encoding
  CHECK_FALSE(encodingFromName("EUC-JP"));
  CHECK_FALSE(encodingFromName("UNICODE"));     // HL7's deprecated, unspecified form of Unicode
  CHECK_FALSE(encodingFromName("ISO-2022-JP-2"));
}
