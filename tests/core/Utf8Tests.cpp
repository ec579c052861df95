// SPDX-License-Identifier: MIT
// core::text Utf8 — the one UTF-8 reader and writer: the writer at each length boundary, the
// strict reader of Unicode's Table 3-7 (overlongs, surrogates, > U+10FFFF, stray continuation
// bytes, cut-off sequences), the length of a maximal ill-formed subpart (what a lenient caller
// skips or replaces with one U+FFFD), and decodeUtf8Strict / isValidUtf8 over whole strings.
// The expected bytes are those of the Unicode Standard (§3.9, Table 3-7).
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "core/text/PercentEncoding.h"
#include "core/text/Utf8.h"
#include "tests/core/Bytes.h"

using namespace renkei::text;
using renkei::test::hex;

namespace {

std::string utf8(char32_t cp) {
  std::string out;
  appendUtf8(out, cp);
  return out;
}

}  // namespace

TEST_CASE("appendUtf8 writes one to four bytes, switching at U+0080, U+0800 and U+10000", "[text][utf8]") {
  CHECK(utf8(0) == std::string(1, '\0'));
  CHECK(utf8(U'A') == "A");
  CHECK(utf8(0x7F) == hex("7f"));
  CHECK(utf8(0x80) == hex("c2 80"));
  CHECK(utf8(0x7FF) == hex("df bf"));
  CHECK(utf8(0x800) == hex("e0 a0 80"));
  CHECK(utf8(U'血') == hex("e8 a1 80"));
  CHECK(utf8(0xFFFD) == hex("ef bf bd"));
  CHECK(utf8(0xFFFF) == hex("ef bf bf"));
  CHECK(utf8(0x10000) == hex("f0 90 80 80"));
  CHECK(utf8(U'𠮷') == hex("f0 a0 ae b7"));
  CHECK(utf8(0x10FFFF) == hex("f4 8f bf bf"));

  std::string text = "検査: ";
  appendUtf8(text, U'ａ');
  CHECK(text == "検査: ａ");  // appends, keeps what was there
}

TEST_CASE("decodeUtf8At reads one character and says how long it is", "[text][utf8]") {
  const std::string s = "a\u00E9\u8840\U00020BB7";  // a é 血 𠮷: 1, 2, 3 and 4 bytes
  Utf8Char c = decodeUtf8At(s, 0);
  CHECK(c.ok);
  CHECK(c.codePoint == U'a');
  CHECK(c.length == 1);
  c = decodeUtf8At(s, 1);
  CHECK((c.ok && c.codePoint == 0xE9 && c.length == 2));
  c = decodeUtf8At(s, 3);
  CHECK((c.ok && c.codePoint == 0x8840 && c.length == 3));
  c = decodeUtf8At(s, 6);
  CHECK((c.ok && c.codePoint == 0x20BB7 && c.length == 4));
  CHECK_FALSE(c.truncated);

  // The smallest and largest of each length (Table 3-7).
  for (const char32_t cp : {0x00u, 0x7Fu, 0x80u, 0x7FFu, 0x800u, 0xFFFu, 0x1000u, 0xD7FFu, 0xE000u, 0xFFFFu, 0x10000u,
                            0x3FFFFu, 0x40000u, 0xFFFFFu, 0x100000u, 0x10FFFFu}) {
    const std::string bytes = utf8(cp);
    const Utf8Char read = decodeUtf8At(bytes, 0);
    CHECK(read.ok);
    CHECK(read.codePoint == cp);
    CHECK(read.length == bytes.size());
  }
}

TEST_CASE("decodeUtf8At refuses overlongs, surrogates and code points above U+10FFFF", "[text][utf8]") {
  struct Case {
    const char* bytes;
    std::size_t length;  // of the maximal ill-formed subpart
  };
  const Case cases[] = {
      {"c0 80", 1},        // overlong NUL: C0 never starts a character
      {"c1 bf", 1},        // overlong U+007F
      {"e0 80 80", 1},     // overlong: after E0 the second byte is A0–BF
      {"e0 9f bf", 1},     // overlong U+07FF
      {"f0 80 80 80", 1},  // overlong: after F0 the second byte is 90–BF
      {"f0 8f bf bf", 1},  // overlong U+FFFF
      {"ed a0 80", 1},     // U+D800: after ED the second byte is 80–9F
      {"ed bf bf", 1},     // U+DFFF
      {"f4 90 80 80", 1},  // U+110000: after F4 the second byte is 80–8F
      {"f5 80 80 80", 1},  // F5–FF never start a character
      {"f8 88 80 80 80", 1},
      {"ff", 1},
      {"80", 1},           // a continuation byte alone
      {"bf", 1},
      {"e8 41 80", 1},     // 血 with its second byte replaced by 'A': the 'A' is not swallowed
      {"e8 a1 41", 2},     // 血 with its third byte replaced: E8 A1 is the ill-formed subpart
      {"f0 a0 ae 41", 3},  // 𠮷 with its last byte replaced
  };
  for (const Case& k : cases) {
    INFO(k.bytes);
    const std::string s = hex(k.bytes);
    const Utf8Char c = decodeUtf8At(s, 0);
    CHECK_FALSE(c.ok);
    CHECK_FALSE(c.truncated);
    CHECK(c.codePoint == 0);
    CHECK(c.length == k.length);
  }
}

