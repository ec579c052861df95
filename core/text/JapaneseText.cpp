// SPDX-License-Identifier: MIT
// JapaneseText — decoders of UTF-8, Shift_JIS (CP932), ISO-2022-JP and DICOM's ISO 2022 Japanese
// into UTF-8. Decisions, each with its reason:
//
// * Shift_JIS means what Windows writes (CP932), because that is where Shift_JIS text in hospitals
//   comes from: 0x5C is REVERSE SOLIDUS and 0x7E TILDE (not ¥ and ‾), the NEC row 13 (①, Ⅰ, ㎎ …)
//   is decoded, and the six JIS X 0208 cells where Windows and the JIS standard disagree decode to
//   the Windows choice: 0x8160 → U+FF5E ～ (not U+301C 〜), 0x8161 → U+2225 ∥ (not U+2016 ‖),
//   0x817C → U+FF0D － (not U+2212 −), 0x8191 → U+FFE0 ￠, 0x8192 → U+FFE1 ￡, 0x81CA → U+FFE2 ￢
//   (0x815F is U+FF3C ＼ in both), so text typed on Windows decodes to the code points Windows
//   itself uses, and a search typed on Windows finds it.
// * The CP932 extensions are decoded too: the NEC-selected IBM extensions (leads 0xED/0xEE) and the
//   IBM extensions (0xFA–0xFC), from their own table (text/cp932-extensions.tsv, keyed by the bytes,
//   since they have no JIS row/cell). They hold kanji of family names (髙 in 髙橋, 﨑, 德 …), which
//   must not turn into U+FFFD. Most characters are in both ranges, and both byte forms decode to the
//   same code point, so the name is found whichever form the sending system wrote.
// * ISO-2022-JP (and DICOM ISO 2022 IR 87) keeps the JIS standard mapping of the table (U+301C …),
//   as glibc and RFC 1468 do. Row 13 is accepted there too, since Windows mailers (CP50220) send it.
//   The CP932 extensions have no code there, so ISO-2022-JP cannot carry 髙 at all.
// * Not supported, decoded as errors: user-defined gaiji (Shift_JIS 0xF0–0xF9: private-use code
//   points would mean nothing outside the sending hospital), JIS X 0212 (ESC $ ( D) and JIS X 0213.
//   Replace mode writes U+FFFD for each such character and goes on. The single bytes 0x80, 0xA0
//   and 0xFD–0xFF, which Windows maps to controls or private use, are errors too.
// * An invalid or unmapped Shift_JIS pair whose second byte is ASCII consumes the first byte only,
//   so an error never swallows an HL7 delimiter such as '|' or '^' (as the WHATWG decoder does).
// * ISO-2022-JP: ESC $ @ (JIS C 6226-1978) is read as JIS X 0208, ESC & @ (the 1990 announcer) is
//   ignored, SPACE and control characters are themselves in every mode, CR and LF return to ASCII
//   (RFC 1468 wants lines to end in ASCII: a writer who forgot must not turn the next HL7 segment
//   into kanji), and text that ends in a two-byte mode is accepted (nothing after it is lost).
// * DICOM: G0/G1 return to value 1's sets after each `resetAfter` character seen in a one-byte G0
//   mode (a control character among them resets in any mode); the delimiters are written as themselves,
//   so a 0x5C value separator stays '\' even in JIS X 0201 Roman, where 0x5C is otherwise ¥.
//   Escapes are accepted whatever later values of (0008,0005) declare; ISO_IR 100 (Latin-1) and
//   ISO_IR 192 (UTF-8) are decoded too; any other value 1 is an error.
#include "core/text/JapaneseText.h"

#include <array>
#include <cstdint>
#include <utility>

#include "core/text/Trim.h"
#include "core/text/Utf8.h"

namespace renkei::data {
extern const std::string_view kJisX0208;
extern const std::string_view kCp932Extensions;
}

