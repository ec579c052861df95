// SPDX-License-Identifier: MIT
#include "server/auth/PasswordHash.h"

#include "server/crypto/Digest.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <charconv>
#include <stdexcept>
#include <vector>

namespace renkei::server {
namespace {

constexpr const char* kScheme = "pbkdf2-sha256";
constexpr int kSaltBytes = 16;
constexpr int kHashBytes = 32;

void derive(std::string_view password, const unsigned char* salt, int saltLen, int iterations, unsigned char* out) {
  if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt, saltLen, iterations, EVP_sha256(),
                        kHashBytes, out) != 1)
    throw std::runtime_error("PBKDF2 failed");
}

struct Parsed {
  int iterations = 0;
  std::vector<unsigned char> salt, hash;
};

bool parse(std::string_view stored, Parsed& p) {
  const auto d1 = stored.find('$');
  if (d1 == std::string_view::npos || stored.substr(0, d1) != kScheme) return false;
  const auto d2 = stored.find('$', d1 + 1), d3 = d2 == std::string_view::npos ? d2 : stored.find('$', d2 + 1);
  if (d3 == std::string_view::npos) return false;
  const auto it = stored.substr(d1 + 1, d2 - d1 - 1);
  const auto [ptr, ec] = std::from_chars(it.data(), it.data() + it.size(), p.iterations);
  if (ec != std::errc() || ptr != it.data() + it.size() || p.iterations < 1) return false;
  return base64Decode(stored.substr(d2 + 1, d3 - d2 - 1), p.salt) && base64Decode(stored.substr(d3 + 1), p.hash) &&
         p.hash.size() == kHashBytes && !p.salt.empty();
}

}  // namespace

std::string PasswordHash::hash(std::string_view password, int iterations) {
  unsigned char salt[kSaltBytes], out[kHashBytes];
  if (RAND_bytes(salt, sizeof salt) != 1) throw std::runtime_error("RAND_bytes failed");
  derive(password, salt, sizeof salt, iterations, out);
  return std::string(kScheme) + "$" + std::to_string(iterations) + "$" + base64Encode(salt, sizeof salt) + "$" +
         base64Encode(out, sizeof out);
}

bool PasswordHash::verify(std::string_view password, std::string_view stored) {
  Parsed p;
  if (!parse(stored, p)) return false;
  unsigned char out[kHashBytes];
  derive(password, p.salt.data(), static_cast<int>(p.salt.size()), p.iterations, out);
  return CRYPTO_memcmp(out, p.hash.data(), kHashBytes) == 0;
}

bool PasswordHash::needsRehash(std::string_view stored, int iterations) {
  Parsed p;
  return !parse(stored, p) || p.iterations < iterations;
}

}  // namespace renkei::server
