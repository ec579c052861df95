// SPDX-License-Identifier: MIT
// libFuzzer target: core's Japanese text decoder (Shift_JIS/CP932, ISO-2022-JP, UTF-8, and DICOM's
// ISO 2022 code extensions). The first byte picks the decoder; the output must always be valid UTF-8.
// Issue 15 §2.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/text/JapaneseText.h"

namespace {

void mustBeUtf8(const renkei::text::Decoded& d) {
  if (!renkei::text::isValidUtf8(d.utf8)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace renkei::text;
  if (size == 0) return 0;
  const std::uint8_t mode = data[0];
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (mode % 4) {
    case 0: mustBeUtf8(decode(bytes, Encoding::ShiftJis, mode & 4 ? OnError::Replace : OnError::Fail)); break;
    case 1: mustBeUtf8(decode(bytes, Encoding::Iso2022Jp, mode & 4 ? OnError::Replace : OnError::Fail)); break;
    case 2: mustBeUtf8(decode(bytes, Encoding::Utf8, mode & 4 ? OnError::Replace : OnError::Fail)); break;
    default: {
      // The Specific Character Sets Japanese archives send.
      static constexpr std::array<std::array<std::string_view, 2>, 4> sets{{
          {"", "ISO 2022 IR 87"}, {"ISO 2022 IR 13", "ISO 2022 IR 87"}, {"ISO_IR 192", ""}, {"ISO_IR 13", ""}}};
      const auto& set = sets[(mode >> 2) % sets.size()];
      const std::size_t terms = set[1].empty() ? 1 : 2;
      mustBeUtf8(decodeDicom(bytes, std::span<const std::string_view>(set.data(), terms)));
    }
  }
  return 0;
}
