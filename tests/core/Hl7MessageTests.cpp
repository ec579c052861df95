// SPDX-License-Identifier: MIT
// core::hl7 — the HL7 v2 message reader (R-DATA-2): MSH field numbering (MSH-1 is the separator),
// components, repetitions and subcomponents, the escape sequences of HL7 v2.5 §2.7, CR / LF / CRLF
// segment ends and MLLP framing, other delimiters, every parse error with its segment number, the
// size guards, and MSH-18 read from undecoded ISO-2022-JP, Shift_JIS and UTF-8 bytes.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/hl7/Hl7Message.h"

using namespace renkei::hl7;

namespace {

std::string joined(const std::vector<std::string>& segments, const std::string& end = "\r") {
  std::string out;
  for (const std::string& s : segments) out += s + end;
  return out;
}

const std::string kHeader =
    "MSH|^~\\&|LABSYS|HOSP01|RENKEI|CLINIC|20240510093000||OUL^R22^OUL_R22|MSG0001|P|2.5||||||UNICODE UTF-8";

}  // namespace

TEST_CASE("MSH fields are numbered as the standard counts them", "[hl7][R-DATA-2]") {
  const ParseResult r = parse(joined({kHeader, "PID|0001||P123^^^^PI||山田^太郎"}));
  REQUIRE(r.ok());
  const Segment& msh = r.message.segments().front();
  CHECK(msh.name() == "MSH");
  CHECK(msh.line() == 1);
  CHECK(msh.value(1) == "|");        // MSH-1 is the field separator itself
  CHECK(msh.value(2) == "^~\\&");    // MSH-2 the encoding characters, not split or unescaped
  CHECK(msh.raw(2) == "^~\\&");
  CHECK(msh.repetitionCount(2) == 1);
  CHECK(msh.componentCount(2) == 1);
  CHECK(msh.value(2, 2).empty());
  CHECK(msh.value(3) == "LABSYS");
  CHECK(msh.value(7) == "20240510093000");
  CHECK(msh.value(9) == "OUL");
  CHECK(msh.value(9, 2) == "R22");
  CHECK(msh.value(9, 3) == "OUL_R22");
  CHECK(msh.value(10) == "MSG0001");
  CHECK(msh.value(12) == "2.5");
  CHECK(msh.value(18) == "UNICODE UTF-8");
  CHECK(msh.fieldCount() == 18);
  CHECK(r.message.type() == "OUL^R22");
  CHECK(r.message.controlId() == "MSG0001");
  CHECK(r.message.version() == "2.5");

  // Other segments count from the first field after the name.
  const Segment* pid = r.message.first("PID");
  REQUIRE(pid != nullptr);
  CHECK(pid->line() == 2);
  CHECK(pid->value(1) == "0001");
  CHECK(pid->value(3) == "P123");
  CHECK(pid->value(3, 5) == "PI");
  CHECK(pid->value(5, 2) == "太郎");
  CHECK(pid->field(0) == "PID");
  CHECK(pid->field(5) == "山田^太郎");
}

TEST_CASE("a message type without a trigger event is just the code", "[hl7][R-DATA-2]") {
  const ParseResult r = parse("MSH|^~\\&|A|B|C|D|20240510||ACK|X1|P|2.5\r");
  REQUIRE(r.ok());
  CHECK(r.message.type() == "ACK");
  CHECK(r.message.controlId() == "X1");
}

TEST_CASE("components, subcomponents and repetitions, and absent parts are empty", "[hl7][R-DATA-2]") {
  const ParseResult r = parse(joined({kHeader,
      "PID|0001||P123^^^HOSP&1.2.392.100&ISO^PI~X9^^^OTHER^MR||山田^太郎^^^^^L^I~ヤマダ^タロウ^^^^^L^P||19700401|M",
      "OBX|1|NM|2A990000001930952^WBC^JC10||\"\"||||||F"}));
  REQUIRE(r.ok());
  const Segment& pid = *r.message.first("PID");
  CHECK(pid.repetitionCount(3) == 2);
  CHECK(pid.repetitionCount(2) == 0);    // empty field
  CHECK(pid.repetitionCount(40) == 0);   // beyond the segment
  CHECK(pid.componentCount(3) == 5);
  CHECK(pid.componentCount(3, 2) == 5);
  CHECK(pid.componentCount(2) == 0);
  CHECK(pid.value(3, 4) == "HOSP");
  CHECK(pid.value(3, 4, 2) == "1.2.392.100");
  CHECK(pid.value(3, 4, 3) == "ISO");
  CHECK(pid.value(3, 4, 4).empty());
  CHECK(pid.value(3, 1, 1, 2) == "X9");
  CHECK(pid.value(3, 5, 1, 2) == "MR");
  CHECK(pid.value(3, 1, 1, 3).empty());
  CHECK(pid.value(5, 8, 1, 1) == "I");
  CHECK(pid.value(5, 1, 1, 2) == "ヤマダ");
  CHECK(pid.value(5, 8, 1, 2) == "P");
  CHECK(pid.value(8) == "M");
  CHECK(pid.value(99).empty());
  CHECK(pid.value(0) == "PID");
  CHECK(pid.value(-1).empty());
  CHECK(pid.value(5, 0).empty());

  // The HL7 explicit null "" reads as empty; raw() still shows it.
  const Segment& obx = *r.message.first("OBX");
  CHECK(obx.value(5).empty());
  CHECK(obx.raw(5) == "\"\"");
  CHECK(obx.value(11) == "F");
}

