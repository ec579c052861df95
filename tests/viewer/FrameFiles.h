// SPDX-License-Identifier: MIT
// Test files of the viewer's frame decoder (tests/viewer): a frame's bytes as the server sends
// them (NAME.frame) and its description (NAME.desc: key=value lines — the transfer syntax and
// the image pixel module), written by frame_tool (native, DCMTK/OpenJPEG) and read by the tests
// natively and under node. Header-only, pure.
#pragma once

#include "wasm-app/viewer/FrameDecoder.h"

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace renkei::viewer::testing {

struct FrameFile {
  std::string transferSyntax;
  ImageDescription image;
  std::vector<std::uint8_t> bytes;
  // The modality LUT: lossy JPEG in DCMTK may re-scale the stored values and the intercept with them.
  double rescaleSlope = 1;
  double rescaleIntercept = 0;
};

inline std::optional<std::vector<std::uint8_t>> readBytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return std::nullopt;
  return std::vector<std::uint8_t>((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

inline std::string describe(const std::string& transferSyntax, const ImageDescription& d, double slope = 1,
                            double intercept = 0) {
  std::ostringstream o;
  o << "transferSyntax=" << transferSyntax << "\nrows=" << d.rows << "\ncolumns=" << d.columns
    << "\nsamplesPerPixel=" << d.samplesPerPixel << "\nbitsAllocated=" << d.bitsAllocated
    << "\nbitsStored=" << d.bitsStored << "\nhighBit=" << d.highBit << "\npixelRepresentation=" << d.pixelRepresentation
    << "\nphotometricInterpretation=" << d.photometricInterpretation
    << "\nplanarConfiguration=" << d.planarConfiguration << "\nrescaleSlope=" << slope
    << "\nrescaleIntercept=" << intercept << "\n";
  if (d.palette) {
    // paletteRed=ENTRIES FIRST BITS WORD… (and Green, Blue)
    for (auto [name, lut] : {std::pair{"Red", &d.palette->red}, {"Green", &d.palette->green}, {"Blue", &d.palette->blue}}) {
      o << "palette" << name << "=" << lut->entries << " " << lut->firstMapped << " " << lut->bits;
      for (const std::uint16_t w : lut->data) o << " " << w;
      o << "\n";
    }
  }
  return o.str();
}

inline PaletteLut paletteFrom(const std::string& text) {
  PaletteLut lut;
  std::istringstream in(text);
  in >> lut.entries >> lut.firstMapped >> lut.bits;
  for (unsigned w; in >> w;) lut.data.push_back(static_cast<std::uint16_t>(w));
  return lut;
}

// DIR/NAME.frame and DIR/NAME.desc
inline std::optional<FrameFile> loadFrame(const std::string& dir, const std::string& name) {
  auto bytes = readBytes(dir + "/" + name + ".frame");
  std::ifstream desc(dir + "/" + name + ".desc");
  if (!bytes || !desc) return std::nullopt;
  std::map<std::string, std::string> kv;
  for (std::string line; std::getline(desc, line);) {
    const auto eq = line.find('=');
    if (eq != std::string::npos) kv[line.substr(0, eq)] = line.substr(eq + 1);
  }
  FrameFile f;
  f.bytes = std::move(*bytes);
  f.transferSyntax = kv["transferSyntax"];
  auto num = [&](const char* key, int fallback) { return kv.count(key) ? std::stoi(kv[key]) : fallback; };
  f.image.rows = num("rows", 0);
  f.image.columns = num("columns", 0);
  f.image.samplesPerPixel = num("samplesPerPixel", 1);
  f.image.bitsAllocated = num("bitsAllocated", 16);
  f.image.bitsStored = num("bitsStored", 16);
  f.image.highBit = num("highBit", 15);
  f.image.pixelRepresentation = num("pixelRepresentation", 0);
  f.image.photometricInterpretation = kv["photometricInterpretation"];
  f.image.planarConfiguration = num("planarConfiguration", 0);
  if (kv.count("paletteRed")) {
    auto palette = std::make_shared<Palette>();
    palette->red = paletteFrom(kv["paletteRed"]);
    palette->green = paletteFrom(kv["paletteGreen"]);
    palette->blue = paletteFrom(kv["paletteBlue"]);
    f.image.palette = std::move(palette);
  }
  if (kv.count("rescaleSlope")) f.rescaleSlope = std::stod(kv["rescaleSlope"]);
  if (kv.count("rescaleIntercept")) f.rescaleIntercept = std::stod(kv["rescaleIntercept"]);
  return f;
}

// FNV-1a 64 over the geometry and every sample as int32 little endian: equal checksums, equal
// pixels (for comparing builds, not a security hash).
inline std::uint64_t checksum(const DecodedFrame& f) {
  std::uint64_t h = 1469598103934665603ull;
  auto add = [&h](std::uint32_t v) {
    for (int i = 0; i < 4; ++i) h = (h ^ ((v >> (8 * i)) & 0xff)) * 1099511628211ull;
  };
  add(std::uint32_t(f.width));
  add(std::uint32_t(f.height));
  add(std::uint32_t(f.samples));
  for (std::size_t i = 0; i < f.sampleCount(); ++i) add(static_cast<std::uint32_t>(f.valueAt(i)));
  return h;
}

inline std::string hex(std::uint64_t v) {
  char text[17];
  std::snprintf(text, sizeof text, "%016" PRIx64, v);
  return text;
}

// One line per decoded frame, the same text natively and in WebAssembly.
inline std::string summary(const DecodeResult& r) {
  if (!r.ok()) return "error";
  const DecodedFrame& f = r.frame;
  std::int32_t lo = 0, hi = 0;
  for (std::size_t i = 0; i < f.sampleCount(); ++i) {
    const std::int32_t v = f.valueAt(i);
    if (i == 0 || v < lo) lo = v;
    if (i == 0 || v > hi) hi = v;
  }
  std::ostringstream o;
  o << "size=" << f.width << "x" << f.height << "x" << f.samples << " signed=" << f.isSigned
    << " pi=" << f.photometricInterpretation << " min=" << lo << " max=" << hi << " checksum=" << hex(checksum(f));
  return o.str();
}

}  // namespace renkei::viewer::testing
