// SPDX-License-Identifier: MIT
// PercentEncoding — RFC 3986 percent-encoding of UTF-8 text: every byte outside the unreserved set
// (A–Z a–z 0–9 - . _ ~) as %XX. The app encodes path segments, query values and the X-File-Name
// of an attachment with it; the server the filename* of a download (RFC 5987).
#pragma once

#include <string>
#include <string_view>

namespace renkei::text {

std::string percentEncode(std::string_view s);

}  // namespace renkei::text
