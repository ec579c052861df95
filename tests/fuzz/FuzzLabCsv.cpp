// SPDX-License-Identifier: MIT
// libFuzzer target: the CSV form of lab results (core/labs/CsvLabReader.cpp). Issue 15 §2.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/labs/LabResult.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parse = renkei::labs::fromCsv(std::string_view(reinterpret_cast<const char*>(data), size));
  // A file with an error gives no results (LabResult.h): nothing half-imported.
  if (!parse.ok() && !parse.reports.empty()) __builtin_trap();
  return 0;
}
