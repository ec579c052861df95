// SPDX-License-Identifier: MIT
#include "wasm-app/platform/Fault.h"

#include <cstdio>

namespace renkei::app {
namespace {
std::string gFault;
int gCount = 0;
}  // namespace

void recordFault(const char* where, const char* what) {
  ++gCount;
  gFault = std::string(where) + ": " + what;
  std::fprintf(stderr, "renkei: fault in %s\n", gFault.c_str());
}

const std::string& lastFault() { return gFault; }

void clearFault() { gFault.clear(); }

int faultCount() { return gCount; }

}  // namespace renkei::app
