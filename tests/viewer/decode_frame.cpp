// SPDX-License-Identifier: MIT
// decode_frame DIR NAME... — decodes DIR/NAME.frame with the viewer's decoder and prints
// "NAME size=… signed=… pi=… min=… max=… checksum=…" (or "NAME error: …"). Built natively and to
// WebAssembly (run under node); compare_frames.sh requires identical output from both.
// decode_frame --time N DIR NAME... — decodes each frame N times and prints
// "NAME median_ms=… min_ms=…": the same bytes through the same decoder, natively and in
// WebAssembly, for bench/viewer's native-vs-WASM row (issue 11 §4).
#include "FrameFiles.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

int main(int argc, char** argv) {
  using namespace renkei::viewer;
  int repeat = 0, first = 1;
  if (argc > 2 && std::strcmp(argv[1], "--time") == 0) {
    repeat = std::atoi(argv[2]);
    first = 3;
  }
  if (argc < first + 2 || (first == 3 && repeat < 1)) {
    std::fprintf(stderr, "usage: decode_frame [--time N] DIR NAME...\n");
    return 2;
  }
  const char* dir = argv[first];
  int failures = 0;
  for (int i = first + 1; i < argc; ++i) {
    const auto file = testing::loadFrame(dir, argv[i]);
    if (!file) {
      std::printf("%s error: cannot read the frame or its description\n", argv[i]);
      ++failures;
      continue;
    }
    if (repeat > 0) {
      std::vector<double> ms;
      bool ok = true;
      for (int k = 0; k < repeat && ok; ++k) {
        const auto t0 = std::chrono::steady_clock::now();
        ok = decodeFrame(file->bytes, file->transferSyntax, file->image).ok();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      }
      if (!ok) {
        std::printf("%s error: does not decode\n", argv[i]);
        ++failures;
        continue;
      }
      std::sort(ms.begin(), ms.end());
      std::printf("%s median_ms=%.3f min_ms=%.3f\n", argv[i], ms[ms.size() / 2], ms.front());
      continue;
    }
    const DecodeResult r = decodeFrame(file->bytes, file->transferSyntax, file->image);
    if (r.ok()) std::printf("%s %s\n", argv[i], testing::summary(r).c_str());
    else {
      std::printf("%s error: %s\n", argv[i], r.error.c_str());
      ++failures;
    }
  }
  return failures == 0 ? 0 : 1;
}