namespace renkei::text {
namespace {

constexpr unsigned char kEsc = 0x1B;

unsigned char byteAt(std::string_view s, std::size_t i) { return static_cast<unsigned char>(s[i]); }

std::string hexBytes(std::string_view bytes) {
  constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : bytes) {
    if (!out.empty()) out += ' ';
    out += kDigits[static_cast<unsigned char>(c) >> 4];
    out += kDigits[static_cast<unsigned char>(c) & 0xF];
  }
  return out;
}

/// Collects the output and the first error, and applies the OnError policy in one place.
class Sink {
 public:
  explicit Sink(OnError mode) : mode_(mode) {}

  void put(char32_t cp) { appendUtf8(result_.utf8, cp); }
  void putRaw(std::string_view utf8) { result_.utf8 += utf8; }

  /// Records a problem with `bytes` at `offset`; false when decoding must stop (OnError::Fail).
  bool fail(std::size_t offset, std::string_view what, std::string_view bytes) {
    if (result_.error.empty()) {
      result_.error = std::string(what) + " (" + hexBytes(bytes) + ")";
      result_.errorOffset = offset;
    }
    if (mode_ == OnError::Fail) return false;
    put(kReplacementCharacter);
    return true;
  }

  Decoded finish() && { return std::move(result_); }

 private:
  OnError mode_;
  Decoded result_;
};

// ---------------------------------------------------------------------------------------------
// The JIS X 0208 table (plus the NEC row 13), parsed once from the embedded text.

constexpr int kCells = 94;
using JisTable = std::array<char32_t, kCells * kCells>;

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::optional<std::uint32_t> parseHex(std::string_view s) {
  if (s.empty() || s.size() > 6) return std::nullopt;
  std::uint32_t v = 0;
  for (const char c : s) {
    const int d = hexDigit(c);
    if (d < 0) return std::nullopt;
    v = v * 16 + static_cast<std::uint32_t>(d);
  }
  return v;
}

/// Calls `use(first, second, cp)` for each line "CCCC<TAB>UUUU<TAB>char" of an embedded table (CCCC:
/// the two bytes of the code). A malformed line is skipped: the tables are generated, and the tests count
/// their entries, so a broken table fails the build's tests, not a patient's name.
template <typename Use>
void forEachTableLine(std::string_view text, Use use) {
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (line.empty() || line.front() == '#') continue;
    const auto t1 = line.find('\t');
    const auto t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
    if (t1 != 4 || t2 == std::string_view::npos) continue;
    const auto code = parseHex(line.substr(0, 4));
    const auto cp = parseHex(line.substr(t1 + 1, t2 - t1 - 1));
    if (!code || !cp || *cp == 0 || *cp > 0x10FFFF) continue;
    use(static_cast<unsigned char>(*code >> 8), static_cast<unsigned char>(*code & 0xFF), static_cast<char32_t>(*cp));
  }
}

/// Fills `table` from the lines "RRCC<TAB>UUUU<TAB>char" of jisx0208.tsv (RRCC: ISO-2022-JP bytes).
void fillJisTable(JisTable& table, std::string_view text) {
  forEachTableLine(text, [&table](unsigned char first, unsigned char second, char32_t cp) {
    const int row = first - 0x21, cell = second - 0x21;
    if (row < 0 || row >= kCells || cell < 0 || cell >= kCells) return;
    table[static_cast<std::size_t>(row * kCells + cell)] = cp;
  });
}

const JisTable& jisTable() {
  // Filled in place (the table is 35 KB: not something to return by value on a WebAssembly stack);
  // the function-local static makes the one-time fill thread-safe.
  static JisTable table{};
  static const bool filled = (fillJisTable(table, data::kJisX0208), true);
  (void)filled;
  return table;
}

bool isJisByte(unsigned char b) { return b >= 0x21 && b <= 0x7E; }

