// SPDX-License-Identifier: MIT
// PasswordHash — passwords are stored only as a slow salted hash (R-PW-1).
//
// PBKDF2-HMAC-SHA256 from OpenSSL with a 16-byte random salt per hash. The parameters travel with
// each hash ("pbkdf2-sha256$<iterations>$<salt>$<hash>", base64), so the work factor can be raised
// later without invalidating existing passwords: verify() reads them back from the stored string,
// and needsRehash() tells the caller to store a fresh hash after the next successful login.
#pragma once

#include <string>
#include <string_view>

namespace renkei::server {

class PasswordHash {
 public:
  /// OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.
  static constexpr int kDefaultIterations = 600000;

  static std::string hash(std::string_view password, int iterations = kDefaultIterations);

  /// Constant-time check; false for malformed stored strings.
  static bool verify(std::string_view password, std::string_view stored);

  /// True when `stored` uses fewer iterations than `iterations` (or is malformed).
  static bool needsRehash(std::string_view stored, int iterations);
};

}  // namespace renkei::server
