// SPDX-License-Identifier: MIT
// Certificate — the server's TLS identity. Renkei speaks HTTPS only; when no certificate is
// configured, one is generated at first start (self-signed, ECDSA P-256, for localhost and the
// loopback addresses) into the data directory and reused afterwards. A hospital deployment
// configures its own certificate with --cert/--key.
#pragma once

#include <filesystem>
#include <string>

namespace renkei::server {

/// Creates `certPath` and `keyPath` (key readable by the owner only) unless both exist.
/// Returns true when it generated them. Throws std::runtime_error with OpenSSL's reason on failure.
bool ensureSelfSignedCertificate(const std::filesystem::path& certPath, const std::filesystem::path& keyPath);

/// SHA-256 fingerprint of a PEM certificate ("AB:CD:…"), printed at start so users can compare.
std::string certificateFingerprint(const std::filesystem::path& certPath);

}  // namespace renkei::server
