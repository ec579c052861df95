// SPDX-License-Identifier: MIT
// WebServer — the HTTPS front door: TLS, limits, security headers, the access log, static files
// and the JSON API routes. Every response, including errors, carries the security headers.
#pragma once

#include <httplib.h>

#include <memory>

#include "server/Config.h"
#include "server/api/Api.h"
#include "server/audit/AuditLog.h"
#include "server/auth/Accounts.h"
#include "server/auth/Sessions.h"
#include "server/auth/TwoFactor.h"
#include "server/crypto/SecretBox.h"
#include "server/http/StaticFiles.h"
#include "server/imaging/ImageStore.h"
#include "server/records/Bookings.h"
#include "server/crypto/MessageKeys.h"
#include "server/records/Messages.h"
#include "server/store/Database.h"

namespace renkei::server {

class WebServer {
 public:
  WebServer(const Config& config, Database& db);

  /// Binds; returns false (with errno-level reason printed) when the port cannot be bound.
  bool bind();
  /// Serves until stop(); blocking.
  bool run();
  void stop();

  ImageStore& images() { return images_; }
  /// Appends an audit record outside any HTTP request (the DICOM receiver's stores).
  void audit(const AuditEntry& entry) { audit_.append(entry); }

 private:
  void routes();

  const Config& config_;
  Database& db_;
  httplib::SSLServer https_;
  StaticFiles files_;
  AuditAnchor anchor_;  ///< before audit_: the log is anchored from its first record
  AuditLog audit_;
  FrameReads frameReads_{audit_};  ///< after audit_: closes its windows into it when destroyed
  Accounts accounts_;
  Sessions sessions_;
  LoginGuard loginGuard_;
  SecretBox secrets_;
  TwoFactor twoFactor_;
  Patients patients_;
  Consents consents_;
  Labs labs_;
  Documents documents_;
  LabImport labImport_;
  ImageStore images_;
  ApiTokens tokens_;
  Bookings bookings_;
  MessageKeys messageKeys_;  ///< created at first start; held (shared lock) while the server runs
  Messages messages_;
  Services services_;
  Api api_;
};

/// Adds the headers every Renkei response carries (CSP, HSTS, nosniff, framing, referrer).
void addSecurityHeaders(httplib::Response& res);


}  // namespace renkei::server
