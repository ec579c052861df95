// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include "server/Config.h"

using renkei::server::applyConfigText;
using renkei::server::Config;
using renkei::server::ConfigError;
using renkei::server::configFromCommandLine;

TEST_CASE("config text: comments, spaces, every key", "[server][config]") {
  Config c;
  applyConfigText(c,
                  "# Renkei\n\n  port = 9443   # HTTPS\nbind=0.0.0.0\ndata_dir = /srv/renkei\nmax_body_bytes = 1048576\n"
                  "threads = 4\r\ntls_cert = /etc/renkei/cert.pem\ntls_key = /etc/renkei/key.pem\n",
                  "test.conf");
  CHECK(c.port == 9443);
  CHECK(c.bind == "0.0.0.0");
  CHECK(c.dataDir == "/srv/renkei");
  CHECK(c.maxBodyBytes == 1048576);
  CHECK(c.threads == 4);
  CHECK(c.certPath() == "/etc/renkei/cert.pem");
  CHECK(c.keyPath() == "/etc/renkei/key.pem");
  CHECK(c.databasePath() == "/srv/renkei/renkei.sqlite");
}

TEST_CASE("config text: mistakes name the line", "[server][config][bad-input]") {
  Config c;
  CHECK_THROWS_WITH(applyConfigText(c, "port = 8443\nport 8443\n", "f"), Catch::Contains("f:2: expected 'key = value'"));
  CHECK_THROWS_WITH(applyConfigText(c, "port = 84x3\n", "f"), Catch::Contains("f:1: '84x3' is not a whole number"));
  CHECK_THROWS_WITH(applyConfigText(c, "port = 0\n", "f"), Catch::Contains("from 1 to 65535"));
  CHECK_THROWS_WITH(applyConfigText(c, "max_body_bytes = 10\n", "f"), Catch::Contains("from 1024"));
  CHECK_THROWS_WITH(applyConfigText(c, "colour = blue\n", "f"), Catch::Contains("unknown setting 'colour'"));
  CHECK_THROWS_WITH(applyConfigText(c, "port =\n", "f"), Catch::Contains("f:1"));
  CHECK_THROWS_WITH(applyConfigText(c, "test_mode = maybe\n", "f"), Catch::Contains("not true or false"));
}

TEST_CASE("command line: defaults, --key value and --key=value", "[server][config]") {
  const Config d = configFromCommandLine({"--data-dir", "/nonexistent-renkei-dir"});
  CHECK(d.port == 8443);
  CHECK(d.bind == "127.0.0.1");
  CHECK(d.certPath() == "/nonexistent-renkei-dir/tls/cert.pem");
  const Config c = configFromCommandLine({"--data-dir=/nonexistent-renkei-dir", "--port=9000", "--test-mode"});
  CHECK(c.port == 9000);
  CHECK(c.testMode);
  CHECK_THROWS_AS(configFromCommandLine({"--port"}), ConfigError);
  CHECK_THROWS_AS(configFromCommandLine({"--config", "/nonexistent-renkei-dir/x.conf"}), ConfigError);
}
