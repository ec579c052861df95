// SPDX-License-Identifier: MIT
// RequestBody — reading a request's body under a limit while it arrives (issue 17). cpp-httplib
// reads a chunked (or length-less) body whole before any handler sees it; routes therefore take
// their body through a content reader, and this is the one place that reads it: a declared
// Content-Length over the limit is refused before a byte is read, a chunked or compressed body is
// counted as it arrives (decompressed bytes, so a gzip bomb stops at the limit too), tiny pieces
// are capped in number, and a body still arriving after the deadline is cut off.
#pragma once

#include <httplib.h>

#include <cstddef>

namespace renkei::server {

struct BodyLimit {
  std::size_t bytes = 64u << 10;  ///< the most the route takes
  int seconds = 120;              ///< the longest a body may take to arrive
};

enum class BodyProblem {
  None,
  TooLarge,    ///< over the limit (declared or counted): 413
  TooSlow,     ///< still arriving at the deadline: 408
  Unreadable,  ///< malformed chunking or multipart, the client went away, a socket time-out: 400
};

struct BodyRead {
  BodyProblem problem = BodyProblem::None;
  /// Part of the body was left in the connection: the answer must end it (stopReading).
  bool restUnread = false;
};

/// A little past the limit the rest of a refused body is still read and thrown away, so that a
/// client that sends a whole body before reading the answer gets its 413 rather than a reset.
inline constexpr std::size_t kDrainBytes = 4u << 20;

/// Reads the body of `req` into `into.body` (or, for multipart/form-data, into `into.files`).
BodyRead readBody(const httplib::Request& req, const httplib::ContentReader& reader, BodyLimit limit,
                  httplib::Request& into);

/// True when `req` declares a body that has not been read (Content-Length > 0, or chunked): an
/// answer that leaves it unread must close the connection.
bool hasUnreadBody(const httplib::Request& req);

/// Ends the reading side of the connection `req` came on, so that the server reads nothing more
/// from it (the rest of a refused body, or bytes that never end) while the answer still goes out;
/// the connection then closes. cpp-httplib 0.11 has no handle on the socket for a handler and keeps
/// a connection open whatever the answer says, so the socket is found by its two addresses.
/// False when it was not found.
bool stopReading(const httplib::Request& req);

}  // namespace renkei::server
