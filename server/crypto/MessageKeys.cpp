// SPDX-License-Identifier: MIT
#include "server/crypto/MessageKeys.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdexcept>

#include "server/crypto/AesGcm.h"
#include "server/crypto/Digest.h"
#include "server/records/StoredFile.h"

namespace renkei::server {
namespace {

std::filesystem::path nextOf(const std::filesystem::path& f) { return f.string() + ".next"; }

std::optional<std::string> readKey(const std::filesystem::path& f) {
  if (!std::filesystem::exists(f)) return std::nullopt;
  auto key = readStoredFile(f);
  if (!key || key->size() != kAesKeyBytes)
    throw std::runtime_error("the message key file " + f.string() + " is not a 32-byte key; restore it from the backup");
  return key;
}

/// Writes a new random key to `f` unless one is there (link() never replaces a file: a server and
/// the admin tool starting at once end with one key, not two).
void createKey(const std::filesystem::path& f) {
  std::filesystem::create_directories(f.parent_path());
  ::chmod(f.parent_path().c_str(), 0700);
  const std::string key = randomBytes(kAesKeyBytes);
  const std::string tmp = f.string() + ".tmp-" + randomToken(6);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + tmp);
  const bool ok = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (ok) ::link(tmp.c_str(), f.c_str());  // EEXIST: someone else's key won; it is read below
  ::unlink(tmp.c_str());
  if (!ok) throw std::runtime_error("cannot write " + tmp);
  if (const int dfd = ::open(f.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

}  // namespace

std::string MessageKeys::keyIdOf(std::string_view key) { return "mk-" + sha256Hex(key).substr(0, 16); }

MessageKeys::MessageKeys(std::filesystem::path keyFile, Lock lock) : file_(std::move(keyFile)), lock_(lock) {
  std::filesystem::create_directories(file_.parent_path());
  const std::string lockPath = file_.string() + ".lock";
  lockFd_ = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lockFd_ < 0) throw std::runtime_error("cannot open " + lockPath);
  if (::flock(lockFd_, (lock == Lock::Exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0) {
    ::close(lockFd_);
    lockFd_ = -1;
    throw std::runtime_error(lock == Lock::Exclusive
                                 ? "the message keys are in use (" + lockPath + "): stop renkei-server first"
                                 : "a message key rotation is running (" + lockPath + "); try again when it has finished");
  }
  if (!std::filesystem::exists(file_)) createKey(file_);
  const auto key = readKey(file_);
  if (!key) throw std::runtime_error("cannot create the message key file " + file_.string());
  current_ = keyIdOf(*key);
  keys_[current_] = *key;
  if (const auto next = readKey(nextOf(file_))) keys_[keyIdOf(*next)] = *next;
}

MessageKeys::~MessageKeys() {
  if (lockFd_ >= 0) ::close(lockFd_);  // releases the lock
}

std::string MessageKeys::newDataKey() { return randomBytes(kAesKeyBytes); }

MessageKeys::Wrapped MessageKeys::wrap(std::string_view dataKey, std::string_view context) const {
  return {current_, aesGcmSeal(keys_.at(current_), dataKey, context)};
}

std::optional<std::string> MessageKeys::unwrap(const std::string& keyId, std::string_view blob, std::string_view context) const {
  const auto k = keys_.find(keyId);
  if (k == keys_.end()) return std::nullopt;
  auto key = aesGcmOpen(k->second, blob, context);
  if (!key || key->size() != kAesKeyBytes) return std::nullopt;
  return key;
}

std::string MessageKeys::prepareRotation() {
  if (lock_ != Lock::Exclusive) throw std::logic_error("a rotation needs the exclusive lock");
  const auto next = nextOf(file_);
  // An interrupted rotation's key may already wrap some rows (if it had committed): keep it.
  if (!std::filesystem::exists(next)) createKey(next);
  const auto key = readKey(next);
  if (!key) throw std::runtime_error("cannot create " + next.string());
  current_ = keyIdOf(*key);
  keys_[current_] = *key;
  return current_;
}

void MessageKeys::finishRotation() {
  // rename() replaces the old key file in one step: there is always a key file under the real name.
  std::filesystem::rename(nextOf(file_), file_);
  if (const int dfd = ::open(file_.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  for (auto it = keys_.begin(); it != keys_.end();) it = it->first == current_ ? std::next(it) : keys_.erase(it);
}

}  // namespace renkei::server
