// SPDX-License-Identifier: MIT
// Digest — the small OpenSSL-backed primitives the server shares: SHA-256, random tokens, base64.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace renkei::server {

/// SHA-256 of `data`, lower-case hex.
std::string sha256Hex(std::string_view data);

/// `bytes` cryptographically random bytes as unpadded base64url (session and CSRF tokens).
std::string randomToken(int bytes = 32);

/// A password of `length` characters from an alphabet without look-alikes (0/O, 1/l/I), for
/// temporary passwords read out or handed over on paper. Uniform: no modulo bias.
std::string randomPassword(int length = 16);

std::string base64Encode(const unsigned char* data, size_t n);
/// Standard base64 with padding; false on malformed input.
bool base64Decode(std::string_view in, std::vector<unsigned char>& out);

}  // namespace renkei::server
