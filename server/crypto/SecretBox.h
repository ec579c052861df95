// SPDX-License-Identifier: MIT
// SecretBox — secrets the server must be able to read back (TOTP keys) are sealed with
// AES-256-GCM before they reach the database, so a copied database file alone does not give away
// anyone's second factor. The 256-bit key lives in <data-dir>/keys/secrets.key (created at first
// use, mode 0600); back it up with the database. Each sealed value is bound to a context string
// (the account id) as associated data, so a sealed secret cannot be moved to another account.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace renkei::server {

class SecretBox {
 public:
  /// Loads the key from `keyFile`, creating it (and its directory) when absent. Throws
  /// std::runtime_error when the file exists but is not a 32-byte key.
  explicit SecretBox(const std::filesystem::path& keyFile);

  /// base64(nonce ‖ ciphertext ‖ tag), a fresh 96-bit random nonce each time.
  std::string seal(const std::vector<unsigned char>& plain, std::string_view context) const;
  /// nullopt when the value was not sealed with this key and context, or was altered.
  std::optional<std::vector<unsigned char>> open(std::string_view sealed, std::string_view context) const;

 private:
  std::string_view keyBytes() const { return {reinterpret_cast<const char*>(key_.data()), key_.size()}; }
  std::vector<unsigned char> key_;
};

}  // namespace renkei::server
