// SPDX-License-Identifier: MIT
#include "server/Config.h"

#include <algorithm>

#include <charconv>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/text/Trim.h"

namespace renkei::server {
namespace {

/// A config line or one side of its '=', without spaces, tabs and the CR of a CRLF file.
std::string trim(std::string_view s) { return std::string(text::trim(s, " \t\r")); }

template <typename T>
T integer(const std::string& value, T min, T max, const std::string& where) {
  T v{};
  const auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (ec != std::errc() || p != value.data() + value.size() || v < min || v > max)
    throw ConfigError(where + ": '" + value + "' is not a whole number from " + std::to_string(min) + " to " +
                      std::to_string(max));
  return v;
}

bool boolean(const std::string& value, const std::string& where) {
  if (value == "true" || value == "yes" || value == "1") return true;
  if (value == "false" || value == "no" || value == "0") return false;
  throw ConfigError(where + ": '" + value + "' is not true or false");
}

std::vector<std::string> roleList(const std::string& value, const std::string& where) {
  std::vector<std::string> roles;
  if (value == "none") return roles;
  std::size_t pos = 0;
  while (pos <= value.size()) {
    const std::size_t comma = std::min(value.find(',', pos), value.size());
    const std::string role(text::trim(std::string_view(value).substr(pos, comma - pos), " "));
    if (!role.empty()) {
      if (role != "clinic" && role != "staff" && role != "admin")
        throw ConfigError(where + ": unknown role '" + role + "' (clinic, staff, admin)");
      roles.push_back(role);
    }
    pos = comma + 1;
  }
  return roles;
}

void set(Config& c, const std::string& key, const std::string& value, const std::string& where) {
  if (key == "data_dir") c.dataDir = value;
  else if (key == "bind") c.bind = value;
  else if (key == "port") c.port = integer<int>(value, 1, 65535, where);
  else if (key == "tls_cert") c.tlsCert = value;
  else if (key == "tls_key") c.tlsKey = value;
  else if (key == "web_root") c.webRoot = value;
  else if (key == "app_dir") c.appDir = value;
  else if (key == "max_body_bytes") c.maxBodyBytes = integer<std::uint64_t>(value, 1024, 1ull << 34, where);
  else if (key == "body_seconds") c.bodySeconds = integer<int>(value, 1, 3600, where);
  else if (key == "series_per_hour") c.seriesPerHour = integer<int>(value, 1, 100000, where);
  else if (key == "view_megabytes_per_hour") c.viewMegabytesPerHour = integer<int>(value, 1, 1 << 20, where);
  else if (key == "threads") c.threads = integer<int>(value, 1, 256, where);
  else if (key == "test_mode") c.testMode = boolean(value, where);
  else if (key == "password_iterations") c.passwordIterations = integer<int>(value, 1000, 10000000, where);
  else if (key == "password_history") c.passwordHistory = integer<int>(value, 1, 24, where);
  else if (key == "session_idle_minutes") c.sessionIdleMinutes = integer<int>(value, 1, 240, where);
  else if (key == "session_max_hours") c.sessionMaxHours = integer<int>(value, 1, 24, where);
  else if (key == "lockout_failures") c.lockoutFailures = integer<int>(value, 1, 100, where);
  else if (key == "lockout_minutes") c.lockoutMinutes = integer<int>(value, 1, 1440, where);
  else if (key == "totp_required_roles") c.totpRequiredRoles = roleList(value, where);
  else if (key == "totp_issuer") c.totpIssuer = value;
  else if (key == "dicom_port") c.dicomPort = integer<int>(value, 0, 65535, where);
  else if (key == "dicom_ae_title") {
    // An AE title is 1–16 characters of the default repertoire, no backslash, not only spaces.
    if (value.empty() || value.size() > 16 || value.find('\\') != std::string::npos ||
        text::trim(value, " ").empty() || std::any_of(value.begin(), value.end(), [](unsigned char ch) { return ch < 0x20 || ch > 0x7e; }))
      throw ConfigError(where + ": dicom_ae_title must be 1-16 printable ASCII characters without a backslash");
    c.dicomAeTitle = value;
  } else if (key == "dicom_associations") c.dicomAssociations = integer<int>(value, 1, 64, where);
  else if (key == "dicom_calling_ae_titles") {
    c.dicomCallingAeTitles.clear();
    std::size_t start = 0;
    while (start <= value.size()) {
      const auto comma = value.find(',', start);
      const std::string_view item =
          std::string_view(value).substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      const std::string ae(text::trim(item, " "));
      if (ae.empty() || ae.size() > 16) throw ConfigError(where + ": dicom_calling_ae_titles is a comma-separated list of AE titles (1-16 characters)");
      c.dicomCallingAeTitles.push_back(ae);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  else if (key == "downloads_per_hour") c.downloadsPerHour = integer<int>(value, 1, 100000, where);
  else if (key == "message_key_file") c.messageKeyFile = value;
  // At most 20 MB: the upload route's body limit (Api::kUploadBodyBytes) must stay above it.
  else if (key == "message_attachment_bytes") c.messageAttachmentBytes = integer<std::uint64_t>(value, 1, 20000000, where);
  else throw ConfigError(where + ": unknown setting '" + key + "'");
}

struct Flag {
  const char* name;
  const char* key;
  bool takesValue;
  const char* help;
};

constexpr Flag kFlags[] = {
    {"--config", nullptr, true, "FILE   config file (default: <data-dir>/renkei.conf if present)"},
    {"--data-dir", "data_dir", true, "DIR    database, TLS key and images (default: data)"},
    {"--bind", "bind", true, "ADDR   address to listen on (default: 127.0.0.1)"},
    {"--port", "port", true, "N      HTTPS port (default: 8443)"},
    {"--cert", "tls_cert", true, "FILE   TLS certificate, PEM (default: generated self-signed)"},
    {"--key", "tls_key", true, "FILE   TLS private key, PEM"},
    {"--web-root", "web_root", true, "DIR    static files (web/)"},
    {"--app-dir", "app_dir", true, "DIR    the built WebAssembly app"},
    {"--max-body-bytes", "max_body_bytes", true, "N      largest accepted request body"},
    {"--body-seconds", "body_seconds", true, "N   cut off request bodies still arriving after N s (120)"},
    {"--threads", "threads", true, "N      worker threads, one per open connection (default 64)"},
    {"--password-iterations", "password_iterations", true, "N PBKDF2 iterations for new password hashes"},
    {"--session-idle-minutes", "session_idle_minutes", true, "N log out after N idle minutes (15)"},
    {"--totp-required-roles", "totp_required_roles", true, "LIST roles that must use two-factor log-in: admin (default), none, or e.g. admin,staff"},
    {"--dicom-port", "dicom_port", true, "N    DICOM C-STORE receiver port (default 0: off)"},
    {"--series-per-hour", "series_per_hour", true, "N series a clinic user may open per hour (150)"},
    {"--view-megabytes-per-hour", "view_megabytes_per_hour", true, "N MiB of frames/metadata per clinic user and hour (4096)"},
    {"--downloads-per-hour", "downloads_per_hour", true, "N instances/pictures a clinic user may download per hour (120)"},
    {"--dicom-calling-ae-titles", "dicom_calling_ae_titles", true, "LIST AE titles that may send (default: any)"},
    {"--dicom-ae-title", "dicom_ae_title", true, "AE the receiver's AE title (default RENKEI)"},
    {"--message-attachment-bytes", "message_attachment_bytes", true, "N largest message attachment (20000000)"},
    {"--message-key-file", "message_key_file", true, "FILE the messages' master key (default <data-dir>/keys/messages.key)"},
    {"--test-mode", "test_mode", false, "       test-only behaviour (never in production)"},
};

struct ParsedFlags {
  std::optional<std::string> configFile;
  std::vector<std::pair<std::string, std::string>> settings;  // key, value
};

ParsedFlags parseFlags(const std::vector<std::string>& args) {
  ParsedFlags out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i], value;
    bool inlineValue = false;
    if (const auto eq = arg.find('='); eq != std::string::npos && arg.rfind("--", 0) == 0) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      inlineValue = true;
    }
    const Flag* flag = nullptr;
    for (const Flag& f : kFlags)
      if (arg == f.name) flag = &f;
    if (!flag) throw ConfigError("unknown option '" + args[i] + "'\n" + usage());
    if (flag->takesValue && !inlineValue) {
      if (i + 1 >= args.size()) throw ConfigError(std::string(flag->name) + " needs a value\n" + usage());
      value = args[++i];
    } else if (!flag->takesValue) {
      value = inlineValue ? value : "true";
    }
    if (!flag->key) out.configFile = value;
    else out.settings.emplace_back(flag->key, value);
  }
  return out;
}

}  // namespace

