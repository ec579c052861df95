// SPDX-License-Identifier: MIT
#include "server/crypto/SecretBox.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>

#include <fstream>
#include <memory>
#include <stdexcept>

#include "server/crypto/Digest.h"

namespace renkei::server {
namespace {

constexpr int kKeyBytes = 32, kNonceBytes = 12, kTagBytes = 16;

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherCtx newCtx() {
  CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  if (!ctx) throw std::runtime_error("OpenSSL: cannot allocate a cipher context");
  return ctx;
}

}  // namespace

SecretBox::SecretBox(const std::filesystem::path& keyFile) {
  if (std::filesystem::exists(keyFile)) {
    std::ifstream in(keyFile, std::ios::binary);
    key_.assign(std::istreambuf_iterator<char>(in), {});
    if (key_.size() != kKeyBytes)
      throw std::runtime_error("the key file " + keyFile.string() + " is not a 32-byte key; restore it from the backup");
    return;
  }
  std::filesystem::create_directories(keyFile.parent_path());
  ::chmod(keyFile.parent_path().c_str(), 0700);
  key_.resize(kKeyBytes);
  if (RAND_bytes(key_.data(), kKeyBytes) != 1) throw std::runtime_error("OpenSSL: no random bytes for the secrets key");
  const auto temp = keyFile.string() + ".new";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    ::chmod(temp.c_str(), 0600);
    out.write(reinterpret_cast<const char*>(key_.data()), kKeyBytes);
    if (!out.flush()) throw std::runtime_error("cannot write " + temp);
  }
  std::filesystem::rename(temp, keyFile);  // never a half-written key under the real name
}

std::string SecretBox::seal(const std::vector<unsigned char>& plain, std::string_view context) const {
  std::vector<unsigned char> out(kNonceBytes + plain.size() + kTagBytes);
  if (RAND_bytes(out.data(), kNonceBytes) != 1) throw std::runtime_error("OpenSSL: no random bytes for a nonce");
  auto ctx = newCtx();
  int len = 0;
  bool ok = EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(), out.data()) == 1 &&
            EVP_EncryptUpdate(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(context.data()),
                              static_cast<int>(context.size())) == 1 &&
            EVP_EncryptUpdate(ctx.get(), out.data() + kNonceBytes, &len, plain.data(), static_cast<int>(plain.size())) == 1 &&
            EVP_EncryptFinal_ex(ctx.get(), out.data() + kNonceBytes + len, &len) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, out.data() + kNonceBytes + plain.size()) == 1;
  if (!ok) throw std::runtime_error("OpenSSL: AES-256-GCM encryption failed");
  return base64Encode(out.data(), out.size());
}

std::optional<std::vector<unsigned char>> SecretBox::open(std::string_view sealed, std::string_view context) const {
  std::vector<unsigned char> in;
  if (!base64Decode(sealed, in) || in.size() < kNonceBytes + kTagBytes) return std::nullopt;
  const std::size_t n = in.size() - kNonceBytes - kTagBytes;
  std::vector<unsigned char> plain(n);
  auto ctx = newCtx();
  int len = 0;
  const bool ok =
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(), in.data()) == 1 &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(context.data()),
                        static_cast<int>(context.size())) == 1 &&
      EVP_DecryptUpdate(ctx.get(), plain.data(), &len, in.data() + kNonceBytes, static_cast<int>(n)) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, in.data() + kNonceBytes + n) == 1 &&
      EVP_DecryptFinal_ex(ctx.get(), plain.data() + len, &len) == 1;  // checks the tag
  if (!ok) return std::nullopt;
  return plain;
}

}  // namespace renkei::server
