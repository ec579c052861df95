// SPDX-License-Identifier: MIT
// Decoding one DICOM frame as the server sends it (WADO-RS frames, transfer-syntax=*: one
// multipart part per frame, the bytes as stored) into pixel values for the viewer (issue 11).
// Pure C++: no ImGui, no browser — compiled natively for the tests and to WebAssembly for the app.
//
// Codecs are DCMTK's (RLE, JPEG baseline/extended/lossless, JPEG-LS; the frame is wrapped in a
// small in-memory data set as an encapsulated pixel sequence) and OpenJPEG's (JPEG 2000, raw
// codestream or JP2 boxes). Uncompressed frames are only unpacked (and byte-swapped for explicit
// VR big endian). Deflate is a data-set encoding: its frames arrive uncompressed.
//
// decodeFrame never throws and never reads or writes outside its buffers on bad input (truncated
// bitstream, a description that does not match the data): it returns an error text instead.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wasm-app/viewer/Colour.h"

namespace renkei::viewer {

// The image pixel module of the instance, from its DICOM JSON metadata.
struct ImageDescription {
  int rows = 0;
  int columns = 0;
  int samplesPerPixel = 1;
  int bitsAllocated = 16;
  int bitsStored = 16;
  int highBit = 15;
  int pixelRepresentation = 0;  // 0 unsigned, 1 two's complement
  std::string photometricInterpretation = "MONOCHROME2";
  int planarConfiguration = 0;  // only for samplesPerPixel > 1: 0 colour-by-pixel, 1 colour-by-plane
  std::shared_ptr<const Palette> palette;  // PALETTE COLOR: the file's lookup tables
};

// A decoded frame. Samples are always colour-by-pixel (R G B R G B …), values are the stored
// values (bits-stored wide, sign-extended when signed), not yet rescaled or windowed.
//   monochrome (1 sample) with bits stored ≤ 16: `mono16` holds them; read each as int16_t when
//   `isSigned`, as uint16_t otherwise (`valueAt` does it). `values` is empty.
//   otherwise (colour, or monochrome deeper than 16 bits): `values` (int32), `mono16` empty.
struct DecodedFrame {
  int width = 0;
  int height = 0;
  int samples = 0;
  int bitsStored = 0;
  bool isSigned = false;
  // After decoding: colour is always "RGB" (YBR models and palettes converted), monochrome
  // keeps its MONOCHROME1/2.
  std::string photometricInterpretation;
  std::vector<std::uint16_t> mono16;
  std::vector<std::int32_t> values;

  std::size_t sampleCount() const { return mono16.empty() ? values.size() : mono16.size(); }
  // Sample `i` (pixel i / samples, component i % samples) as a signed value.
  std::int32_t valueAt(std::size_t i) const {
    if (!mono16.empty()) return isSigned ? std::int32_t(std::int16_t(mono16[i])) : std::int32_t(mono16[i]);
    return values[i];
  }
};

struct DecodeResult {
  DecodedFrame frame;
  std::string error;  // empty on success
  bool ok() const { return error.empty(); }
};

// What decodeFrame can do with a transfer syntax UID.
enum class FrameEncoding { Unsupported, Native, NativeBigEndian, Rle, Jpeg, JpegLs, Jpeg2000 };
FrameEncoding frameEncodingOf(std::string_view transferSyntaxUid);

// `frame`: for compressed syntaxes the frame's bitstream (the fragments of one frame, joined);
// for uncompressed ones the frame's pixel bytes as stored (one trailing pad byte is allowed).
DecodeResult decodeFrame(std::span<const std::uint8_t> frame, std::string_view transferSyntaxUid,
                         const ImageDescription& image);

}  // namespace renkei::viewer
