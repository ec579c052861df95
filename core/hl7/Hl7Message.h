// SPDX-License-Identifier: MIT
// Hl7Message — reads an HL7 v2 message (ER7, the "pipe and hat" form) into segments and fields, for
// the hospital's lab results (SS-MIX2 OUL^R22, ORU^R01; R-DATA-2).
//
// Input is the message ALREADY DECODED to UTF-8. SS-MIX2 sends ISO-2022-JP (older systems
// Shift_JIS), where the bytes of a two-byte character can equal '|', '^', '~' or '\', so the
// message must be decoded before it is split. declaredCharset() reads MSH-18 from the raw bytes to
// choose the decoder; it is the only function here that looks at undecoded bytes.
//
// What the parser accepts (HL7 v2.5 chapter 2):
//  - segments end with CR (the standard); LF and CRLF are accepted too, empty lines are ignored,
//    and one MLLP frame (0x0B … 0x1C 0x0D) around the message is removed;
//  - the first segment is MSH; MSH-1 is the field separator (the character after "MSH") and MSH-2
//    the encoding characters: component, repetition, escape, subcomponent, and optionally the v2.7
//    truncation character (accepted, never applied);
//  - field numbers follow the standard: in MSH, field 1 is the separator itself and field 2 the
//    encoding characters (so MSH-9 is the message type); elsewhere field 1 is the first field
//    after the segment name.
//
// Errors (a result, never an exception) name the 1-based segment number — "line", counting only
// non-empty segments, so MSH is line 1 — and a reason. Escape sequences are checked when parsing,
// so value() never fails.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace renkei::hl7 {

/// Size guards against a runaway or hostile sender: real lab messages are a few kB with tens of
/// segments. A bigger message is refused before any work is done (line 0: the whole message).
inline constexpr std::size_t kMaxMessageBytes = 16u * 1024u * 1024u;
inline constexpr std::size_t kMaxSegmentBytes = 1024u * 1024u;
inline constexpr std::size_t kMaxSegments = 100000u;

/// MSH-1 and MSH-2. The defaults are the characters every sender in practice uses.
struct Delimiters {
  char field = '|';
  char component = '^';
  char repetition = '~';
  char escape = '\\';
  char subcomponent = '&';
  char truncation = '\0';  ///< v2.7 fifth encoding character; '\0' when not sent
};

/// Replaces the escape sequences of HL7 v2.5 §2.7 in one piece of a field (a subcomponent, or a
/// whole repetition when the caller wants the separators kept):
///   \F\ \S\ \T\ \R\ \E\ (\P\ in v2.7) → the delimiter characters;
///   \Xhhhh…\ → the bytes given in hex (the sender chose them: \X0D0A\ is a CR LF);
///   \.br\ and \.sp\ → "\n"; the other formatting commands (.fi .nf .in .ti .sk .ce) → removed;
///   \H\ \N\ (highlighting on/off) → removed;
///   \Cxxyy\ \Mxxyyzz\ (character set switches: meaningless after decoding) and \Z…\ (local) → removed.
/// An unknown escape (e.g. \Q\, or "\temp\" from a sender that did not escape a Windows path) is
/// kept literally, escape characters included: no clinical text is dropped on a guess.
std::string unescape(std::string_view raw, const Delimiters& delimiters);

class Segment {
 public:
  /// "MSH", "PID", "OBX", "ZXX" …
  std::string_view name() const { return field(0); }
  /// 1-based segment number in the message (MSH is 1), for error messages.
  int line() const { return line_; }
  /// The segment as received (still escaped), without its terminator.
  std::string_view text() const { return text_; }

  /// The number of the last field present (0 for a segment with only a name).
  int fieldCount() const { return static_cast<int>(fields_.size()) - 1; }

  /// A whole field as received: escaped, every repetition. "" when absent. field(0) is the name.
  std::string_view field(int n) const;