/// The character of the JIS code given as its two ISO-2022-JP bytes (0x21–0x7E each); 0 if none.
char32_t jisChar(unsigned char first, unsigned char second) {
  return jisTable()[static_cast<std::size_t>((first - 0x21) * kCells + (second - 0x21))];
}

// ---------------------------------------------------------------------------------------------
// The CP932 extensions (NEC-selected IBM: leads 0xED 0xEE; IBM: 0xFA–0xFC), keyed by their
// Shift_JIS bytes: they are outside JIS X 0208, so the JIS table has no row/cell for them.

constexpr std::array<unsigned char, 5> kExtensionLeads = {0xED, 0xEE, 0xFA, 0xFB, 0xFC};
constexpr int kTrails = 188;  // 0x40–0x7E and 0x80–0xFC
using ExtensionTable = std::array<char32_t, kExtensionLeads.size() * kTrails>;

/// The position of `lead` in kExtensionLeads, or -1 when it does not lead an extension character.
int extensionLeadIndex(unsigned char lead) {
  for (std::size_t k = 0; k < kExtensionLeads.size(); ++k)
    if (kExtensionLeads[k] == lead) return static_cast<int>(k);
  return -1;
}

/// The position of a Shift_JIS trail byte (0x40–0x7E, 0x80–0xFC) among the 188; -1 for any other byte.
int trailIndex(unsigned char trail) {
  if (trail < 0x40 || trail > 0xFC || trail == 0x7F) return -1;
  return trail - 0x40 - (trail > 0x7F ? 1 : 0);
}

/// Fills `table` from the lines "SSSS<TAB>UUUU<TAB>char" of cp932-extensions.tsv (SSSS: CP932 bytes).
void fillExtensionTable(ExtensionTable& table, std::string_view text) {
  forEachTableLine(text, [&table](unsigned char lead, unsigned char trail, char32_t cp) {
    const int l = extensionLeadIndex(lead), t = trailIndex(trail);
    if (l < 0 || t < 0) return;
    table[static_cast<std::size_t>(l * kTrails + t)] = cp;
  });
}

const ExtensionTable& extensionTable() {
  // Only Shift_JIS text that uses an extension pays for the parse; the static makes it thread-safe.
  static ExtensionTable table{};
  static const bool filled = (fillExtensionTable(table, data::kCp932Extensions), true);
  (void)filled;
  return table;
}

/// The character of a CP932 extension pair (lead index from extensionLeadIndex); 0 if none.
char32_t extensionChar(int leadIndex, unsigned char trail) {
  const int t = trailIndex(trail);
  return t < 0 ? 0 : extensionTable()[static_cast<std::size_t>(leadIndex * kTrails + t)];
}

// ---------------------------------------------------------------------------------------------
// UTF-8

Decoded decodeUtf8(std::string_view in, OnError mode) {
  Sink out(mode);
  for (std::size_t i = 0; i < in.size();) {
    const Utf8Char c = decodeUtf8At(in, i);
    if (c.ok) {
      out.putRaw(in.substr(i, c.length));
    } else if (!out.fail(i, c.truncated ? "UTF-8 sequence cut off at end of input" : "invalid UTF-8 sequence",
                         in.substr(i, c.length))) {
      break;
    }
    i += c.length;
  }
  return std::move(out).finish();
}

// ---------------------------------------------------------------------------------------------
// Shift_JIS (CP932)

bool isSjisLead(unsigned char b) { return (b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC); }
bool isSjisTrail(unsigned char b) { return b >= 0x40 && b <= 0xFC && b != 0x7F; }