TEST_CASE("escape sequences become the characters they stand for", "[hl7][R-DATA-2]") {
  const ParseResult r = parse(joined({kHeader,
      "NTE|1||A\\F\\B\\S\\C\\T\\D\\R\\E\\E\\F",
      "NTE|2||line 1\\.br\\line 2\\X0D0A\\line 3\\.sp\\end",
      "NTE|3||\\H\\important\\N\\ normal",
      "NTE|4||kanji\\C2842\\ switch\\M2442\\ back\\Zlocal\\ done",
      "NTE|5||unknown \\Q\\ and C:\\temp\\ kept",
      "NTE|6||a^b&c\\S\\d",
      "NTE|7||\\.fi\\\\.in+4\\\\.ce\\centred\\.sk 2\\x"}));
  REQUIRE(r.ok());
  const std::vector<const Segment*> notes = r.message.all("NTE");
  REQUIRE(notes.size() == 7);
  CHECK(notes[0]->value(3) == "A|B^C&D~E\\F");
  CHECK(notes[1]->value(3) == "line 1\nline 2\r\nline 3\nend");
  CHECK(notes[2]->value(3) == "important normal");
  CHECK(notes[3]->value(3) == "kanji switch back done");
  CHECK(notes[4]->value(3) == "unknown \\Q\\ and C:\\temp\\ kept");
  // value() splits at the delimiters; freeText() keeps them for free text, still unescaping.
  CHECK(notes[5]->value(3) == "a");
  CHECK(notes[5]->freeText(3) == "a^b&c^d");
  CHECK(notes[6]->value(3) == "centredx");
  // The raw form is untouched.
  CHECK(notes[0]->raw(3) == "A\\F\\B\\S\\C\\T\\D\\R\\E\\E\\F");

  Delimiters d;
  CHECK(unescape("5\\S\\6", d) == "5^6");
  CHECK(unescape("\\X41\\\\X4243\\", d) == "ABC");
  CHECK(unescape("no escapes", d) == "no escapes");
  CHECK(unescape("\\P\\", d) == "\\P\\");  // no truncation character declared
  d.truncation = '#';
  CHECK(unescape("\\P\\", d) == "#");
}

TEST_CASE("CR, LF and CRLF segment ends give the same message, and blank lines are skipped", "[hl7][R-DATA-2]") {
  const std::vector<std::string> lines = {kHeader, "PID|1||P123", "OBR|1|ORD1", "OBX|1|NM|X^Y^L||5"};
  const ParseResult cr = parse(joined(lines, "\r"));
  const ParseResult lf = parse(joined(lines, "\n"));
  const ParseResult crlf = parse(joined(lines, "\r\n"));
  const ParseResult blank = parse("\n\n" + lines[0] + "\r\n\r\n" + lines[1] + "\n  \n" + lines[2] + "\r" + lines[3]);
  for (const ParseResult* r : {&cr, &lf, &crlf, &blank}) {
    REQUIRE(r->ok());
    REQUIRE(r->message.segments().size() == 4);
    CHECK(r->message.segments()[3].name() == "OBX");
    CHECK(r->message.segments()[3].line() == 4);
    CHECK(r->message.segments()[3].value(5) == "5");
    CHECK(r->message.segments()[1].text() == "PID|1||P123");
  }
}

TEST_CASE("an MLLP frame and a byte order mark around the message are removed", "[hl7][R-DATA-2]") {
  const std::string body = joined({kHeader, "PID|1||P123"});
  for (const std::string& framed : {"\x0B" + body + "\x1C\r", "\x0B" + body + "\x1C", "\xEF\xBB\xBF" + body}) {
    const ParseResult r = parse(framed);
    REQUIRE(r.ok());
    CHECK(r.message.segments().size() == 2);
    CHECK(r.message.first("PID")->value(3) == "P123");
  }
}