void applyConfigText(Config& config, const std::string& text, const std::string& origin) {
  std::istringstream in(text);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    const std::string where = origin + ":" + std::to_string(n);
    if (const auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    line = trim(line);
    if (line.empty()) continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos) throw ConfigError(where + ": expected 'key = value'");
    const std::string key = trim(line.substr(0, eq)), value = trim(line.substr(eq + 1));
    if (key.empty() || value.empty()) throw ConfigError(where + ": expected 'key = value'");
    set(config, key, value, where);
  }
}

Config configFromCommandLine(const std::vector<std::string>& args) {
  const ParsedFlags flags = parseFlags(args);
  Config config;
  for (const auto& [key, value] : flags.settings)
    if (key == "data_dir") set(config, key, value, "--data-dir");

  std::filesystem::path file = flags.configFile ? std::filesystem::path(*flags.configFile) : config.dataDir / "renkei.conf";
  if (flags.configFile || std::filesystem::exists(file)) {
    std::ifstream in(file);
    if (!in) throw ConfigError("cannot read config file " + file.string());
    std::stringstream text;
    text << in.rdbuf();
    applyConfigText(config, text.str(), file.string());
  }
  for (const auto& [key, value] : flags.settings) set(config, key, value, "option for " + key);
  return config;
}

std::string usage() {
  std::string u = "usage: renkei-server [options]\n";
  for (const Flag& f : kFlags) u += std::string("  ") + f.name + " " + f.help + "\n";
  u += "Settings may also be written in the config file as key = value (data_dir, bind, port, tls_cert,\n"
       "tls_key, web_root, app_dir, max_body_bytes, body_seconds, threads, password_iterations, password_history,\n"
       "session_idle_minutes, session_max_hours, lockout_failures, lockout_minutes, totp_required_roles,\n"
       "totp_issuer, dicom_port, dicom_ae_title, dicom_associations, dicom_calling_ae_titles, downloads_per_hour,\n"
       "series_per_hour, view_megabytes_per_hour, message_key_file, message_attachment_bytes); options win.\n";
  return u;
}

}  // namespace renkei::server