  /// 0 for an empty or absent field, otherwise the number of '~'-separated repetitions.
  /// MSH-1 and MSH-2 are never split (MSH-2 contains the repetition character).
  int repetitionCount(int field) const;

  /// The number of components in one repetition (0 when empty).
  int componentCount(int field, int repetition = 1) const;

  /// One subcomponent as received (still escaped); "" when absent. An HL7 explicit null is the
  /// two characters `""` here, so callers that must tell "delete" from "not sent" look at raw().
  std::string_view raw(int field, int component = 1, int subcomponent = 1, int repetition = 1) const;

  /// One subcomponent, unescaped; "" when absent or an HL7 explicit null (`""`). Not trimmed.
  /// MSH-1 and MSH-2 are returned as they are (they are the delimiters, not escaped text).
  std::string value(int field, int component = 1, int subcomponent = 1, int repetition = 1) const;

  /// One whole repetition unescaped with its '^' and '&' kept as received: for free text (ST, TX,
  /// FT) where a sender left a separator unescaped and splitting it would lose words.
  std::string freeText(int field, int repetition = 1) const;

  const Delimiters& delimiters() const { return delimiters_; }

 private:
  friend struct MessageParser;
  struct Span {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
  };
  bool isMshDelimiterField(int n) const { return (n == 1 || n == 2) && name() == "MSH"; }

  std::string text_;
  std::vector<Span> fields_;  ///< [0] is the name; offsets into text_ so copies stay valid
  Delimiters delimiters_;
  int line_ = 0;
};

class Message {
 public:
  /// All segments in message order (lab messages are ordered groups: walk them front to back).
  const std::vector<Segment>& segments() const { return segments_; }
  std::vector<Segment>::const_iterator begin() const { return segments_.begin(); }
  std::vector<Segment>::const_iterator end() const { return segments_.end(); }
  bool empty() const { return segments_.empty(); }

  /// The first segment with this name, or nullptr.
  const Segment* first(std::string_view name) const;
  /// Every segment with this name, in order.
  std::vector<const Segment*> all(std::string_view name) const;

  /// "OUL^R22": MSH-9.1 '^' MSH-9.2 (just MSH-9.1 when there is no trigger event, e.g. "ACK").
  std::string type() const;
  /// MSH-10, the message control id.
  std::string controlId() const;
  /// MSH-12.1, e.g. "2.5".
  std::string version() const;

  const Delimiters& delimiters() const { return delimiters_; }

 private:
  friend struct MessageParser;
  std::vector<Segment> segments_;
  Delimiters delimiters_;
};

struct ParseResult {
  Message message;    ///< empty when there is an error
  int line = 0;       ///< 1-based segment number of the error (0: the message as a whole)
  std::string error;  ///< empty on success
  bool ok() const { return error.empty(); }
};

/// Parses a decoded (UTF-8) message. Errors: empty input, first segment not MSH, MSH too short or
/// with bad encoding characters, a segment name that is not three upper-case letters or digits,
/// a control character other than tab inside a segment, an unterminated or malformed (\X with odd
/// or non-hex digits) escape sequence, and the size guards above.
ParseResult parse(std::string_view utf8);

/// MSH-18 (character set) read from the raw, undecoded bytes of the first segment: the first
/// repetition, trimmed; "" when absent. Delimiter bytes inside two-byte characters are skipped
/// (ISO-2022-JP two-byte runs between escape sequences; Shift_JIS lead/trail pairs when the bytes
/// are not valid UTF-8), so kanji in MSH-3..MSH-17 do not shift the field count.
///
/// One rule beyond "first repetition": SS-MIX2 sends "~ISO IR87" — the first repetition (the
/// default set) empty, meaning ASCII, and JIS X 0208 as the ISO 2022 alternate. The decoder needed
/// is then ISO-2022-JP, so when the first repetition is empty or plain ASCII ("ISO IR6", "ASCII")
/// and a later repetition names another set, that later name is returned.
std::string declaredCharset(std::string_view rawBytes);

}  // namespace renkei::hl7
