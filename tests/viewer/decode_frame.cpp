// SPDX-License-Identifier: MIT
// decode_frame DIR NAME... — decodes DIR/NAME.frame with the viewer's decoder and prints
// "NAME size=… signed=… pi=… min=… max=… checksum=…" (or "NAME error: …"). Built natively and to
// WebAssembly (run under node); compare_frames.sh requires identical output from both.
#include "FrameFiles.h"

#include <cstdio>

int main(int argc, char** argv) {
  using namespace renkei::viewer;
  if (argc < 3) {
    std::fprintf(stderr, "usage: decode_frame DIR NAME...\n");
    return 2;
  }
  int failures = 0;
  for (int i = 2; i < argc; ++i) {
    const auto file = testing::loadFrame(argv[1], argv[i]);
    if (!file) {
      std::printf("%s error: cannot read the frame or its description\n", argv[i]);
      ++failures;
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
