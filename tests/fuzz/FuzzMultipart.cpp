// SPDX-License-Identifier: MIT
// libFuzzer target: multipart/related bodies as STOW-RS receives them (server/imaging/Multipart).
// The input is "Content-Type header\n" then the body. Parts found lie inside the body; a body built
// from them parses back to the same parts. Issue 15 §2.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "server/imaging/Multipart.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace renkei::server;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  const std::string_view contentType = input.substr(0, newline), body = input.substr(newline + 1);
  (void)headerParameter(contentType, "type");
  (void)mediaType(contentType);
  try {
    const auto parts = parseMultipart(body, contentType, 64);
    if (parts.size() > 64) __builtin_trap();
    for (const auto& p : parts)
      if (p.body.size() > body.size()) __builtin_trap();
    std::string boundary;
    const std::string again = buildMultipart(parts, boundary);
    const auto back = parseMultipart(again, "multipart/related; type=\"application/dicom\"; boundary=" + boundary, 64);
    if (back.size() != parts.size()) __builtin_trap();
    for (std::size_t i = 0; i < parts.size(); ++i)
      if (back[i].body != parts[i].body) __builtin_trap();
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
