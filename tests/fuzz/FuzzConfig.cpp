// SPDX-License-Identifier: MIT
// libFuzzer target: the server's config file (server/Config.cpp). A malformed line is a ConfigError
// naming it; nothing else may escape. Issue 15 §2.
#include <cstddef>
#include <cstdint>
#include <string>

#include "server/Config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  renkei::server::Config config;
  try {
    renkei::server::applyConfigText(config, std::string(reinterpret_cast<const char*>(data), size), "fuzz.conf");
  } catch (const renkei::server::ConfigError&) {
  }
  return 0;
}