TEST_CASE("other delimiters declared in MSH-1 and MSH-2 are used, and a v2.7 truncation character is accepted",
          "[hl7][R-DATA-2]") {
  const ParseResult r = parse("MSH#:*!@$#A#B#C#D#20240510##ORU:R01#C7#P#2.7\rPID#1##P1:x:y*P2#Q!S!\rNTE#1##a$b\r");
  REQUIRE(r.ok());
  CHECK(r.message.delimiters().field == '#');
  CHECK(r.message.delimiters().component == ':');
  CHECK(r.message.delimiters().repetition == '*');
  CHECK(r.message.delimiters().escape == '!');
  CHECK(r.message.delimiters().subcomponent == '@');
  CHECK(r.message.delimiters().truncation == '$');
  CHECK(r.message.type() == "ORU^R01");
  const Segment& pid = *r.message.first("PID");
  CHECK(pid.value(3, 2) == "x");
  CHECK(pid.value(3, 1, 1, 2) == "P2");
  CHECK(pid.value(4) == "Q:");   // !S! is the component character
  CHECK(r.message.first("NTE")->value(3) == "a$b");  // the truncation character is never applied
  CHECK(r.message.first("MSH")->value(2) == ":*!@$");
}

TEST_CASE("first, all and iteration walk the segments in order", "[hl7][R-DATA-2]") {
  const ParseResult r = parse(joined({kHeader, "PID|1||P1", "OBR|1", "OBX|1", "NTE|1", "OBX|2", "OBR|2", "OBX|3"}));
  REQUIRE(r.ok());
  std::string order;
  for (const Segment& s : r.message) order += std::string(s.name()) + std::to_string(s.line()) + " ";
  CHECK(order == "MSH1 PID2 OBR3 OBX4 NTE5 OBX6 OBR7 OBX8 ");
  const std::vector<const Segment*> obx = r.message.all("OBX");
  REQUIRE(obx.size() == 3);
  CHECK(obx[2]->value(1) == "3");
  CHECK(r.message.first("OBR")->line() == 3);
  CHECK(r.message.first("ZZZ") == nullptr);
  CHECK(r.message.all("ZZZ").empty());
}

TEST_CASE("a copied message and segment keep their values", "[hl7][R-DATA-2]") {
  Segment copy;
  Message kept;
  {
    const ParseResult r = parse(joined({kHeader, "PID|1||P1^^^H^PI||山田^太郎"}));
    REQUIRE(r.ok());
    copy = *r.message.first("PID");
    kept = r.message;
  }
  CHECK(copy.value(5, 1) == "山田");
  CHECK(copy.value(3, 4) == "H");
  CHECK(kept.first("PID")->value(5, 2) == "太郎");
  CHECK(kept.type() == "OUL^R22");
}

TEST_CASE("parse errors name the segment number and the reason", "[hl7][R-DATA-2]") {
  struct Case {
    std::string input;
    int line;
    std::string reason;
  };
  const Case cases[] = {
      {"", 1, "empty message"},
      {"\r\n \r\n", 1, "empty message"},
      {"\x0B\x1C\r", 1, "empty message"},
      {"PID|1||P1\r" + kHeader, 1, "not MSH"},
      {"MSH", 1, "MSH segment too short"},
      {"MSH|^~\\|A|B", 1, "bad MSH-2 encoding characters"},
      {"MSH|^~\\&&|A|B", 1, "each delimiter must be different"},
      {"MSH|^~\\&A|B", 1, "visible punctuation"},
      {"MSHA^~\\&A|B", 1, "MSH-1"},
      {"MSH|^~\\&|A|B|C|D|20240510", 1, "MSH segment too short"},
      {"MSH|^~\\&|A|B|C|D|20240510||", 1, "MSH-9 message type is empty"},
      {kHeader + "\rPID|1\rpid|2", 3, "segment name \"pid\""},
      {kHeader + "\rPI|1", 2, "not three upper-case"},
      {kHeader + "\rPIDX|1", 2, "segment name \"PIDX\""},
      {kHeader + "\rPID|1\rOBX|1|ST|X^Y||a\x01" "b", 3, "control character 0x01"},
      {kHeader + "\rPID|1\rOBX|1|ST|X^Y||a\x1C" "b\r", 3, "control character 0x1C"},
      {kHeader + "\rPID|1\rOBR|1\rOBX|1|ST|X^Y||a\\F", 4, "unterminated escape sequence in OBX-5"},
      {kHeader + "\rPID|1\rNTE|1||a\\F^b\\", 3, "unterminated escape sequence in NTE-3"},
      {kHeader + "\rPID|1\rNTE|1||a\\X4\\", 3, "bad hex escape"},
      {kHeader + "\rPID|1\rNTE|1||a\\XZZ\\", 3, "bad hex escape"},
  };
  for (const Case& c : cases) {
    INFO(c.input);
    const ParseResult r = parse(c.input);
    CHECK_FALSE(r.ok());
    CHECK(r.line == c.line);
    CHECK_THAT(r.error, Catch::Contains(c.reason));
    CHECK(r.message.empty());
  }
  // A tab is allowed inside a segment.
  CHECK(parse(kHeader + "\rNTE|1||a\tb").ok());
}

