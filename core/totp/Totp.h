// SPDX-License-Identifier: MIT
// Totp — the arithmetic of time-based one-time passwords (RFC 6238 on RFC 4226), with no crypto.
//
// The server computes HMAC-SHA-1 with OpenSSL and asks this file everything else, so the rules are
// pure and tested natively and in WebAssembly:
//  - counterAt: the 30-second step number T = floor(unix seconds / 30) (RFC 6238 §4.2, T0 = 0);
//  - truncate: RFC 4226 §5.3 dynamic truncation of an HMAC to 6 decimal digits;
//  - candidateCounters: which steps a typed code may belong to — the current one and one either
//    side (§5.2, clock drift and typing time) — minus every step at or before the last one used,
//    so a code works once, and no older code works after a newer one (§5.2 "MUST NOT accept the
//    second attempt of the same OTP");
//  - Base32 (RFC 4648 §6, upper case, no padding in URIs) for secrets, and the otpauth:// URI that
//    authenticator apps read from the enrolment QR code;
//  - recovery codes: how they are shown ("abcd-efgh-jkmn") and how typed ones are normalised.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace renkei::totp {

constexpr int kStepSeconds = 30;
constexpr int kDigits = 6;
constexpr int kWindow = 1;  ///< steps accepted either side of the current one

/// RFC 6238 T for `unixSeconds` (floor division: also right before 1970).
std::int64_t counterAt(std::int64_t unixSeconds, int stepSeconds = kStepSeconds);

/// The 8-byte big-endian message HMAC'd for counter `c` (RFC 4226 §5.1).
std::vector<std::uint8_t> counterMessage(std::int64_t c);

/// RFC 4226 §5.3: the `digits`-digit code (zero-padded) from an HMAC of at least 20 bytes;
/// "" when the HMAC is too short or digits is outside 6..8.
std::string truncate(const std::vector<std::uint8_t>& hmac, int digits = kDigits);

/// The counters a code typed at `now` may belong to, oldest first: counterAt(now) ± window,
/// leaving out any counter ≤ `lastUsed`.
std::vector<std::int64_t> candidateCounters(std::int64_t now, std::optional<std::int64_t> lastUsed, int window = kWindow);

/// A typed code without spaces, when it is exactly `digits` ASCII digits; otherwise nullopt.
std::optional<std::string> normaliseCode(std::string_view typed, int digits = kDigits);

/// RFC 4648 Base32, upper case, without padding.
std::string base32Encode(const std::vector<std::uint8_t>& bytes);
/// Decodes Base32, ignoring case, spaces, hyphens and trailing '='; nullopt on any other character
/// or on leftover bits that are not zero.
std::optional<std::vector<std::uint8_t>> base32Decode(std::string_view text);

/// otpauth://totp/ISSUER:ACCOUNT?secret=…&issuer=ISSUER&algorithm=SHA1&digits=6&period=30 with the
/// label and issuer percent-encoded (UTF-8, RFC 3986 unreserved characters kept).
std::string otpauthUri(std::string_view issuer, std::string_view account, std::string_view secretBase32);

/// A recovery code for people: 12 characters from an alphabet without look-alikes (no 0/o, 1/l/i),
/// in groups of four: "abcd-efgh-jkmn". `random` supplies at least 12 bytes.
std::string formatRecoveryCode(const std::vector<std::uint8_t>& random);
/// A typed recovery code as stored for comparison: lower case, hyphens and spaces removed;
/// nullopt when it is not 12 characters of the alphabet.
std::optional<std::string> normaliseRecoveryCode(std::string_view typed);

}  // namespace renkei::totp
