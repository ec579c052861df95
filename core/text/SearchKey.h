// SPDX-License-Identifier: MIT
// SearchKey — how names are compared when someone searches for a patient: a doctor may type
// 「やまだ」, 「ヤマダ」, 「山田太郎」 or 「山田　太郎」 and expects to find ヤマダ タロウ / 山田 太郎.
// The key folds hiragana to katakana, full-width ASCII to ASCII, ASCII letters to lower case, and
// drops spaces (ASCII and the ideographic space). Kanji are kept as they are.
#pragma once

#include <string>
#include <string_view>

namespace renkei::text {

/// The folded form of `utf8`; ill-formed UTF-8 (overlong forms and surrogates included, see Utf8.h)
/// is dropped.
std::string searchKey(std::string_view utf8);

}  // namespace renkei::text
