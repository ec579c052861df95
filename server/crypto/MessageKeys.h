// SPDX-License-Identifier: MIT
// MessageKeys — the master keys that wrap the messages' data keys (R-MSG-1, issue 14 §3). Every
// message (and every thread, for its subject) has its own random 256-bit data key; the database
// holds that key only wrapped (AES-256-GCM, associated data naming the row) by the master key,
// which lives outside the database: <data-dir>/keys/messages.key (config `message_key_file`),
// 32 raw bytes, mode 0600, created at first start. A copied database alone opens no message.
//
// Each wrapped key names its master key by a key id (derived from the key: "mk-" and 16 hex of
// its SHA-256), so that a rotation can re-wrap every data key without re-encrypting a body:
//   1. prepareRotation(): a new master key in <key file>.next (an interrupted rotation's is reused);
//   2. the caller re-wraps every data key with it in one database transaction (Messages::rewrapKeys);
//   3. finishRotation(): <key file>.next replaces <key file>; the old key is gone from the disk.
// A crash between 2 and 3 leaves both files, and both are loaded, so every row still opens.
// The server holds a shared lock on <key file>.lock while it runs; a rotation takes it
// exclusively, so it is refused while a server uses the keys (a server's message written with the
// old key after the re-wrap would be lost with it).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace renkei::server {

class MessageKeys {
 public:
  enum class Lock { Shared, Exclusive };
  struct Wrapped {
    std::string keyId;
    std::string blob;  ///< nonce ‖ wrapped key ‖ tag
  };

  /// Loads the master key (and an interrupted rotation's new one), creating the key file when
  /// absent. Throws std::runtime_error for a key file that is not a 32-byte key, or when the lock
  /// is held the other way (Exclusive: a server is running; Shared: a rotation is).
  explicit MessageKeys(std::filesystem::path keyFile, Lock lock = Lock::Shared);
  ~MessageKeys();
  MessageKeys(const MessageKeys&) = delete;
  MessageKeys& operator=(const MessageKeys&) = delete;

  /// A fresh random data key.
  static std::string newDataKey();
  /// `dataKey` wrapped by the current master key, bound to `context` (which row it belongs to).
  Wrapped wrap(std::string_view dataKey, std::string_view context) const;
  /// nullopt when the key id is unknown here or the blob does not open with this context.
  std::optional<std::string> unwrap(const std::string& keyId, std::string_view blob, std::string_view context) const;
  const std::string& currentId() const { return current_; }

  /// Rotation step 1 (needs Lock::Exclusive): the new key, which wrap() uses from now on. Returns its id.
  std::string prepareRotation();
  /// Rotation step 3, after the re-wrap was committed.
  void finishRotation();

  static std::string keyIdOf(std::string_view key);

 private:
  std::filesystem::path file_;
  int lockFd_ = -1;
  Lock lock_;
  std::map<std::string, std::string> keys_;  ///< key id → key
  std::string current_;
};

}  // namespace renkei::server
