// SPDX-License-Identifier: MIT
#include "core/hl7/Hl7Message.h"

#include <algorithm>

#include "core/text/Trim.h"
#include "core/text/Utf8.h"

namespace renkei::hl7 {
namespace {

constexpr char kMllpStart = 0x0B;
constexpr char kMllpEnd = 0x1C;
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool isUpperOrDigit(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool isAlnum(char c) { return isUpperOrDigit(c) || (c >= 'a' && c <= 'z'); }
bool isHexDigit(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'); }
int hexValue(char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

// A delimiter must be visible ASCII punctuation: a letter or digit would collide with data.
bool usableAsDelimiter(char c) { return c > 0x20 && c < 0x7F && !isAlnum(c); }

// The n-th (1-based) piece of `s` split at `sep`; "" when there are fewer pieces.
std::string_view piece(std::string_view s, char sep, int n) {
  if (n < 1) return {};
  std::size_t start = 0;
  for (int i = 1; i < n; ++i) {
    const std::size_t next = s.find(sep, start);
    if (next == std::string_view::npos) return {};
    start = next + 1;
  }
  const std::size_t stop = s.find(sep, start);
  return s.substr(start, stop == std::string_view::npos ? std::string_view::npos : stop - start);
}

int pieceCount(std::string_view s, char sep) {
  return s.empty() ? 0 : static_cast<int>(std::count(s.begin(), s.end(), sep)) + 1;
}

bool validHexEscape(std::string_view body) {  // body is "Xhh…" without the escape characters
  const std::string_view hex = body.substr(1);
  return !hex.empty() && hex.size() % 2 == 0 && std::all_of(hex.begin(), hex.end(), isHexDigit);
}

bool isFormattingCommand(std::string_view body) {  // ".fi", ".in+4", ".sk 2" … (HL7 v2.5 §2.7.6)
  for (std::string_view cmd : {".fi", ".nf", ".in", ".ti", ".sk", ".ce"})
    if (body.starts_with(cmd)) return true;
  return false;
}

// Appends what one escape sequence stands for; false when the sequence is unknown.
bool appendEscape(std::string& out, std::string_view body, const Delimiters& d) {
  if (body.size() == 1) {
    switch (body[0]) {
      case 'F': out += d.field; return true;
      case 'S': out += d.component; return true;
      case 'T': out += d.subcomponent; return true;
      case 'R': out += d.repetition; return true;
      case 'E': out += d.escape; return true;
      case 'P':
        if (d.truncation == '\0') return false;
        out += d.truncation;
        return true;
      case 'H':
      case 'N': return true;  // highlighting has no meaning in plain text
      default: return false;
    }
  }
  if (body.empty()) return false;
  if (body[0] == 'X') {
    if (!validHexEscape(body)) return false;
    for (std::size_t i = 1; i + 1 < body.size(); i += 2)
      out += static_cast<char>(hexValue(body[i]) * 16 + hexValue(body[i + 1]));
    return true;
  }
  // Character set switches only mattered for the bytes before decoding; Z escapes are local.
  if (body[0] == 'C' || body[0] == 'M' || body[0] == 'Z') return true;
  if (body == ".br" || body.starts_with(".sp")) {
    out += '\n';
    return true;
  }
  return isFormattingCommand(body);
}

std::string fieldLabel(std::string_view segmentName, int field) {
  return std::string(segmentName) + "-" + std::to_string(field);
}

bool blankLine(std::string_view line) { return text::trim(line, text::kSpacesAndTabs).empty(); }

// The message without an MLLP frame or a byte order mark.
std::string_view unframe(std::string_view s) {
  if (s.starts_with(kMllpStart)) s.remove_prefix(1);
  if (s.starts_with(kUtf8Bom)) s.remove_prefix(kUtf8Bom.size());
  s = text::trimEnd(s, "\r\n");
  if (s.ends_with(kMllpEnd)) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string unescape(std::string_view raw, const Delimiters& d) {
  std::string out;
  out.reserve(raw.size());
  std::size_t i = 0;
  while (i < raw.size()) {
    const std::size_t open = raw.find(d.escape, i);
    if (open == std::string_view::npos) break;
    const std::size_t close = raw.find(d.escape, open + 1);
    if (close == std::string_view::npos) break;  // parse() refuses this; keep the rest literally
    out.append(raw.substr(i, open - i));
    if (!appendEscape(out, raw.substr(open + 1, close - open - 1), d))
      out.append(raw.substr(open, close - open + 1));
    i = close + 1;
  }
  out.append(raw.substr(std::min(i, raw.size())));
  return out;
}

// ---- Segment ----------------------------------------------------------------------------------

std::string_view Segment::field(int n) const {
  if (n < 0 || n >= static_cast<int>(fields_.size())) return {};
  const Span s = fields_[static_cast<std::size_t>(n)];
  return std::string_view(text_).substr(s.begin, s.end - s.begin);
}

int Segment::repetitionCount(int n) const {
  const std::string_view f = field(n);
  if (f.empty()) return 0;
  return isMshDelimiterField(n) ? 1 : pieceCount(f, delimiters_.repetition);
}

int Segment::componentCount(int n, int repetition) const {
  if (isMshDelimiterField(n)) return repetition == 1 && !field(n).empty() ? 1 : 0;
  return pieceCount(piece(field(n), delimiters_.repetition, repetition), delimiters_.component);
}

std::string_view Segment::raw(int n, int component, int subcomponent, int repetition) const {
  if (isMshDelimiterField(n)) return component == 1 && subcomponent == 1 && repetition == 1 ? field(n) : "";
  const std::string_view rep = piece(field(n), delimiters_.repetition, repetition);
  return piece(piece(rep, delimiters_.component, component), delimiters_.subcomponent, subcomponent);
}

std::string Segment::value(int n, int component, int subcomponent, int repetition) const {
  const std::string_view r = raw(n, component, subcomponent, repetition);
  if (isMshDelimiterField(n)) return std::string(r);
  if (r == "\"\"") return {};
  return unescape(r, delimiters_);
}

std::string Segment::freeText(int n, int repetition) const {
  if (isMshDelimiterField(n)) return repetition == 1 ? std::string(field(n)) : "";
  const std::string_view r = piece(field(n), delimiters_.repetition, repetition);
  if (r == "\"\"") return {};
  return unescape(r, delimiters_);
}

// ---- Message ----------------------------------------------------------------------------------

const Segment* Message::first(std::string_view name) const {
  for (const Segment& s : segments_)
    if (s.name() == name) return &s;
  return nullptr;
}

std::vector<const Segment*> Message::all(std::string_view name) const {
  std::vector<const Segment*> found;
  for (const Segment& s : segments_)
    if (s.name() == name) found.push_back(&s);
  return found;
}

std::string Message::type() const {
  const Segment* msh = first("MSH");
  if (msh == nullptr) return {};
  std::string code = msh->value(9, 1);
  const std::string event = msh->value(9, 2);
  if (!event.empty()) code += "^" + event;
  return code;
}

std::string Message::controlId() const {
  const Segment* msh = first("MSH");
  return msh == nullptr ? "" : msh->value(10);
}

std::string Message::version() const {
  const Segment* msh = first("MSH");
  return msh == nullptr ? "" : msh->value(12);
}

// ---- Parsing ----------------------------------------------------------------------------------

struct MessageParser {
  ParseResult result;
  Delimiters delimiters;

  bool fail(int line, std::string reason) {
    result.line = line;
    result.error = std::move(reason);
    return false;
  }

  // MSH-1 and MSH-2 define how everything else is read, so they are checked before anything else.
  bool readDelimiters(std::string_view msh) {
    if (msh.size() < 4) return fail(1, "MSH segment too short: no field separator (MSH-1)");
    delimiters.field = msh[3];
    if (!usableAsDelimiter(delimiters.field))
      return fail(1, "MSH-1 field separator must be a visible punctuation character");
    const std::string_view rest = msh.substr(4);
    const std::string_view enc = rest.substr(0, rest.find(delimiters.field));
    if (enc.size() != 4 && enc.size() != 5)
      return fail(1, "bad MSH-2 encoding characters \"" + std::string(enc) + "\": expected 4 (or 5 in v2.7)");
    std::string all = std::string(1, delimiters.field) + std::string(enc);
    for (std::size_t i = 0; i < all.size(); ++i) {
      if (!usableAsDelimiter(all[i]))
        return fail(1, "bad MSH-2 encoding characters: delimiters must be visible punctuation");
      if (all.find(all[i], i + 1) != std::string::npos)
        return fail(1, "bad MSH-2 encoding characters: each delimiter must be different");
    }
    delimiters.component = enc[0];
    delimiters.repetition = enc[1];
    delimiters.escape = enc[2];
    delimiters.subcomponent = enc[3];
    delimiters.truncation = enc.size() == 5 ? enc[4] : '\0';
    return true;
  }

  bool checkCharacters(std::string_view text, int line) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      if ((c < 0x20 && c != '\t') || c == 0x7F) {
        static constexpr char kHex[] = "0123456789ABCDEF";
        const std::string code = {'0', 'x', kHex[c >> 4], kHex[c & 0xF]};
        return fail(line, "control character " + code + " at position " + std::to_string(i + 1) + " of the segment");
      }
    }
    return true;
  }

  // Each \ must be closed by another \ before the next delimiter (HL7 v2.5 §2.7: an escape
  // sequence never contains a delimiter); \X must carry whole hex bytes.
  bool checkEscapes(std::string_view value, std::string_view segmentName, int fieldNumber, int line) {
    const Delimiters& d = delimiters;
    std::size_t i = 0;
    while ((i = value.find(d.escape, i)) != std::string_view::npos) {
      std::size_t j = i + 1;
      while (j < value.size() && value[j] != d.escape && value[j] != d.component &&
             value[j] != d.repetition && value[j] != d.subcomponent)
        ++j;
      if (j == value.size() || value[j] != d.escape)
        return fail(line, "unterminated escape sequence in " + fieldLabel(segmentName, fieldNumber));
      const std::string_view body = value.substr(i + 1, j - i - 1);
      if (body.starts_with('X') && !validHexEscape(body))
        return fail(line, "bad hex escape \\" + std::string(body) + "\\ in " + fieldLabel(segmentName, fieldNumber));
      i = j + 1;
    }
    return true;
  }

  bool addSegment(std::string_view text, int line) {
    if (text.size() > kMaxSegmentBytes) return fail(line, "segment longer than 1 MiB");
    if (!checkCharacters(text, line)) return false;
    const std::string_view name = text.substr(0, 3);
    if (name.size() != 3 || !std::all_of(name.begin(), name.end(), isUpperOrDigit) ||
        (text.size() > 3 && text[3] != delimiters.field))
      return fail(line, "segment name \"" + std::string(text.substr(0, text.find(delimiters.field))) +
                            "\" is not three upper-case letters or digits");
    Segment segment;
    segment.text_ = std::string(text);
    segment.delimiters_ = delimiters;
    segment.line_ = line;
    splitFields(segment, name == "MSH");
    for (int f = 1; f <= segment.fieldCount(); ++f)
      if (!segment.isMshDelimiterField(f) && !checkEscapes(segment.field(f), name, f, line)) return false;
    result.message.segments_.push_back(std::move(segment));
    return true;
  }

  void splitFields(Segment& s, bool isMsh) const {
    const std::string_view text = s.text_;
    const auto at = [](std::size_t n) { return static_cast<std::uint32_t>(n); };
    s.fields_.push_back({0, at(std::min<std::size_t>(3, text.size()))});
    if (text.size() <= 3) return;
    std::size_t start = 4;
    if (isMsh) {  // MSH-1 is the separator itself: the standard counts it as a field
      s.fields_.push_back({3, 4});
    }
    while (true) {
      const std::size_t stop = text.find(delimiters.field, start);
      const std::size_t end = stop == std::string_view::npos ? text.size() : stop;
      s.fields_.push_back({at(start), at(end)});
      if (stop == std::string_view::npos) break;
      start = stop + 1;
    }
  }

  bool checkHeader() {
    const Segment& msh = result.message.segments_.front();
    if (msh.fieldCount() < 9) return fail(1, "MSH segment too short: it ends before MSH-9 (message type)");
    if (msh.value(9).empty()) return fail(1, "MSH-9 message type is empty");
    return true;
  }

  bool run(std::string_view input) {
    if (input.size() > kMaxMessageBytes) return fail(0, "message larger than 16 MiB");
    const std::string_view body = unframe(input);
    int line = 0;
    std::size_t start = 0;
    while (start <= body.size()) {
      const std::size_t stop = body.find_first_of("\r\n", start);
      const std::size_t end = stop == std::string_view::npos ? body.size() : stop;
      const std::string_view text = body.substr(start, end - start);
      start = end + 1;
      if (blankLine(text)) continue;
      ++line;
      if (static_cast<std::size_t>(line) > kMaxSegments) return fail(line, "more than 100000 segments");
      if (line == 1 && !text.starts_with("MSH"))
        return fail(line, "first segment is \"" + std::string(text.substr(0, 3)) + "\", not MSH");
      if (line == 1 && !readDelimiters(text)) return false;
      if (!addSegment(text, line)) return false;
    }
    if (line == 0) return fail(1, "empty message");
    if (!checkHeader()) return false;
    result.message.delimiters_ = delimiters;
    return true;
  }
};

ParseResult parse(std::string_view utf8) {
  MessageParser parser;
  if (!parser.run(utf8)) parser.result.message = Message();
  return std::move(parser.result);
}

// ---- declaredCharset ----------------------------------------------------------------------------

namespace {

constexpr char kOpaque = '\x80';  // stands for a byte of a multi-byte character: never a delimiter

// ISO-2022-JP: bytes between ESC $ B (or ESC $ @, ESC $ ( D …) and ESC ( B are two-byte JIS codes,
// and bytes after ESC ( I are half-width katakana; the escape sequences themselves are opaque too.
std::string maskIso2022(std::string_view s) {
  std::string m(s);
  bool ascii = true;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\x1B') {
      const std::string_view seq = s.substr(i);
      std::size_t len = 3;
      if (seq.starts_with("\x1B$(")) len = 4;
      ascii = seq.starts_with("\x1B(B") || seq.starts_with("\x1B(J");
      for (std::size_t k = i; k < std::min(s.size(), i + len); ++k) m[k] = kOpaque;
      i += len - 1;
    } else if (!ascii) {
      m[i] = kOpaque;
    }
  }
  return m;
}

// Shift_JIS: a lead byte 0x81–0x9F or 0xE0–0xFC takes the next byte with it (the trail byte may be
// 0x5C '\' or 0x7C '|'); 0xA1–0xDF is a one-byte half-width katakana.
std::string maskShiftJis(std::string_view s) {
  std::string m(s);
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) continue;
    m[i] = kOpaque;
    const bool lead = (c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC);
    if (lead && i + 1 < s.size()) m[++i] = kOpaque;
  }
  return m;
}

std::string asciiMask(std::string_view segment) {
  if (segment.find('\x1B') != std::string_view::npos) return maskIso2022(segment);
  if (text::isValidUtf8(segment)) return std::string(segment);  // bytes ≥ 0x80 are never delimiters
  return maskShiftJis(segment);
}

bool isAsciiCharsetName(std::string_view name) {
  return name.empty() || name == "ISO IR6" || name == "ASCII" || name == "US-ASCII";
}

}  // namespace

