// SPDX-License-Identifier: MIT
// The viewer's frame decoder (issue 11), natively and in WebAssembly under node: every test frame
// (make_frames.sh: DCMTK- and OpenJPEG-encoded, in RENKEI_VIEWER_FRAMES) decodes to the values of
// its uncompressed original (exactly for lossless syntaxes), and bad input is an error, not a crash.
#include "FrameFiles.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>

using namespace renkei::viewer;
using renkei::viewer::testing::FrameFile;
using renkei::viewer::testing::loadFrame;

namespace {

const std::string kDir = RENKEI_VIEWER_FRAMES;

struct Case {
  std::string name, reference;
  int tolerance = 0;
};

std::vector<Case> cases() {
  std::vector<Case> all;
  std::ifstream f(kDir + "/cases.txt");
  for (Case c; f >> c.name >> c.reference >> c.tolerance;) all.push_back(c);
  return all;
}

FrameFile mustLoad(const std::string& name) {
  auto f = loadFrame(kDir, name);
  if (!f) FAIL("cannot read test frame " << name << " in " << kDir);
  return *f;
}

/// Two 8-bit colour pixels on one row.
ImageDescription colourPixels(const char* photometric) {
  ImageDescription d;
  d.rows = 1;
  d.columns = 2;
  d.samplesPerPixel = 3;
  d.bitsAllocated = d.bitsStored = 8;
  d.highBit = 7;
  d.photometricInterpretation = photometric;
  return d;
}

}  // namespace

TEST_CASE("every test frame decodes to the values of its uncompressed original") {
  const auto all = cases();
  REQUIRE(all.size() >= 20);
  for (const Case& c : all) {
    DYNAMIC_SECTION(c.name << " like " << c.reference) {
      const FrameFile file = mustLoad(c.name), ref = mustLoad(c.reference);
      const DecodeResult r = decodeFrame(file.bytes, file.transferSyntax, file.image);
      INFO(c.name << " (" << file.transferSyntax << "): " << r.error);
      REQUIRE(r.ok());
      const DecodeResult want = decodeFrame(ref.bytes, ref.transferSyntax, ref.image);
      REQUIRE(want.ok());
      CHECK(r.frame.width == file.image.columns);
      CHECK(r.frame.height == file.image.rows);
      CHECK(r.frame.samples == (file.image.palette ? 3 : file.image.samplesPerPixel));  // palettes come as RGB
      CHECK(r.frame.isSigned == want.frame.isSigned);
      CHECK(r.frame.mono16.empty() == want.frame.mono16.empty());
      REQUIRE(r.frame.sampleCount() == want.frame.sampleCount());
      if (r.frame.samples == 3) CHECK(r.frame.photometricInterpretation == "RGB");
      // Compared in modality units: lossy JPEG re-scales the stored values (and the intercept).
      double worst = 0;
      for (std::size_t i = 0; i < r.frame.sampleCount(); ++i) {
        const double got = r.frame.valueAt(i) * file.rescaleSlope + file.rescaleIntercept;
        const double expected = want.frame.valueAt(i) * ref.rescaleSlope + ref.rescaleIntercept;
        worst = std::max(worst, std::abs(got - expected));
      }
      INFO("largest difference from the original: " << worst);
      CHECK(worst <= c.tolerance);
      if (c.tolerance == 0) CHECK(testing::checksum(r.frame) == testing::checksum(want.frame));
    }
  }
}

TEST_CASE("the uncompressed originals decode as DCMTK's DicomImage reads them") {
  for (const char* name : {"ct-explicit", "ct12-explicit", "rgb-explicit"}) {
    const FrameFile file = mustLoad(name);
    const DecodeResult r = decodeFrame(file.bytes, file.transferSyntax, file.image);
    REQUIRE(r.ok());
    std::ifstream f(kDir + "/" + name + ".dcmtk");
    std::string want;
    f >> want;
    INFO(name);
    CHECK(testing::hex(testing::checksum(r.frame)) == want);
  }
}