TEST_CASE("decodeUtf8At tells a sequence cut off by the end of the input from a wrong one", "[text][utf8]") {
  for (const char* bytes : {"c3", "e8", "e8 a1", "f0", "f0 a0", "f0 a0 ae"}) {
    INFO(bytes);
    const std::string s = hex(bytes);
    const Utf8Char c = decodeUtf8At(s, 0);
    CHECK_FALSE(c.ok);
    CHECK(c.truncated);
    CHECK(c.length == s.size());  // never past the end
  }
  // A bad byte before the end is not a truncation.
  const std::string s = hex("e0 80");
  CHECK_FALSE(decodeUtf8At(s, 0).truncated);
  // Reading in the middle of a string stops at its end, not at the next character.
  const std::string tail = "ab" + hex("e8 a1");
  CHECK(decodeUtf8At(tail, 2).truncated);
  CHECK(decodeUtf8At(tail, 2).length == 2);
}

TEST_CASE("decodeUtf8Strict gives the code points, or nothing for any ill-formed byte", "[text][utf8]") {
  CHECK(decodeUtf8Strict("") == std::u32string());
  CHECK(decodeUtf8Strict("abc") == U"abc");
  CHECK(decodeUtf8Strict("山田　太郎") == U"山田　太郎");
  CHECK(decodeUtf8Strict("ＡＳＴ（ＧＯＴ） ① 𠮷") == U"ＡＳＴ（ＧＯＴ） ① 𠮷");
  CHECK(decodeUtf8Strict(std::string("a\0b", 3)) == std::u32string(U"a\0b", 3));  // NUL is a character

  CHECK_FALSE(decodeUtf8Strict(hex("c0 80")));
  CHECK_FALSE(decodeUtf8Strict("abc" + hex("ed a0 80")));
  CHECK_FALSE(decodeUtf8Strict("abc" + hex("e8 a1")));  // cut off at the end
  CHECK_FALSE(decodeUtf8Strict(hex("80") + "abc"));
  CHECK_FALSE(decodeUtf8Strict(hex("f4 90 80 80")));
}

TEST_CASE("isValidUtf8 agrees with decodeUtf8Strict", "[text][utf8]") {
  const std::string samples[] = {"",
                                 "plain ASCII",
                                 "血液検査 ｶﾀｶﾅ ㎎/㎗",
                                 hex("7f c2 80 df bf e0 a0 80 ed 9f bf ee 80 80 f0 90 80 80 f4 8f bf bf"),
                                 hex("c0 80"),
                                 hex("ed bf bf"),
                                 hex("f5 80 80 80"),
                                 "ok" + hex("e8 41 80"),
                                 "ok" + hex("f0 a0 ae")};
  for (const std::string& s : samples) {
    INFO(s);
    CHECK(isValidUtf8(s) == decodeUtf8Strict(s).has_value());
  }
  CHECK(isValidUtf8(samples[3]));
  CHECK_FALSE(isValidUtf8(samples[4]));
}

TEST_CASE("every scalar value round-trips through appendUtf8 and decodeUtf8At", "[text][utf8]") {
  std::size_t checked = 0;
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    const std::string bytes = utf8(cp);
    const Utf8Char c = decodeUtf8At(bytes, 0);
    if (!c.ok || c.codePoint != cp || c.length != bytes.size()) FAIL("U+" << std::hex << static_cast<unsigned>(cp));
    ++checked;
  }
  CHECK(checked == 0x110000 - 0x800);
}

TEST_CASE("percent-encoding keeps the unreserved set and encodes every other UTF-8 byte", "[text]") {
  using renkei::text::percentEncode;
  CHECK(percentEncode("AZaz09-._~") == "AZaz09-._~");
  CHECK(percentEncode("key image 100%.png") == "key%20image%20100%25.png");
  CHECK(percentEncode("画像.pdf") == "%E7%94%BB%E5%83%8F.pdf");
  CHECK(percentEncode("a/b?c=d&e") == "a%2Fb%3Fc%3Dd%26e");
  CHECK(percentEncode("").empty());
}
