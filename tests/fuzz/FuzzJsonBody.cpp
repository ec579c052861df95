// SPDX-License-Identifier: MIT
// libFuzzer target: JSON request bodies as every API route reads them (server/api/JsonBody): strict
// fields, types, lengths, nested objects, the depth cap. Anything wrong is a Refusal (400), never a
// crash or another exception. Issue 15 §2.
#include <cstddef>
#include <cstdint>
#include <string>

#include "server/api/JsonBody.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using renkei::server::JsonBody;
  const std::string body(reinterpret_cast<const char*>(data), size);
  try {
    const JsonBody b(body, {"user_id", "password", "count", "ratio", "fields", "order", "hours", "active"});
    (void)b.optionalText("user_id");
    (void)b.optionalInteger("count", -5, 1000);
    (void)b.optionalNumber("ratio", 0, 1);
    (void)b.textObject("fields", 64);
    const JsonBody order = b.object("order", {"body_part", "contrast", "purpose"});
    (void)order.text("body_part");
    (void)b.text("password", 128);
  } catch (const renkei::Refusal&) {
  }
  return 0;
}
