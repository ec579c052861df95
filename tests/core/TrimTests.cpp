// SPDX-License-Identifier: MIT
// core::text Trim — the one trim: which bytes each character set names (white space, HL7's spaces
// and tabs, DICOM's space and NUL padding, a caller's own), each end on its own, and that the
// result is a view into the input (nothing copied, nothing in the middle touched).
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "core/text/Trim.h"

using namespace renkei::text;
using namespace std::string_view_literals;

TEST_CASE("trim cuts ASCII white space - space, tab, CR, LF - off both ends by default", "[text][trim]") {
  CHECK(trim("  5.8 \t") == "5.8");
  CHECK(trim("\r\nmg/dL\r\n") == "mg/dL");
  CHECK(trim("a b\tc") == "a b\tc");  // inside is kept
  CHECK(trim("") == "");
  CHECK(trim(" \t\r\n ") == "");
  CHECK(trim("x") == "x");
  CHECK(trim("\v\fx\v") == "\v\fx\v");  // vertical tab and form feed are not white space here
  CHECK(trim("　山田　") == "　山田　");  // nor is the ideographic space U+3000 (a multi-byte character)
}

TEST_CASE("trim with a set of its own trims those bytes only", "[text][trim]") {
  CHECK(trim(" \tOBX\t ", kSpacesAndTabs) == "OBX");
  CHECK(trim("\rOBX\r", kSpacesAndTabs) == "\rOBX\r");  // HL7: a CR is a segment end, not padding
  CHECK(trim(" key = value \r", " \t\r") == "key = value");
  CHECK(trim("  STORESCU  ", " ") == "STORESCU");
  CHECK(trim("\tSTORESCU", " ") == "\tSTORESCU");
  CHECK(trim("xxabcxx", "x") == "abc");
  CHECK(trim("abc", "") == "abc");  // an empty set trims nothing
}

TEST_CASE("DICOM padding is a space or a NUL, at either end", "[text][trim][dicom]") {
  CHECK(kDicomPadding.size() == 2);  // the NUL is part of the set, not its end
  CHECK(trim("1.2.840.10008.5.1.4.1.1.2\0"sv, kDicomPadding) == "1.2.840.10008.5.1.4.1.1.2");  // UI: NUL-padded
  CHECK(trim("CT "sv, kDicomPadding) == "CT");                                                // CS: space-padded
  CHECK(trim(" ISO 2022 IR 87\0 "sv, kDicomPadding) == "ISO 2022 IR 87");
  CHECK(trim("A\0B"sv, kDicomPadding) == "A\0B"sv);
  CHECK(trim("\0\0"sv, kDicomPadding) == "");
}

TEST_CASE("trimStart and trimEnd each touch one end", "[text][trim]") {
  CHECK(trimStart("  a  ") == "a  ");
  CHECK(trimEnd("  a  ") == "  a");
  CHECK(trimStart(" \t ") == "");
  CHECK(trimEnd(" \t ") == "");
  CHECK(trimEnd("Yamada^Tarou  ", " ") == "Yamada^Tarou");
  CHECK(trimEnd("MSH|^~\\&|\r\n\r\n", "\r\n") == "MSH|^~\\&|");
  CHECK(trimStart("\x0B\r\nMSH", "\x0B\r\n") == "MSH");  // an MLLP start byte and blank lines
  // Different sets at each end: a multipart header value (leading OWS, trailing OWS and CR).
  CHECK(trimEnd(trimStart(" \ttext/plain \r", kSpacesAndTabs), " \t\r") == "text/plain");
  CHECK(trimEnd(trimStart("\rtext/plain", kSpacesAndTabs), " \t\r") == "\rtext/plain");
}

TEST_CASE("trim returns a view into its input", "[text][trim]") {
  const std::string s = "  血液検査  ";
  const std::string_view t = trim(s);
  CHECK(t == "血液検査");
  CHECK(t.data() == s.data() + 2);
  const std::string_view none = trim(std::string_view(s).substr(0, 2));
  CHECK(none.empty());
  CHECK(trimStart(s, " ").data() == s.data() + 2);
  CHECK(trimEnd(s, " ").data() == s.data());
}

TEST_CASE("isBlank: white space and ideographic spaces say nothing, anything else does") {
  CHECK(isBlank(""));
  CHECK(isBlank(" \t\r\n"));
  CHECK(isBlank("\u3000\u3000 "));  // typed with a Japanese keyboard
  CHECK_FALSE(isBlank("\u3000理由"));
  CHECK_FALSE(isBlank("x"));
  CHECK_FALSE(isBlank("\xE3\x80"));  // a cut-off U+3000 is not a space
  CHECK_FALSE(isBlank("\u3001"));    // 、 is punctuation
}
