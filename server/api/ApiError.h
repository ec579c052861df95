// SPDX-License-Identifier: MIT
// ApiError — a refusal with an HTTP status and a stable code, thrown by handlers and the stores
// they call; Api::route turns it into the JSON error and the audit record's detail.
#pragma once

#include <stdexcept>
#include <string>

namespace renkei::server {

class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string code, const std::string& message, std::string auditDetail = "")
      : std::runtime_error(message), status_(status), code_(std::move(code)), auditDetail_(std::move(auditDetail)) {}
  int status() const { return status_; }
  const std::string& code() const { return code_; }
  /// What the audit record says (may be more precise than what the user is told, e.g. why a
  /// patient is "not found" for them).
  const std::string& auditDetail() const { return auditDetail_.empty() ? code_ : auditDetail_; }

 private:
  int status_;
  std::string code_;
  std::string auditDetail_;
};

}  // namespace renkei::server