/// The JIS code (as two ISO-2022-JP bytes) of a Shift_JIS pair with lead 0x81–0x9F or 0xE0–0xEF
/// (0xED/0xEE give rows 89–92, where CP932 puts extensions: the decoder asks extensionChar first).
std::pair<unsigned char, unsigned char> sjisToJis(unsigned char lead, unsigned char trail) {
  // Each lead byte covers two JIS rows: trails 0x40–0x9E the odd row, 0x9F–0xFC the even one.
  const int rowPair = lead <= 0x9F ? lead - 0x81 : lead - 0xC1;
  const bool evenRow = trail >= 0x9F;
  const int row = rowPair * 2 + (evenRow ? 2 : 1);
  const int cell = evenRow ? trail - 0x9E : trail - 0x3F - (trail >= 0x80 ? 1 : 0);  // 0x7F is skipped
  return {static_cast<unsigned char>(row + 0x20), static_cast<unsigned char>(cell + 0x20)};
}

/// Windows' mapping of the JIS cells where it departs from the JIS standard held in the table.
char32_t cp932Override(unsigned char first, unsigned char second) {
  switch (first << 8 | second) {
    case 0x2141: return 0xFF5E;  // ～ FULLWIDTH TILDE       (JIS: 〜 U+301C WAVE DASH)
    case 0x2142: return 0x2225;  // ∥ PARALLEL TO           (JIS: ‖ U+2016)
    case 0x215D: return 0xFF0D;  // － FULLWIDTH HYPHEN-MINUS (JIS: − U+2212 MINUS SIGN)
    case 0x2171: return 0xFFE0;  // ￠ FULLWIDTH CENT SIGN    (JIS: ¢ U+00A2)
    case 0x2172: return 0xFFE1;  // ￡ FULLWIDTH POUND SIGN   (JIS: £ U+00A3)
    case 0x224C: return 0xFFE2;  // ￢ FULLWIDTH NOT SIGN     (JIS: ¬ U+00AC)
    default: return 0;
  }
}

/// Decodes the double-byte character at `i` (a lead byte); returns the bytes consumed.
std::size_t sjisDoubleByte(std::string_view in, std::size_t i, Sink& out, bool& stop) {
  const unsigned char lead = byteAt(in, i);
  if (i + 1 >= in.size()) {
    stop = !out.fail(i, "Shift_JIS double-byte character cut off at end of input", in.substr(i, 1));
    return 1;
  }
  const unsigned char trail = byteAt(in, i + 1);
  if (!isSjisTrail(trail)) {
    stop = !out.fail(i, "invalid Shift_JIS second byte", in.substr(i, 2));
    return 1;  // the second byte is read again: it may be ASCII or start the next character
  }
  const std::size_t unmappedLength = trail < 0x80 ? 1 : 2;  // never swallow an ASCII delimiter
  const int extension = extensionLeadIndex(lead);
  char32_t cp = 0;
  if (extension >= 0) {
    cp = extensionChar(extension, trail);
  } else if (lead >= 0xF0) {
    stop = !out.fail(i, "Shift_JIS user-defined (gaiji) character, not supported", in.substr(i, 2));
    return unmappedLength;
  } else {
    const auto [first, second] = sjisToJis(lead, trail);
    const char32_t windows = cp932Override(first, second);
    cp = windows ? windows : jisChar(first, second);
  }
  if (cp == 0) {
    stop = !out.fail(i, "Shift_JIS code with no character", in.substr(i, 2));
    return unmappedLength;
  }
  out.put(cp);
  return 2;
}

Decoded decodeShiftJis(std::string_view in, OnError mode) {
  Sink out(mode);
  bool stop = false;
  for (std::size_t i = 0; i < in.size() && !stop;) {
    const unsigned char b = byteAt(in, i);
    if (b < 0x80) {
      out.put(b);  // CP932: 0x5C is '\' and 0x7E is '~', as Windows shows them
      ++i;
    } else if (b >= 0xA1 && b <= 0xDF) {
      out.put(0xFF61 + (b - 0xA1));  // half-width katakana ｡ … ﾟ
      ++i;
    } else if (isSjisLead(b)) {
      i += sjisDoubleByte(in, i, out, stop);
    } else {
      stop = !out.fail(i, "byte that never starts a Shift_JIS character", in.substr(i, 1));
      ++i;
    }
  }
  return std::move(out).finish();
}

