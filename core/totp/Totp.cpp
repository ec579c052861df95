// SPDX-License-Identifier: MIT
#include "core/totp/Totp.h"

namespace renkei::totp {
namespace {

constexpr char kBase32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
// Lower-case letters and digits without the look-alikes 0/o, 1/i/l, and u (read as v): 30 characters.
constexpr char kRecovery[] = "abcdefghjkmnpqrstvwxyz23456789";
constexpr std::size_t kRecoveryAlphabet = sizeof kRecovery - 1;
static_assert(kRecoveryAlphabet == 30);
constexpr std::size_t kRecoveryLength = 12;

bool unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

std::string percentEncode(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (unreserved(c)) {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace

std::int64_t counterAt(std::int64_t unixSeconds, int stepSeconds) {
  if (stepSeconds <= 0) stepSeconds = kStepSeconds;
  std::int64_t q = unixSeconds / stepSeconds;
  if (unixSeconds % stepSeconds != 0 && unixSeconds < 0) --q;
  return q;
}

std::vector<std::uint8_t> counterMessage(std::int64_t c) {
  std::vector<std::uint8_t> m(8);
  auto u = static_cast<std::uint64_t>(c);
  for (int i = 7; i >= 0; --i, u >>= 8) m[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(u & 0xff);
  return m;
}

std::string truncate(const std::vector<std::uint8_t>& hmac, int digits) {
  if (hmac.size() < 20 || digits < 6 || digits > 8) return {};
  const std::size_t offset = hmac.back() & 0x0f;
  const std::uint32_t binary = (static_cast<std::uint32_t>(hmac[offset] & 0x7f) << 24) |
                               (static_cast<std::uint32_t>(hmac[offset + 1]) << 16) |
                               (static_cast<std::uint32_t>(hmac[offset + 2]) << 8) |
                               static_cast<std::uint32_t>(hmac[offset + 3]);
  std::uint32_t modulo = 1;
  for (int i = 0; i < digits; ++i) modulo *= 10;
  std::string code = std::to_string(binary % modulo);
  return std::string(static_cast<std::size_t>(digits) - code.size(), '0') + code;
}

std::vector<std::int64_t> candidateCounters(std::int64_t now, std::optional<std::int64_t> lastUsed, int window) {
  if (window < 0) window = 0;
  const std::int64_t current = counterAt(now);
  std::vector<std::int64_t> out;
  for (std::int64_t c = current - window; c <= current + window; ++c)
    if (!lastUsed || c > *lastUsed) out.push_back(c);
  return out;
}

std::optional<std::string> normaliseCode(std::string_view typed, int digits) {
  std::string code;
  for (const char c : typed) {
    if (c == ' ') continue;
    if (c < '0' || c > '9') return std::nullopt;
    code += c;
  }
  if (static_cast<int>(code.size()) != digits) return std::nullopt;
  return code;
}

std::string base32Encode(const std::vector<std::uint8_t>& bytes) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const std::uint8_t b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += kBase32[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kBase32[(buffer << (5 - bits)) & 31];
  return out;
}

std::optional<std::vector<std::uint8_t>> base32Decode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  std::vector<std::uint8_t> out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char ch : text) {
    if (ch == ' ' || ch == '-') continue;
    int v;
    if (ch >= 'A' && ch <= 'Z') v = ch - 'A';
    else if (ch >= 'a' && ch <= 'z') v = ch - 'a';
    else if (ch >= '2' && ch <= '7') v = ch - '2' + 26;
    else return std::nullopt;
    buffer = (buffer << 5) | static_cast<std::uint32_t>(v);
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<std::uint8_t>((buffer >> (bits - 8)) & 0xff));
      bits -= 8;
    }
    buffer &= (1u << bits) - 1;  // keep only the bits not yet emitted
  }
  if (bits >= 5 || buffer != 0) return std::nullopt;  // a dangling character, or non-zero padding bits
  return out;
}

std::string otpauthUri(std::string_view issuer, std::string_view account, std::string_view secretBase32) {
  const std::string is = percentEncode(issuer);
  return "otpauth://totp/" + is + ":" + percentEncode(account) + "?secret=" + std::string(secretBase32) +
         "&issuer=" + is + "&algorithm=SHA1&digits=" + std::to_string(kDigits) +
         "&period=" + std::to_string(kStepSeconds);
}

std::string formatRecoveryCode(const std::vector<std::uint8_t>& random) {
  std::string out;
  for (std::size_t i = 0; i < kRecoveryLength && i < random.size(); ++i) {
    if (i > 0 && i % 4 == 0) out += '-';
    // 256 is not a multiple of 30: the bias (at most 1 in 256 per character) leaves ~58 of 59 bits.
    out += kRecovery[random[i] % kRecoveryAlphabet];
  }
  return out;
}

std::optional<std::string> normaliseRecoveryCode(std::string_view typed) {
  std::string code;
  for (char c : typed) {
    if (c == '-' || c == ' ') continue;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    bool known = false;
    for (std::size_t i = 0; i < kRecoveryAlphabet; ++i) known |= kRecovery[i] == c;
    if (!known) return std::nullopt;
    code += c;
  }
  if (code.size() != kRecoveryLength) return std::nullopt;
  return code;
}

}  // namespace renkei::totp
