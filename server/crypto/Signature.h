// SPDX-License-Identifier: MIT
// Signature — Ed25519 signatures by OpenSSL, for what must be checked away from this machine (the
// audit log's daily checkpoints, R-AUD-2). The private key lives in a PEM file (created at first
// use, mode 0600); the public key is written beside what it signs, so anyone holding an exported
// checkpoint and the public key can verify it without the server.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

struct evp_pkey_st;  // OpenSSL's EVP_PKEY

namespace renkei::server {

class SigningKey {
 public:
  /// Loads the private key from `keyFile`, creating it (and its directory) when absent.
  explicit SigningKey(const std::filesystem::path& keyFile);
  ~SigningKey();
  SigningKey(const SigningKey&) = delete;
  SigningKey& operator=(const SigningKey&) = delete;

  /// The Ed25519 signature of `message`, base64.
  std::string sign(std::string_view message) const;
  /// The public key as PEM (SubjectPublicKeyInfo).
  std::string publicKeyPem() const;

 private:
  ::evp_pkey_st* key_ = nullptr;
};

/// True when `signatureBase64` is the Ed25519 signature of `message` by the PEM public key.
bool verifySignature(const std::string& publicKeyPem, std::string_view message, const std::string& signatureBase64);

}  // namespace renkei::server
