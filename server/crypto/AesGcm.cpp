// SPDX-License-Identifier: MIT
#include "server/crypto/AesGcm.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>
#include <stdexcept>

namespace renkei::server {
namespace {

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherCtx newCtx() {
  CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  if (!ctx) throw std::runtime_error("OpenSSL: cannot allocate a cipher context");
  return ctx;
}

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
unsigned char* bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

}  // namespace

std::string randomBytes(std::size_t n) {
  std::string out(n, '\0');
  if (n > 0 && RAND_bytes(bytes(out), static_cast<int>(n)) != 1) throw std::runtime_error("OpenSSL: no random bytes");
  return out;
}

std::string aesGcmSeal(std::string_view key, std::string_view plain, std::string_view associated) {
  if (key.size() != kAesKeyBytes) throw std::runtime_error("AES-256-GCM needs a 32-byte key");
  std::string out = randomBytes(kAesNonceBytes);
  out.resize(kAesNonceBytes + plain.size() + kAesTagBytes);
  auto ctx = newCtx();
  int len = 0;
  const bool ok =
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key), bytes(out)) == 1 &&
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(associated), static_cast<int>(associated.size())) == 1 &&
      EVP_EncryptUpdate(ctx.get(), bytes(out) + kAesNonceBytes, &len, bytes(plain), static_cast<int>(plain.size())) == 1 &&
      EVP_EncryptFinal_ex(ctx.get(), bytes(out) + kAesNonceBytes + len, &len) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kAesTagBytes, bytes(out) + kAesNonceBytes + plain.size()) == 1;
  if (!ok) throw std::runtime_error("OpenSSL: AES-256-GCM encryption failed");
  return out;
}

std::optional<std::string> aesGcmOpen(std::string_view key, std::string_view sealed, std::string_view associated) {
  if (key.size() != kAesKeyBytes || sealed.size() < kAesNonceBytes + kAesTagBytes) return std::nullopt;
  const std::size_t n = sealed.size() - kAesNonceBytes - kAesTagBytes;
  std::string plain(n, '\0');
  std::string tag(sealed.substr(kAesNonceBytes + n));  // OpenSSL's SET_TAG takes a non-const pointer
  auto ctx = newCtx();
  int len = 0;
  const bool ok =
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key), bytes(sealed)) == 1 &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(associated), static_cast<int>(associated.size())) == 1 &&
      EVP_DecryptUpdate(ctx.get(), bytes(plain), &len, bytes(sealed) + kAesNonceBytes, static_cast<int>(n)) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kAesTagBytes, bytes(tag)) == 1 &&
      EVP_DecryptFinal_ex(ctx.get(), bytes(plain) + len, &len) == 1;  // checks the tag
  if (!ok) return std::nullopt;
  return plain;
}

}  // namespace renkei::server