TEST_CASE("the size guards refuse a message over 16 MiB, a segment over 1 MiB and too many segments",
          "[hl7][R-DATA-2]") {
  const std::string big(kMaxMessageBytes + 1, 'A');
  const ParseResult whole = parse(big);
  CHECK(whole.line == 0);
  CHECK_THAT(whole.error, Catch::Contains("16 MiB"));

  const ParseResult segment = parse(kHeader + "\rPID|1\rNTE|1||" + std::string(kMaxSegmentBytes, 'x'));
  CHECK(segment.line == 3);
  CHECK_THAT(segment.error, Catch::Contains("1 MiB"));

  // Just under the segment limit is fine.
  CHECK(parse(kHeader + "\rNTE|1||" + std::string(kMaxSegmentBytes - 8, 'x')).ok());

  std::string many = kHeader;
  for (std::size_t i = 1; i < kMaxSegments; ++i) many += "\rNTE|1";
  CHECK(parse(many).ok());
  const ParseResult tooMany = parse(many + "\rNTE|2");
  CHECK(tooMany.line == static_cast<int>(kMaxSegments) + 1);
  CHECK_THAT(tooMany.error, Catch::Contains("more than 100000 segments"));
}

TEST_CASE("declaredCharset reads MSH-18 from undecoded bytes", "[hl7][R-DATA-2]") {
  CHECK(declaredCharset(kHeader + "\rPID|1") == "UNICODE UTF-8");
  CHECK(declaredCharset("\x0B" + kHeader + "\r\x1C\r") == "UNICODE UTF-8");
  CHECK(declaredCharset("MSH|^~\\&|A|B|C|D|20240510||OUL^R22|1|P|2.5||||||  ISO IR87  |") == "ISO IR87");
  CHECK(declaredCharset("MSH|^~\\&|A|B|C|D|20240510||OUL^R22|1|P|2.5||||||ISO IR87~ISO IR6") == "ISO IR87");
  // SS-MIX2: the default set empty (ASCII), JIS X 0208 as the ISO 2022 alternate: ISO-2022-JP.
  CHECK(declaredCharset("MSH|^~\\&|A|B|C|D|20240510||OUL^R22|1|P|2.5||||||~ISO IR87||ISO 2022-1994") == "ISO IR87");
  CHECK(declaredCharset("MSH|^~\\&|A|B|C|D|20240510||OUL^R22|1|P|2.5||||||ISO IR6~ISO IR87") == "ISO IR87");
  // Absent: no MSH-18, an empty one, a short MSH, not an MSH.
  CHECK(declaredCharset("MSH|^~\\&|A|B|C|D|20240510||OUL^R22|1|P|2.5").empty());
  CHECK(declaredCharset("MSH|^~\\&|A|B|C|D|20240510||OUL^R22|1|P|2.5||||||").empty());
  CHECK(declaredCharset("MSH|^~\\&|A|B|C|D|20240510||OUL^R22|1|P|2.5||||||~").empty());
  CHECK(declaredCharset("MSH|").empty());
  CHECK(declaredCharset("PID|1||||||||||||||||||X").empty());
  CHECK(declaredCharset("").empty());
  // Only the first segment is read.
  CHECK(declaredCharset("MSH|^~\\&|A\rPID|1||||||||||||||||||X").empty());

  // Shift_JIS: "ポ" is 0x83 0x7C, its trail byte is '|'. In MSH-4 it must not count as a separator.
  const std::string sjis = "MSH|^~\\&|LAB|\x83\x7C\x83\x5C|C|D|20240510||OUL^R22|1|P|2.5||||||SJIS\r";
  CHECK(declaredCharset(sjis) == "SJIS");
  // ISO-2022-JP: "ポ" is 0x25 0x7C between ESC $ B and ESC ( B.
  const std::string jis = "MSH|^~\\&|LAB|\x1B$B\x25\x7C\x25\x5E\x1B(B|C|D|20240510||OUL^R22|1|P|2.5||||||~ISO IR87\r";
  CHECK(declaredCharset(jis) == "ISO IR87");
  // UTF-8 kanji (valid UTF-8) are read as they are.
  CHECK(declaredCharset("MSH|^~\\&|LAB|字病院|C|D|20240510||OUL^R22|1|P|2.5||||||UNICODE UTF-8") == "UNICODE UTF-8");
}
