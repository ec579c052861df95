// SPDX-License-Identifier: MIT
// Decodes DICOM files from memory with DCMTK and prints checksums — compiled natively (Debian's
// DCMTK) and to WebAssembly (DCMTK built with Emscripten). Identical output proves the WASM build
// decodes exactly like the native one; the raw checksum equal to the uncompressed original's
// proves the lossless codecs are lossless.
//   decode_checksum FILE...   → one line per file:
//   <file> xfer=<uid> rows=<n> cols=<n> raw=<fnv1a64 of decoded pixels> rendered=<fnv1a64 of the
//   8-bit image at window 40/400> min=<v> max=<v>
#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcistrmb.h"
#include "dcmtk/dcmdata/dcrledrg.h"
#include "dcmtk/dcmdata/dctk.h"
#include "dcmtk/dcmimgle/dcmimage.h"
#include "dcmtk/dcmjpeg/djdecode.h"
#include "dcmtk/dcmjpls/djdecode.h"

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

namespace {

// FNV-1a, 64 bit: a checksum for comparing outputs, not a security hash.
std::uint64_t fnv1a(const void* data, size_t n) {
  std::uint64_t h = 1469598103934665603ull;
  const auto* p = static_cast<const unsigned char*>(data);
  for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

int decode(const char* path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    std::printf("%s error=cannot-read\n", path);
    return 1;
  }
  std::vector<char> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());

  DcmInputBufferStream in;
  in.setBuffer(bytes.data(), static_cast<offile_off_t>(bytes.size()));
  in.setEos();
  DcmFileFormat ff;
  ff.transferInit();
  OFCondition c = ff.read(in);
  ff.transferEnd();
  if (c.bad()) {
    std::printf("%s error=parse:%s\n", path, c.text());
    return 1;
  }
  DcmDataset* ds = ff.getDataset();
  const E_TransferSyntax original = ds->getOriginalXfer();
  c = ds->chooseRepresentation(EXS_LittleEndianExplicit, nullptr);
  if (c.bad()) {
    std::printf("%s error=decompress:%s\n", path, c.text());
    return 1;
  }
  Uint16 rows = 0, cols = 0;
  ds->findAndGetUint16(DCM_Rows, rows);
  ds->findAndGetUint16(DCM_Columns, cols);
  const Uint16* pixels = nullptr;
  unsigned long count = 0;
  c = ds->findAndGetUint16Array(DCM_PixelData, pixels, &count);
  if (c.bad() || !pixels) {
    std::printf("%s error=pixeldata:%s\n", path, c.text());
    return 1;
  }
  const std::uint64_t raw = fnv1a(pixels, count * sizeof(Uint16));

  DicomImage image(ds, EXS_LittleEndianExplicit);
  if (image.getStatus() != EIS_Normal) {
    std::printf("%s error=image:%s\n", path, DicomImage::getString(image.getStatus()));
    return 1;
  }
  image.setWindow(40, 400);
  const void* out = image.getOutputData(8);
  const std::uint64_t rendered = fnv1a(out, image.getOutputDataSize(8));
  double lo = 0, hi = 0;
  image.getMinMaxValues(lo, hi);
  std::printf("%s xfer=%s rows=%u cols=%u raw=%016" PRIx64 " rendered=%016" PRIx64 " min=%g max=%g\n", path,
              DcmXfer(original).getXferID(), rows, cols, raw, rendered, lo, hi);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  DJDecoderRegistration::registerCodecs();
  DJLSDecoderRegistration::registerCodecs();
  DcmRLEDecoderRegistration::registerCodecs();
  int failures = 0;
  for (int i = 1; i < argc; ++i) failures += decode(argv[i]);
  DcmRLEDecoderRegistration::cleanup();
  DJLSDecoderRegistration::cleanup();
  DJDecoderRegistration::cleanup();
  return failures == 0 ? 0 : 1;
}
