// SPDX-License-Identifier: MIT
#include "ServerProcess.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#ifndef RENKEI_SERVER_BINARY
#error "RENKEI_SERVER_BINARY must be defined by the build"
#endif

// Every server, admin tool and in-process store the tests start refuses a write begun while a read
// is open on its connection (store/Database.cpp): under load such code fails at random.
const bool kStrictTransactions = [] { return ::setenv("RENKEI_STRICT_TRANSACTIONS", "1", 1) == 0; }();

namespace renkei::test {

int freePort() {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  if (::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("bind failed");
  socklen_t len = sizeof a;
  ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(s);
  return ntohs(a.sin_port);
}

TempDir::TempDir() {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() / ("renkei-test-" + std::to_string(rd()) + std::to_string(::getpid()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::filesystem::path ServerProcess::binary() { return RENKEI_SERVER_BINARY; }
std::filesystem::path ServerProcess::webRoot() { return RENKEI_WEB_ROOT; }
std::filesystem::path ServerProcess::appDir() { return RENKEI_TEST_APP_DIR; }

ServerProcess::ServerProcess(Options options) : options_(std::move(options)) {
  static int instances = 0;
  port_ = options_.port ? options_.port : freePort();
  // One log per instance: two servers on the same data directory must never read each other's log.
  logFile_ = options_.dataDir.parent_path() /
             (options_.dataDir.filename().string() + "-server-" + std::to_string(++instances) + ".log");
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) stop();
}

void ServerProcess::spawn() {
  std::vector<std::string> args{binary().string(), "--data-dir", options_.dataDir.string(),
                                "--web-root", webRoot().string(), "--app-dir", appDir().string()};
  if (options_.passPort) {
    args.push_back("--port");
    args.push_back(std::to_string(port_));
  }
  args.insert(args.end(), options_.extraArgs.begin(), options_.extraArgs.end());
  // The parent creates the log before forking, so start() never reads a log older than the child.
  const int fd = ::open(logFile_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create " + logFile_.string());
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::dup2(fd, 2);
    ::dup2(fd, 1);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(fd);
}

bool ServerProcess::start() {
  spawn();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (std::chrono::steady_clock::now() < deadline) {
    if (log().find("listening on") != std::string::npos) return true;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

int ServerProcess::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int ServerProcess::runToExit() {
  spawn();
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string ServerProcess::log() const {
  std::ifstream in(logFile_);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::unique_ptr<httplib::SSLClient> ServerProcess::client(const std::string& host,
                                                          const std::filesystem::path& caCert) const {
  auto c = std::make_unique<httplib::SSLClient>(host, port_);
  c->set_connection_timeout(5);
  c->set_read_timeout(10);
  c->set_decompress(false);  // tests look at the encoding on the wire
  if (caCert.empty()) {
    c->enable_server_certificate_verification(false);
  } else {
    c->set_ca_cert_path(caCert.c_str());
    c->enable_server_certificate_verification(true);
  }
  return c;
}

}  // namespace renkei::test