// ---------------------------------------------------------------------------------------------
// ISO 2022 (ISO-2022-JP and DICOM's code extensions)

enum class Charset {
  None,      ///< nothing designated (G1 of ISO-2022-JP): bytes with the high bit set are errors
  Ascii,     ///< ISO 646 IRV, ESC ( B
  Roman,     ///< JIS X 0201 Roman, ESC ( J: ASCII with ¥ at 0x5C and ‾ at 0x7E
  Katakana,  ///< JIS X 0201 katakana: ESC ( I in G0 (0x21–0x5F), ESC ) I in G1 (0xA1–0xDF)
  Jis0208,   ///< JIS X 0208, ESC $ B or ESC $ @
  Jis0212,   ///< JIS X 0212, ESC $ ( D: recognised, but its characters are errors
  Latin1,    ///< ISO 8859-1 right half in G1 (DICOM ISO_IR 100), ESC - A
};

struct Iso2022Setup {
  Charset g0 = Charset::Ascii;
  Charset g1 = Charset::None;
  bool dicom = false;                 ///< allows G1 designations (ESC ) I, ESC - A)
  std::string_view resetAfter;        ///< after these, G0 and G1 return to the initial sets
};

struct Iso2022State {
  Charset g0;
  Charset g1;
};

/// The designation an escape sequence makes, by its bytes after ESC.
struct Designation {
  std::string_view escape;
  bool g1;
  Charset charset;  ///< None: announcer only, changes nothing
  bool dicomOnly;
};

constexpr Designation kDesignations[] = {
    {"(B", false, Charset::Ascii, false},    {"(J", false, Charset::Roman, false},
    {"(I", false, Charset::Katakana, false}, {"$B", false, Charset::Jis0208, false},
    {"$@", false, Charset::Jis0208, false},  {"$(B", false, Charset::Jis0208, false},
    {"$(@", false, Charset::Jis0208, false}, {"$(D", false, Charset::Jis0212, false},
    {"&@", false, Charset::None, false},     {")I", true, Charset::Katakana, true},
    {"-A", true, Charset::Latin1, true},
};

/// Reads the escape sequence at `i` (ISO 2022: ESC, intermediates 0x20–0x2F, one final 0x30–0x7E)
/// and applies it; returns the bytes consumed.
std::size_t escapeSequence(std::string_view in, std::size_t i, const Iso2022Setup& setup, Iso2022State& state,
                           Sink& out, bool& stop) {
  std::size_t end = i + 1;
  while (end < in.size() && byteAt(in, end) >= 0x20 && byteAt(in, end) <= 0x2F) ++end;
  if (end >= in.size()) {
    stop = !out.fail(i, "escape sequence cut off at end of input", in.substr(i));
    return in.size() - i;
  }
  const unsigned char final = byteAt(in, end);
  if (final < 0x30 || final > 0x7E) {
    stop = !out.fail(i, "malformed escape sequence", in.substr(i, end - i + 1));
    return end - i;  // the offending byte is read again as an ordinary byte
  }
  const std::string_view escape = in.substr(i + 1, end - i);
  for (const Designation& d : kDesignations) {
    if (d.escape != escape || (d.dicomOnly && !setup.dicom)) continue;
    if (d.charset != Charset::None) (d.g1 ? state.g1 : state.g0) = d.charset;
    return end - i + 1;
  }
  stop = !out.fail(i, "unsupported escape sequence", in.substr(i, end - i + 1));
  return end - i + 1;
}

