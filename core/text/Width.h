// SPDX-License-Identifier: MIT
// Width — full-width ASCII forms back to ASCII. A Japanese input method left switched on types
// "ＭＤ３００３０１", "１２．５" or "＜０．５": the Halfwidth and Fullwidth Forms block holds a
// full-width twin of every printable ASCII character but the space, U+FF01–U+FF5E for U+0021–U+007E
// (a fixed distance of 0xFEE0). Only those are folded: the ideographic space U+3000, half-width
// katakana and the other full-width signs (￥, ￠ …) are left to the caller, since callers differ
// (a search key drops U+3000, a password reads it as a space, a licence number keeps it).
#pragma once

#include <string>
#include <string_view>

namespace renkei::text {

/// The ASCII character of a full-width form (U+FF01–U+FF5E → U+0021–U+007E); any other code point as it is.
char32_t halfWidthAscii(char32_t cp);

/// `utf8` with each full-width ASCII form replaced by its ASCII character; everything else,
/// ill-formed bytes included, is copied as it is.
std::string halfWidthAscii(std::string_view utf8);

}  // namespace renkei::text
