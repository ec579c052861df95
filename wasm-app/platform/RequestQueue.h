// SPDX-License-Identifier: MIT
// RequestQueue — which of the app's requests go to the server next (Stone's oracle/scheduler
// idea): a bounded number in flight, the rest queued by priority (first come, first served among
// equals), each cancellable while queued or in flight, and re-prioritisable while queued (the
// viewer asks for the frame under the cursor first and prefetches outward). Pure: the browser side
// is platform/Http.cpp; tests/app runs this natively.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace renkei::app {

struct HttpRequest {
  std::string method = "GET";
  std::string path;
  std::string accept = "application/json";  ///< e.g. multipart/related; type="application/octet-stream" for frames
  std::string contentType;                  ///< of `body`, when there is one
  std::string body;                         ///< bytes (binary-safe)
  bool hasBody = false;
  int priority = 0;  ///< higher goes first
  bool background = false;  ///< its answer need not be drawn at once (Redraw.h): a prefetch
  std::vector<std::pair<std::string, std::string>> headers;  ///< more request headers (X-File-Name)
};

struct HttpResponse {
  int status = 0;  ///< 0 when the server could not be reached at all
  std::string body;         ///< bytes as received (JSON text, or an image / frame)
  std::string contentType;  ///< the answer's Content-Type
};

using RequestId = std::uint64_t;

class RequestQueue {
 public:
  explicit RequestQueue(int maxInFlight) : maxInFlight_(maxInFlight) {}

  RequestId add(HttpRequest request);
  /// Forgets a queued request, or marks an in-flight one so that its answer is dropped. False when
  /// `id` is neither (already answered, or never added).
  bool cancel(RequestId id);
  /// A queued request's new priority; false when it is no longer queued.
  bool setPriority(RequestId id, int priority);
  /// The requests to start now, best first, as many as there are free places; they count as in
  /// flight from here on.
  std::vector<std::pair<RequestId, HttpRequest>> takeReady();
  /// A started request has ended: true when its answer is still wanted (it was not cancelled).
  bool finish(RequestId id);

  int queued() const { return static_cast<int>(queue_.size()); }
  int inFlight() const { return static_cast<int>(inFlight_.size()); }

 private:
  struct Queued {
    RequestId id;
    HttpRequest request;
  };
  int maxInFlight_;
  RequestId next_ = 1;
  std::vector<Queued> queue_;                            ///< in arrival order
  std::vector<std::pair<RequestId, bool>> inFlight_;     ///< id, cancelled
};

}  // namespace renkei::app