std::string declaredCharset(std::string_view rawBytes) {
  std::string_view s = rawBytes.substr(0, std::min(rawBytes.size(), kMaxSegmentBytes));
  s = text::trimStart(s, "\x0B\r\n");  // an MLLP start byte, blank lines
  if (s.starts_with(kUtf8Bom)) s.remove_prefix(kUtf8Bom.size());
  s = s.substr(0, s.find_first_of("\r\n"));
  const std::string mask = asciiMask(s);
  if (mask.size() < 8 || !mask.starts_with("MSH") || !usableAsDelimiter(mask[3])) return {};
  const char sep = mask[3];
  const char rep = mask[5];
  // Split at the separator, piece 0 is "MSH" and piece k is MSH-(k+1), because MSH-1 is the
  // separator itself: MSH-18 starts after the 17th separator.
  std::size_t begin = 0;
  for (int n = 1; n < 18; ++n) {
    begin = mask.find(sep, begin);
    if (begin == std::string::npos) return {};
    ++begin;
  }
  const std::size_t end = std::min(mask.find(sep, begin), mask.size());
  std::vector<std::string> repetitions;
  std::size_t r = begin;
  while (r <= end) {
    const std::size_t stop = std::min(mask.find(rep, r), end);
    repetitions.emplace_back(text::trim(s.substr(r, stop - r), text::kSpacesAndTabs));
    r = stop + 1;
  }
  if (isAsciiCharsetName(repetitions.front()))
    for (std::size_t k = 1; k < repetitions.size(); ++k)
      if (!isAsciiCharsetName(repetitions[k])) return repetitions[k];
  return repetitions.front();
}

}  // namespace renkei::hl7
