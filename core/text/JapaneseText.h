// SPDX-License-Identifier: MIT
// JapaneseText — the one decoder of Japanese byte encodings into UTF-8, shared by HL7 v2 lab
// messages (SS-MIX2: ISO-2022-JP, or Shift_JIS from older systems) and DICOM names
// (Specific Character Set "ISO 2022 IR 87" / "ISO 2022 IR 13", which DCMTK's iconv path cannot
// decode). Pure: the tables are data (text/jisx0208.tsv and text/cp932-extensions.tsv, generated
// once by tools/dev/make-jis-table.sh and embedded), so the same decoder runs in the server and the app.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/text/Utf8.h"  // isValidUtf8, which callers of decode() use to check text said to be UTF-8

namespace renkei::text {

enum class Encoding {
  Utf8,       ///< checked, passed through
  ShiftJis,   ///< Shift_JIS as Windows writes it (CP932): with the NEC row-13 symbols (①, Ⅰ, ㎎, ㍉ …) and
              ///< the NEC-selected IBM and IBM extensions (髙, 﨑, 德, ⅰ, ∵ …); user-defined gaiji are errors
  Iso2022Jp,  ///< RFC 1468 (+ JIS X 0201 katakana by ESC ( I): ESC $ B / ESC $ @ / ESC ( B / ESC ( J
};

/// What to do with a byte sequence that is not valid in the encoding.
enum class OnError {
  Fail,     ///< stop: `error` and `errorOffset` say where and why, `utf8` holds what came before
  Replace,  ///< write U+FFFD and go on; `error` still names the first problem
};

struct Decoded {
  std::string utf8;
  std::string error;            ///< empty when every byte was valid
  std::size_t errorOffset = 0;  ///< byte offset of the first invalid sequence
  bool ok() const { return error.empty(); }
};

/// Decodes `bytes` from `encoding` into UTF-8.
Decoded decode(std::string_view bytes, Encoding encoding, OnError onError = OnError::Fail);

/// Decodes a DICOM value whose Specific Character Set (0008,0005) has the given terms (the value
/// split at '\', e.g. {"", "ISO 2022 IR 87"} or {"ISO 2022 IR 13", "ISO 2022 IR 87"} or
/// {"ISO_IR 192"}), following PS3.5 §6.1.2.5 and Annex H: escape sequences switch G0/G1, and the
/// state returns to the initial one after each delimiter of `resetAfter` ("^=\\\r\n" for PN).
Decoded decodeDicom(std::string_view bytes, std::span<const std::string_view> specificCharacterSet,
                    std::string_view resetAfter = "^=\\\r\n\t\f", OnError onError = OnError::Replace);

/// The encoding for a name as written in HL7 MSH-18 ("ISO IR87", "UNICODE UTF-8", "ISO IR6"),
/// MIME/IANA ("ISO-2022-JP", "Shift_JIS", "SJIS", "CP932", "UTF-8"); case-insensitive. ASCII-only
/// names ("ASCII", "ISO IR6", "") give Utf8 (a superset). nullopt for anything else.
std::optional<Encoding> encodingFromName(std::string_view name);

}  // namespace renkei::text
