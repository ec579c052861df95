// SPDX-License-Identifier: MIT
// ServerProcess — starts the real renkei-server binary for integration tests: a fresh temporary
// data directory, a free loopback port, stderr captured to a file; waits until it listens and
// stops it (SIGTERM, then waits) when destroyed.
#pragma once

#include <httplib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace renkei::test {

/// A port that was free a moment ago on 127.0.0.1.
int freePort();

/// A fresh directory under the system temp dir, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

class ServerProcess {
 public:
  struct Options {
    std::filesystem::path dataDir;        ///< required
    std::vector<std::string> extraArgs;   ///< appended after the defaults
    bool passPort = true;                 ///< false: the port comes from a config file
    int port = 0;                         ///< 0 = pick a free one
  };

  explicit ServerProcess(Options options);
  ~ServerProcess();

  /// Starts and waits for "listening on" (true) or for the process to exit (false).
  bool start();
  /// Sends SIGTERM and waits; returns the exit status.
  int stop();
  /// Runs to completion (for configurations expected to fail); returns the exit status.
  int runToExit();

  int port() const { return port_; }
  int pid() const { return pid_; }
  std::string log() const;
  /// An HTTPS client for this server (certificate verification off unless `caCert` is given).
  std::unique_ptr<httplib::SSLClient> client(const std::string& host = "127.0.0.1",
                                             const std::filesystem::path& caCert = {}) const;

  static std::filesystem::path binary();
  static std::filesystem::path webRoot();
  static std::filesystem::path appDir();

 private:
  void spawn();
  Options options_;
  int port_ = 0;
  int pid_ = -1;
  std::filesystem::path logFile_;
};

}  // namespace renkei::test
