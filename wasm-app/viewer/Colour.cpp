// SPDX-License-Identifier: MIT
#include "wasm-app/viewer/Colour.h"

#include <algorithm>
#include <cmath>

#include "wasm-app/viewer/FrameDecoder.h"

namespace renkei::viewer {
namespace {

std::string checkLut(const PaletteLut& lut, const char* name) {
  const std::size_t entries = lut.entries == 0 ? 65536 : static_cast<std::size_t>(lut.entries);
  if (lut.entries < 0 || lut.entries > 65535) return std::string("the ") + name + " palette's descriptor is invalid";
  if (lut.bits != 8 && lut.bits != 16)
    return std::string("the ") + name + " palette has " + std::to_string(lut.bits) + " bits per entry (8 or 16)";
  // 8-bit tables come one entry per word, or (by some writers) two entries per word.
  const bool packed = lut.bits == 8 && lut.data.size() * 2 == entries;
  if (lut.data.size() != entries && !packed)
    return std::string("the ") + name + " palette holds " + std::to_string(lut.data.size()) + " entries, its descriptor " +
           std::to_string(entries);
  return {};
}

// The table as 8-bit entries.
std::vector<std::uint8_t> eightBit(const PaletteLut& lut) {
  const std::size_t entries = lut.entries == 0 ? 65536 : static_cast<std::size_t>(lut.entries);
  std::vector<std::uint8_t> out(entries);
  if (lut.bits == 16) {
    for (std::size_t i = 0; i < entries; ++i) out[i] = static_cast<std::uint8_t>(lut.data[i] >> 8);
  } else if (lut.data.size() == entries) {
    // One 8-bit entry per 16-bit word, in the low byte (some writers use the high byte).
    const bool high = std::all_of(lut.data.begin(), lut.data.end(), [](std::uint16_t w) { return (w & 0xff) == 0; }) &&
                      std::any_of(lut.data.begin(), lut.data.end(), [](std::uint16_t w) { return w != 0; });
    for (std::size_t i = 0; i < entries; ++i)
      out[i] = static_cast<std::uint8_t>(high ? lut.data[i] >> 8 : lut.data[i] & 0xff);
  } else {
    for (std::size_t i = 0; i < entries; ++i)
      out[i] = static_cast<std::uint8_t>(i % 2 == 0 ? lut.data[i / 2] & 0xff : lut.data[i / 2] >> 8);
  }
  return out;
}

}  // namespace

std::string checkPalette(const Palette& palette) {
  for (auto [lut, name] : {std::pair{&palette.red, "red"}, {&palette.green, "green"}, {&palette.blue, "blue"}})
    if (std::string problem = checkLut(*lut, name); !problem.empty()) return problem;
  return {};
}

void ybrFullToRgb(DecodedFrame& f) {
  if (f.samples != 3) return;
  const int bits = std::clamp(f.bitsStored, 1, 16);
  const double half = double(1 << (bits - 1)), top = double((1 << bits) - 1);
  auto clamp = [top](double v) { return static_cast<std::int32_t>(std::clamp(std::lround(v), 0L, long(top))); };
  for (std::size_t p = 0; p + 2 < f.values.size(); p += 3) {
    const double y = f.values[p], cb = f.values[p + 1] - half, cr = f.values[p + 2] - half;
    f.values[p] = clamp(y + 1.402 * cr);
    f.values[p + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
    f.values[p + 2] = clamp(y + 1.772 * cb);
  }
  f.photometricInterpretation = "RGB";
}

void upsampleYbr422(std::span<const std::uint8_t> data, int rows, int columns, DecodedFrame& out) {
  out.width = columns;
  out.height = rows;
  out.samples = 3;
  out.bitsStored = 8;
  out.isSigned = false;
  out.photometricInterpretation = "YBR_FULL";
  out.mono16.clear();
  const std::size_t pairs = std::size_t(rows) * std::size_t(columns) / 2;
  out.values.resize(pairs * 6);
  for (std::size_t k = 0; k < pairs; ++k) {
    const std::uint8_t* s = data.data() + 4 * k;
    std::int32_t* d = out.values.data() + 6 * k;
    d[0] = s[0], d[1] = s[2], d[2] = s[3];
    d[3] = s[1], d[4] = s[2], d[5] = s[3];
  }
}

DecodedFrame applyPalette(const DecodedFrame& indices, const Palette& palette) {
  DecodedFrame out;
  out.width = indices.width;
  out.height = indices.height;
  out.samples = 3;
  out.bitsStored = 8;
  out.photometricInterpretation = "RGB";
  const std::size_t pixels = indices.sampleCount();
  out.values.resize(pixels * 3);
  const PaletteLut* luts[3] = {&palette.red, &palette.green, &palette.blue};
  for (int c = 0; c < 3; ++c) {
    const std::vector<std::uint8_t> table = eightBit(*luts[c]);
    const std::int64_t first = luts[c]->firstMapped, last = first + std::int64_t(table.size()) - 1;
    // Values below the first mapped one take the first entry, above the last the last (C.7.6.3.1.5).
    for (std::size_t p = 0; p < pixels; ++p) {
      const std::int64_t v = std::clamp<std::int64_t>(indices.valueAt(p), first, last);
      out.values[3 * p + c] = table[static_cast<std::size_t>(v - first)];
    }
  }
  return out;
}

}  // namespace renkei::viewer
