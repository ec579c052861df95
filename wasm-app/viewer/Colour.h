// SPDX-License-Identifier: MIT
// Colour models of decoded frames turned into RGB, as the viewer shows them (issue 11 §1):
// YBR_FULL (from RLE, uncompressed files, or JPEG left in YBR by the codec), YBR_FULL_422 as
// stored uncompressed (two luminance samples, then Cb Cr, for each pair of pixels), and
// PALETTE COLOR through the file's red, green and blue lookup tables (PS3.3 C.7.6.3.1.2,
// C.7.6.3.1.5, C.7.6.3.1.6, C.7.9). Pure arithmetic; no DCMTK.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace renkei::viewer {

struct DecodedFrame;

// One of the three Palette Color Lookup Tables: its descriptor (number of entries, 0 meaning
// 65536; the first stored value mapped; bits per entry, 8 or 16) and its data as 16-bit words.
struct PaletteLut {
  int entries = 0;
  int firstMapped = 0;
  int bits = 16;
  std::vector<std::uint16_t> data;
};

struct Palette {
  PaletteLut red, green, blue;
};

// Empty when the tables can be applied, else why not.
std::string checkPalette(const Palette& palette);

// YBR_FULL samples (colour by pixel, `bitsStored` deep) to RGB in place.
void ybrFullToRgb(DecodedFrame& frame);

// Uncompressed YBR_FULL_422 (Y1 Y2 Cb Cr per pixel pair, 8 bits) of `rows` × `columns` to a
// YBR_FULL frame colour by pixel. `columns` must be even; the caller checked the byte count.
void upsampleYbr422(std::span<const std::uint8_t> data, int rows, int columns, DecodedFrame& out);

// The frame's stored values (one sample) through the palette: 8-bit RGB.
DecodedFrame applyPalette(const DecodedFrame& indices, const Palette& palette);

}  // namespace renkei::viewer
