// SPDX-License-Identifier: MIT
// AesGcm — AES-256-GCM over raw bytes (OpenSSL EVP), the one cipher every sealed value of the
// server uses (SecretBox's secrets, MessageKeys' data keys, message bodies and attachments). A
// sealed value is nonce (96 bit, fresh random each time) ‖ ciphertext ‖ tag (128 bit); the
// associated data binds it to where it belongs (an account, a message id), so a sealed value
// copied to another row or file does not open there.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace renkei::server {

inline constexpr std::size_t kAesKeyBytes = 32, kAesNonceBytes = 12, kAesTagBytes = 16;

/// Throws std::runtime_error when `key` is not 32 bytes or OpenSSL fails.
std::string aesGcmSeal(std::string_view key, std::string_view plain, std::string_view associated);
/// nullopt when `sealed` was not sealed with this key and associated data, or was altered.
std::optional<std::string> aesGcmOpen(std::string_view key, std::string_view sealed, std::string_view associated);

/// `n` cryptographically random bytes (throws when OpenSSL has none).
std::string randomBytes(std::size_t n);

}  // namespace renkei::server
