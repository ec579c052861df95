// SPDX-License-Identifier: MIT
// TestFiles — reading a test's files whole.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace renkei::test {

/// The whole file's bytes ("" when it cannot be read).
inline std::string readFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace renkei::test