/// Decodes a two-byte JIS X 0208 or 0212 character at `i`; returns the bytes consumed.
std::size_t twoByteChar(std::string_view in, std::size_t i, Charset set, Sink& out, bool& stop) {
  if (i + 1 >= in.size()) {
    stop = !out.fail(i, "two-byte JIS character cut off at end of input", in.substr(i, 1));
    return 1;
  }
  const unsigned char first = byteAt(in, i), second = byteAt(in, i + 1);
  if (!isJisByte(second)) {
    stop = !out.fail(i, "invalid second byte of a two-byte JIS character", in.substr(i, 2));
    return 1;  // the second byte (a control, an ESC) is read again
  }
  if (set == Charset::Jis0212) {
    stop = !out.fail(i, "JIS X 0212 characters are not supported", in.substr(i, 2));
    return 2;
  }
  const char32_t cp = jisChar(first, second);
  if (cp == 0) {
    stop = !out.fail(i, "JIS X 0208 code with no character", in.substr(i, 2));
    return 2;
  }
  out.put(cp);
  return 2;
}

/// A byte 0x21–0x7E in a one-byte G0 set.
void oneByteChar(unsigned char b, Charset set, std::size_t i, std::string_view in, Sink& out, bool& stop) {
  switch (set) {
    case Charset::Roman:
      out.put(b == 0x5C ? U'\u00A5' : b == 0x7E ? U'\u203E' : static_cast<char32_t>(b));
      return;
    case Charset::Katakana:
      if (b <= 0x5F) {
        out.put(0xFF61 + (b - 0x21));
      } else {
        stop = !out.fail(i, "byte outside JIS X 0201 katakana", in.substr(i, 1));
      }
      return;
    default:
      out.put(b);
      return;
  }
}

/// A byte 0x80–0xFF: a character of G1, if one is designated (DICOM), else an error.
void highByteChar(unsigned char b, Charset set, std::size_t i, std::string_view in, Sink& out, bool& stop) {
  if (set == Charset::Katakana && b >= 0xA1 && b <= 0xDF) {
    out.put(0xFF61 + (b - 0xA1));
  } else if (set == Charset::Latin1 && b >= 0xA0) {
    out.put(b);
  } else {
    stop = !out.fail(i, set == Charset::None ? "byte with the high bit set in 7-bit ISO 2022 text"
                                             : "byte outside the G1 character set",
                     in.substr(i, 1));
  }
}

Decoded decodeIso2022(std::string_view in, const Iso2022Setup& setup, OnError mode) {
  Sink out(mode);
  Iso2022State state{setup.g0, setup.g1};
  const auto reset = [&] { state = {setup.g0, setup.g1}; };
  bool stop = false;
  for (std::size_t i = 0; i < in.size() && !stop;) {
    const unsigned char b = byteAt(in, i);
    const bool delimiter = setup.resetAfter.find(static_cast<char>(b)) != std::string_view::npos;
    if (b == kEsc) {
      i += escapeSequence(in, i, setup, state, out, stop);
    } else if (b >= 0x80) {
      highByteChar(b, state.g1, i, in, out, stop);
      ++i;
    } else if (b <= 0x20 || b == 0x7F) {
      out.put(b);  // SPACE and controls are themselves whatever G0 holds
      if (delimiter) reset();
      ++i;
    } else if (state.g0 == Charset::Jis0208 || state.g0 == Charset::Jis0212) {
      i += twoByteChar(in, i, state.g0, out, stop);
    } else if (delimiter && (state.g0 == Charset::Ascii || state.g0 == Charset::Roman)) {
      out.put(b);  // a delimiter is written as itself: DICOM's '\' separator is 0x5C in Roman too
      reset();
      ++i;
    } else {
      oneByteChar(b, state.g0, i, in, out, stop);
      ++i;
    }
  }
  return std::move(out).finish();
}

// ---------------------------------------------------------------------------------------------
// Names

char asciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

/// Lower case, letters and digits only: "ISO IR87", "iso-ir-87" and "ISO_IR87" all give "isoir87".
std::string nameKey(std::string_view name) {
  std::string key;
  for (const char c : name) {
    const char l = asciiLower(c);
    if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9')) key += l;
  }
  return key;
}

