// SPDX-License-Identifier: MIT
// libFuzzer target: an HL7 v2 lab message as a feed sends it, down the lab import's own path
// (server/records/LabImport.cpp importMessage): MSH-18 read from the raw bytes, decoded by core's
// Japanese text decoder, parsed, read as OUL^R22 / ORU^R01 results. Issue 15 §2.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/hl7/Hl7Message.h"
#include "core/labs/LabResult.h"
#include "core/text/JapaneseText.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace renkei;
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  const auto encoding = text::encodingFromName(hl7::declaredCharset(raw));
  if (!encoding) return 0;
  const text::Decoded decoded = text::decode(raw, *encoding);
  if (!decoded.ok()) return 0;
  const hl7::ParseResult parsed = hl7::parse(decoded.utf8);
  if (!parsed.ok()) return 0;
  const labs::LabParse labs = labs::fromHl7(parsed.message);
  // A message with an error gives no results (LabResult.h): nothing half-imported.
  if (!labs.ok() && !labs.reports.empty()) __builtin_trap();
  return 0;
}
