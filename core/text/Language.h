// SPDX-License-Identifier: MIT
// Language — the two languages of every user-visible text (the app's screens, the error catalogue).
#pragma once

namespace renkei {

enum class Language { Japanese, English };

}  // namespace renkei
