// SPDX-License-Identifier: MIT
#include "server/crypto/Signature.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>

#include <cstdio>
#include <memory>
#include <stdexcept>
#include <vector>

#include "server/crypto/Digest.h"

namespace renkei::server {
namespace {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
using Bio = std::unique_ptr<BIO, BioFree>;

std::string bioText(BIO* b) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(b, &data);
  return std::string(data, static_cast<std::size_t>(n));
}

}  // namespace

SigningKey::SigningKey(const std::filesystem::path& keyFile) {
  if (std::FILE* f = std::fopen(keyFile.c_str(), "rb")) {
    key_ = PEM_read_PrivateKey(f, nullptr, nullptr, nullptr);
    std::fclose(f);
    if (!key_ || EVP_PKEY_get_id(key_) != EVP_PKEY_ED25519)
      throw std::runtime_error("not an Ed25519 private key: " + keyFile.string());
    return;
  }
  key_ = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  if (!key_) throw std::runtime_error("OpenSSL: cannot make an Ed25519 key");
  std::filesystem::create_directories(keyFile.parent_path());
  const std::filesystem::path temp = keyFile.string() + ".new";
  std::FILE* f = std::fopen(temp.c_str(), "wb");
  if (!f) throw std::runtime_error("cannot write " + temp.string());
  ::chmod(temp.c_str(), 0600);
  const bool ok = PEM_write_PrivateKey(f, key_, nullptr, nullptr, 0, nullptr, nullptr) == 1;
  std::fclose(f);
  if (!ok) throw std::runtime_error("cannot write " + temp.string());
  std::filesystem::rename(temp, keyFile);
}

SigningKey::~SigningKey() { EVP_PKEY_free(key_); }

std::string SigningKey::sign(std::string_view message) const {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::size_t n = 64;
  std::vector<unsigned char> sig(n);
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_) != 1 ||
      EVP_DigestSign(ctx.get(), sig.data(), &n, reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1)
    throw std::runtime_error("OpenSSL: Ed25519 signing failed");
  return base64Encode(sig.data(), n);
}

std::string SigningKey::publicKeyPem() const {
  Bio b(BIO_new(BIO_s_mem()));
  if (!b || PEM_write_bio_PUBKEY(b.get(), key_) != 1) throw std::runtime_error("OpenSSL: cannot write the public key");
  return bioText(b.get());
}

bool verifySignature(const std::string& publicKeyPem, std::string_view message, const std::string& signatureBase64) {
  std::vector<unsigned char> sig;
  if (!base64Decode(signatureBase64, sig)) return false;
  Bio b(BIO_new_mem_buf(publicKeyPem.data(), static_cast<int>(publicKeyPem.size())));
  EVP_PKEY* key = b ? PEM_read_bio_PUBKEY(b.get(), nullptr, nullptr, nullptr) : nullptr;
  if (!key) return false;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  const bool ok = ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key) == 1 &&
                  EVP_DigestVerify(ctx.get(), sig.data(), sig.size(), reinterpret_cast<const unsigned char*>(message.data()),
                                   message.size()) == 1;
  EVP_PKEY_free(key);
  return ok;
}

}  // namespace renkei::server