/// A DICOM defined term without its padding, upper case.
std::string dicomTerm(std::string_view term) {
  std::string out;
  for (const char c : trim(term, kDicomPadding)) out += c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
  return out;
}

/// The initial G0/G1 for value 1 of (0008,0005); nullopt when it is not an ISO 2022 set we know.
std::optional<Iso2022State> dicomInitialState(const std::string& first) {
  // Value 1 names G0 (and G1) at the start of each value; the multi-byte sets can only be reached
  // by escapes, so a value 1 of IR 87 or IR 159 (seen in the field) still starts in ASCII.
  if (first.empty() || first == "ISO_IR 6" || first == "ISO 2022 IR 6" || first == "ISO 2022 IR 87" ||
      first == "ISO 2022 IR 159")
    return Iso2022State{Charset::Ascii, Charset::None};
  if (first == "ISO_IR 13" || first == "ISO 2022 IR 13") return Iso2022State{Charset::Roman, Charset::Katakana};
  if (first == "ISO_IR 100" || first == "ISO 2022 IR 100") return Iso2022State{Charset::Ascii, Charset::Latin1};
  return std::nullopt;
}

}  // namespace

Decoded decode(std::string_view bytes, Encoding encoding, OnError onError) {
  switch (encoding) {
    case Encoding::Utf8: return decodeUtf8(bytes, onError);
    case Encoding::ShiftJis: return decodeShiftJis(bytes, onError);
    case Encoding::Iso2022Jp:
      return decodeIso2022(bytes, Iso2022Setup{Charset::Ascii, Charset::None, false, "\r\n"}, onError);
  }
  return {};
}

Decoded decodeDicom(std::string_view bytes, std::span<const std::string_view> specificCharacterSet,
                    std::string_view resetAfter, OnError onError) {
  const std::string first = specificCharacterSet.empty() ? std::string{} : dicomTerm(specificCharacterSet.front());
  if (first == "ISO_IR 192") return decodeUtf8(bytes, onError);
  const auto initial = dicomInitialState(first);
  if (initial) return decodeIso2022(bytes, Iso2022Setup{initial->g0, initial->g1, true, resetAfter}, onError);
  // An unknown character set: with Replace, ASCII still reads (names, IDs); the rest becomes U+FFFD.
  Decoded unknown;
  if (onError == OnError::Replace)
    unknown = decodeIso2022(bytes, Iso2022Setup{Charset::Ascii, Charset::None, true, resetAfter}, onError);
  unknown.error = "unsupported Specific Character Set '" + first + "'";
  unknown.errorOffset = 0;
  return unknown;
}

std::optional<Encoding> encodingFromName(std::string_view name) {
  const std::string key = nameKey(name);
  // HL7 table 0211 ("UNICODE UTF-8", "ISO IR6", "ISO IR87"), IANA names and aliases, DICOM terms.
  constexpr std::string_view kUtf8[] = {"", "ascii", "usascii", "isoir6", "iso2022ir6", "iso646irv", "unicodeutf8",
                                        "utf8", "isoir192"};
  constexpr std::string_view kShiftJis[] = {"shiftjis", "sjis", "xsjis", "csshiftjis", "mskanji", "cp932", "ms932",
                                            "windows31j", "cswindows31j", "sjiswin"};
  constexpr std::string_view kIso2022Jp[] = {"iso2022jp", "csiso2022jp", "isoir87", "iso2022ir87", "jis"};
  for (const auto n : kUtf8)
    if (key == n) return Encoding::Utf8;
  for (const auto n : kShiftJis)
    if (key == n) return Encoding::ShiftJis;
  for (const auto n : kIso2022Jp)
    if (key == n) return Encoding::Iso2022Jp;
  return std::nullopt;
}

}  // namespace renkei::text
