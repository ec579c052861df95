// SPDX-License-Identifier: MIT
// Config — how the server is started: built-in defaults, then a config file, then command-line
// flags, each overriding the one before.
//
// The config file is plain "key = value" lines with '#' comments, so a hospital IT office can edit
// it without tools. Unknown keys and malformed values are errors naming the line: a typo must never
// silently leave a default (e.g. a port or a size cap) in place.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace renkei::server {

struct Config {
  std::filesystem::path dataDir = "data";
  std::string bind = "127.0.0.1";
  int port = 8443;
  std::filesystem::path tlsCert;  ///< empty → <dataDir>/tls/cert.pem, generated at first start
  std::filesystem::path tlsKey;   ///< empty → <dataDir>/tls/key.pem
  std::filesystem::path webRoot;  ///< index.html, styles, boot script (repository web/)
  std::filesystem::path appDir;   ///< the built WebAssembly app (app.js, app.wasm, app.data)
  std::uint64_t maxBodyBytes = 32ull << 20;  ///< the largest body at all (STOW-RS); other routes take less
  int bodySeconds = 120;                      ///< a request body still arriving after this is cut off (408)
  /// cpp-httplib gives each kept-alive connection a thread of the pool while it is open: a viewer,
  /// a DICOMweb client and a browser's parallel requests each hold one. Connections beyond this wait.
  int threads = 64;
  bool testMode = false;          ///< only for the test suite; printed loudly at start
  // Accounts and sessions (R-PW, R-SES): the hospital's policy, configurable.
  int passwordIterations = 600000;  ///< PBKDF2 work factor for new hashes
  int passwordHistory = 5;          ///< the last N passwords are refused
  int sessionIdleMinutes = 15;
  int sessionMaxHours = 12;
  int lockoutFailures = 5;
  int lockoutMinutes = 15;
  std::vector<std::string> totpRequiredRoles{"admin"};  ///< "none" in the file: nobody must
  std::string totpIssuer = "Renkei";                     ///< the name authenticator apps show
  // DICOM (R-DATA-1): the C-STORE receiver for modalities and PACS. Port 0: not started.
  int dicomPort = 0;
  std::string dicomAeTitle = "RENKEI";
  int dicomAssociations = 8;  ///< associations served at once
  /// The modalities and archives that may send (calling AE titles); empty: any — then the port must
  /// be reachable by the hospital's imaging network only.
  std::vector<std::string> dicomCallingAeTitles;
  int seriesPerHour = 150;          ///< series a clinic user may open per hour (R-VIEW-4, ViewingVolume)
  int viewMegabytesPerHour = 4096;  ///< frames and metadata a clinic user may be sent per hour, MiB
  int downloadsPerHour = 120;  ///< instances and rendered pictures a clinic user may take out per hour (R-VIEW-4)
  // Messaging (R-MSG-1)
  std::filesystem::path messageKeyFile;              ///< empty → <dataDir>/keys/messages.key (the master key)
  std::uint64_t messageAttachmentBytes = 20000000;  ///< the largest attachment (413 above it)
  bool totpRequired(const std::string& role) const {
    for (const auto& r : totpRequiredRoles)
      if (r == role) return true;
    return false;
  }

  std::filesystem::path certPath() const { return tlsCert.empty() ? dataDir / "tls" / "cert.pem" : tlsCert; }
  std::filesystem::path keyPath() const { return tlsKey.empty() ? dataDir / "tls" / "key.pem" : tlsKey; }
  std::filesystem::path databasePath() const { return dataDir / "renkei.sqlite"; }
  std::filesystem::path imagesDir() const { return dataDir / "images"; }
  std::filesystem::path messageKeyPath() const { return messageKeyFile.empty() ? dataDir / "keys" / "messages.key" : messageKeyFile; }
  std::filesystem::path messagesDir() const { return dataDir / "messages"; }
};

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Applies the "key = value" text of a config file (named `origin` in errors) onto `config`.
void applyConfigText(Config& config, const std::string& text, const std::string& origin);

/// Builds the configuration from argv: flags are read twice, first for --config/--data-dir (to find
/// the file), then again over the file's values so flags win. Throws ConfigError with a usage hint.
Config configFromCommandLine(const std::vector<std::string>& args);

std::string usage();

}  // namespace renkei::server