TEST_CASE("monochrome frames of up to 16 bits come as 16-bit values, colour as int32") {
  const FrameFile ct = mustLoad("ct-jpeg-ls"), ct12 = mustLoad("ct12-jpeg-ls"), rgb = mustLoad("rgb-rle");
  const DecodeResult a = decodeFrame(ct.bytes, ct.transferSyntax, ct.image);
  const DecodeResult b = decodeFrame(ct12.bytes, ct12.transferSyntax, ct12.image);
  const DecodeResult c = decodeFrame(rgb.bytes, rgb.transferSyntax, rgb.image);
  REQUIRE((a.ok() && b.ok() && c.ok()));
  CHECK(a.frame.isSigned);
  CHECK(a.frame.mono16.size() == 256u * 256u);
  CHECK(a.frame.values.empty());
  CHECK(!b.frame.isSigned);
  CHECK(b.frame.bitsStored == 12);
  CHECK(c.frame.values.size() == 96u * 128u * 3u);
  CHECK(c.frame.mono16.empty());
  // The phantom: air (−1000 ± 10 HU) in the corner, water (0 ± 10) in the middle.
  CHECK(a.frame.valueAt(0) <= -990);
  CHECK(std::abs(a.frame.valueAt(128 * 256 + 128)) <= 10);
  CHECK(b.frame.valueAt(0) == a.frame.valueAt(0) + 1024);
}

TEST_CASE("uncompressed frames are unpacked at the high bit, sign-extended and byte-swapped") {
  ImageDescription d;
  d.rows = 1;
  d.columns = 3;
  d.bitsAllocated = 16;
  d.bitsStored = 12;
  d.highBit = 11;
  d.pixelRepresentation = 1;
  // 0x0fff = −1 at 12 bits; 0xf800 has bits above the high bit set (ignored) → 0x800 = −2048; 0x07ff = 2047.
  const std::vector<std::uint8_t> le = {0xff, 0x0f, 0x00, 0xf8, 0xff, 0x07};
  const std::vector<std::uint8_t> be = {0x0f, 0xff, 0xf8, 0x00, 0x07, 0xff};
  for (const auto& [bytes, uid] : {std::pair{le, "1.2.840.10008.1.2.1"}, std::pair{le, "1.2.840.10008.1.2"},
                                   std::pair{le, "1.2.840.10008.1.2.1.99"}, std::pair{be, "1.2.840.10008.1.2.2"}}) {
    INFO(uid);
    const DecodeResult r = decodeFrame(bytes, uid, d);
    REQUIRE(r.ok());
    CHECK(r.frame.valueAt(0) == -1);
    CHECK(r.frame.valueAt(1) == -2048);
    CHECK(r.frame.valueAt(2) == 2047);
  }
  d.pixelRepresentation = 0;
  d.bitsStored = 4;
  d.highBit = 7;  // the upper nibble
  const DecodeResult r = decodeFrame(le, "1.2.840.10008.1.2.1", d);
  REQUIRE(r.ok());
  CHECK(r.frame.valueAt(0) == 0xf);
  CHECK(r.frame.valueAt(1) == 0x0);
  CHECK(r.frame.valueAt(2) == 0xf);

  ImageDescription rgb = colourPixels("RGB");
  rgb.planarConfiguration = 1;
  const std::vector<std::uint8_t> planes = {1, 2, 3, 4, 5, 6};  // R R G G B B
  const DecodeResult p = decodeFrame(planes, "1.2.840.10008.1.2.1", rgb);
  REQUIRE(p.ok());
  CHECK(p.frame.values == std::vector<std::int32_t>{1, 3, 5, 2, 4, 6});
  CHECK(!decodeFrame(std::vector<std::uint8_t>{1, 2, 3, 4, 5, 6, 0}, "1.2.840.10008.1.2.1", rgb).ok());

  ImageDescription odd;  // 3 bytes of 8-bit monochrome may come with a pad byte
  odd.rows = 1;
  odd.columns = 3;
  odd.bitsAllocated = odd.bitsStored = 8;
  odd.highBit = 7;
  const DecodeResult q = decodeFrame(std::vector<std::uint8_t>{7, 8, 9, 0}, "1.2.840.10008.1.2", odd);
  REQUIRE(q.ok());
  CHECK(q.frame.mono16 == std::vector<std::uint16_t>{7, 8, 9});
  CHECK(!decodeFrame(std::vector<std::uint8_t>{7, 8}, "1.2.840.10008.1.2", odd).ok());
}

