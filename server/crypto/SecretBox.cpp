// SPDX-License-Identifier: MIT
#include "server/crypto/SecretBox.h"

#include <openssl/rand.h>
#include <sys/stat.h>

#include <fstream>
#include <memory>
#include <stdexcept>

#include "server/crypto/AesGcm.h"
#include "server/crypto/Digest.h"

namespace renkei::server {
namespace {

constexpr int kKeyBytes = static_cast<int>(kAesKeyBytes);

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

// The cipher is AesGcm's (nonce ‖ ciphertext ‖ tag), in base64 for the database's text column.
std::string SecretBox::seal(const std::vector<unsigned char>& plain, std::string_view context) const {
  const std::string sealed = aesGcmSeal(keyBytes(), std::string_view(reinterpret_cast<const char*>(plain.data()), plain.size()), context);
  return base64Encode(reinterpret_cast<const unsigned char*>(sealed.data()), sealed.size());
}

std::optional<std::vector<unsigned char>> SecretBox::open(std::string_view sealed, std::string_view context) const {
  std::vector<unsigned char> in;
  if (!base64Decode(sealed, in)) return std::nullopt;
  const auto plain = aesGcmOpen(keyBytes(), std::string_view(reinterpret_cast<const char*>(in.data()), in.size()), context);
  if (!plain) return std::nullopt;
  return std::vector<unsigned char>(plain->begin(), plain->end());
}

}  // namespace renkei::server
