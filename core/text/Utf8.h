// SPDX-License-Identifier: MIT
// Utf8 — the one UTF-8 reader and writer of core (and of the server and tools, which use core's).
// Reading is strict, by Unicode's Table 3-7 (well-formed byte sequences, as RFC 3629): overlong
// forms, surrogates (U+D800–U+DFFF), values above U+10FFFF, stray continuation bytes and sequences
// cut off by the end of the input are ill-formed. What to do with an ill-formed sequence is the
// caller's choice (fail, replace with U+FFFD, drop it, copy it as it is): decodeUtf8At reports it,
// with the length of its maximal ill-formed subpart (Unicode §3.9, "U+FFFD substitution of maximal
// subparts"), so a caller that skips it never swallows the first byte of a following character.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace renkei::text {

/// U+FFFD REPLACEMENT CHARACTER, what a lenient decoder writes for an ill-formed sequence.
inline constexpr char32_t kReplacementCharacter = 0xFFFD;

/// Appends the UTF-8 form (1–4 bytes) of `cp`, which must be a Unicode scalar value (at most
/// U+10FFFF, not a surrogate): every caller writes code points that came from a decoder or a table.
void appendUtf8(std::string& out, char32_t cp);

/// One step of reading UTF-8.
struct Utf8Char {
  char32_t codePoint = 0;  ///< the character; 0 when !ok
  std::size_t length = 1;  ///< bytes of the character, or of the maximal ill-formed subpart (at least 1)
  bool ok = false;         ///< a well-formed character
  bool truncated = false;  ///< ill-formed only because the input ended in the middle of a character
};

/// Reads the character that starts at `s[i]` (`i` < `s.size()`). Never reads past `s`.
Utf8Char decodeUtf8At(std::string_view s, std::size_t i);

/// The code points of `s`; nullopt when any sequence in it is ill-formed.
std::optional<std::u32string> decodeUtf8Strict(std::string_view s);

/// True when `bytes` is well-formed UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF, nothing cut off).
bool isValidUtf8(std::string_view bytes);

}  // namespace renkei::text