TEST_CASE("a truncated bitstream is an error, not a crash") {
  for (const Case& c : cases()) {
    const FrameFile file = mustLoad(c.name);
    for (std::size_t keep : {file.bytes.size() / 2, file.bytes.size() * 9 / 10, std::size_t(64), std::size_t(3),
                             std::size_t(0)}) {
      INFO(c.name << " cut to " << keep << " of " << file.bytes.size() << " bytes");
      const std::vector<std::uint8_t> cut(file.bytes.begin(), file.bytes.begin() + std::ptrdiff_t(keep));
      const DecodeResult r = decodeFrame(cut, file.transferSyntax, file.image);
      CHECK(!r.ok());
      CHECK(!r.error.empty());
    }
  }
}

TEST_CASE("rows or columns that do not match the frame are an error, not a crash") {
  for (const Case& c : cases()) {
    const FrameFile file = mustLoad(c.name);
    for (auto [dr, dc] : {std::pair{1, 0}, std::pair{0, 1}, std::pair{-1, 0}, std::pair{0, -1}, std::pair{-200, 0},
                          std::pair{300, 300}}) {
      ImageDescription d = file.image;
      d.rows += dr;
      d.columns += dc;
      INFO(c.name << " described as " << d.columns << " x " << d.rows);
      const DecodeResult r = decodeFrame(file.bytes, file.transferSyntax, d);
      CHECK(!r.ok());
    }
  }
}

TEST_CASE("garbage in a compressed syntax is an error, not a crash") {
  std::vector<std::uint8_t> noise(5000);
  std::uint32_t seed = 99;
  for (auto& b : noise) b = static_cast<std::uint8_t>((seed = seed * 1664525u + 1013904223u) >> 24);
  ImageDescription d;
  d.rows = d.columns = 64;
  for (const char* uid : {"1.2.840.10008.1.2.5", "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.70",
                          "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91"}) {
    INFO(uid);
    CHECK(!decodeFrame(noise, uid, d).ok());
    // The right first bytes, then noise.
    std::vector<std::uint8_t> headed = noise;
    headed[0] = 0xff;
    headed[1] = std::string(uid).find(".4.9") != std::string::npos ? 0x4f : 0xd8;
    CHECK(!decodeFrame(headed, uid, d).ok());
  }
}

TEST_CASE("descriptions and syntaxes it cannot decode are refused with a reason") {
  const FrameFile file = mustLoad("ct-explicit");
  auto refused = [&](ImageDescription d, const char* uid = "1.2.840.10008.1.2.1") {
    const DecodeResult r = decodeFrame(file.bytes, uid, d);
    return !r.ok() && !r.error.empty();
  };
  ImageDescription d = file.image;
  CHECK(refused(d, "1.2.840.10008.1.2.4.100"));  // MPEG-2: not a frame codec here
  CHECK(refused(d, "garbage"));
  CHECK(refused(d, ""));
  d.bitsAllocated = 12;
  CHECK(refused(d));
  d = file.image;
  d.rows = 0;
  CHECK(refused(d));
  d = file.image;
  d.samplesPerPixel = 2;
  CHECK(refused(d));
  d = file.image;
  d.bitsStored = 17;
  CHECK(refused(d));
  d = file.image;
  d.highBit = 3;
  CHECK(refused(d));
  d = file.image;
  d.rows = d.columns = 65535;
  d.samplesPerPixel = 3;
  CHECK(refused(d));  // too large for one frame
  // A UID padded as DICOM values are.
  const std::string padded = std::string("1.2.840.10008.1.2.1") + '\0';
  CHECK(decodeFrame(file.bytes, padded, file.image).ok());
}

TEST_CASE("YBR_FULL, uncompressed YBR_FULL_422 and palettes come out as RGB") {
  ImageDescription ybr = colourPixels("YBR_FULL");
  // Grey (Y 128, no chroma) and pure red (PS3.3 C.7.6.3.1.2: Y 76, Cb 85, Cr 255).
  const DecodeResult full = decodeFrame(std::vector<std::uint8_t>{128, 128, 128, 76, 85, 255}, "1.2.840.10008.1.2.1", ybr);
  REQUIRE(full.ok());
  CHECK(full.frame.photometricInterpretation == "RGB");
  CHECK(full.frame.values[0] == 128);
  CHECK(full.frame.values[1] == 128);
  CHECK(full.frame.values[2] == 128);
  CHECK(full.frame.values[3] >= 253);
  CHECK(full.frame.values[4] <= 2);
  CHECK(full.frame.values[5] <= 2);

  ybr.photometricInterpretation = "YBR_FULL_422";  // Y1 Y2 Cb Cr: two pixels share the chroma
  const DecodeResult sub = decodeFrame(std::vector<std::uint8_t>{50, 200, 128, 128}, "1.2.840.10008.1.2.1", ybr);
  REQUIRE(sub.ok());
  CHECK(sub.frame.values == std::vector<std::int32_t>{50, 50, 50, 200, 200, 200});
  CHECK(!decodeFrame(std::vector<std::uint8_t>{50, 200, 128, 128, 0, 0}, "1.2.840.10008.1.2.1", ybr).ok());
  ybr.columns = 3;  // pairs of pixels only
  CHECK(!decodeFrame(std::vector<std::uint8_t>{50, 200, 128, 128, 1, 2}, "1.2.840.10008.1.2.1", ybr).ok());

  ImageDescription pal;
  pal.rows = 1;
  pal.columns = 4;
  pal.bitsAllocated = pal.bitsStored = 8;
  pal.highBit = 7;
  pal.photometricInterpretation = "PALETTE COLOR";
  const std::vector<std::uint8_t> indices = {0, 10, 11, 255};
  CHECK(!decodeFrame(indices, "1.2.840.10008.1.2.1", pal).ok());  // no tables: refused, with a reason
  auto palette = std::make_shared<Palette>();
  // Three entries from value 10; 16-bit red, 8-bit green (one per word), 8-bit blue packed two per word.
  palette->red = {3, 10, 16, {0x1000, 0x8000, 0xff00}};
  palette->green = {3, 10, 8, {1, 2, 3}};
  palette->blue = {4, 10, 8, {0x0201, 0x0403}};
  palette->blue.entries = 4;
  palette->red.entries = palette->green.entries = 3;
  pal.palette = palette;
  const DecodeResult p = decodeFrame(indices, "1.2.840.10008.1.2.1", pal);
  REQUIRE(p.ok());
  CHECK(p.frame.samples == 3);
  CHECK(p.frame.photometricInterpretation == "RGB");
  // 0 below the first mapped value → the first entry; 255 above the last → the last.
  CHECK(p.frame.values == std::vector<std::int32_t>{0x10, 1, 1, 0x10, 1, 1, 0x80, 2, 2, 0xff, 3, 4});
  palette->red.data.pop_back();  // fewer entries than the descriptor says
  const DecodeResult bad = decodeFrame(indices, "1.2.840.10008.1.2.1", pal);
  CHECK(!bad.ok());
  CHECK(bad.error.find("red") != std::string::npos);
}
