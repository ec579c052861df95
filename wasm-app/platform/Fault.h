// SPDX-License-Identifier: MIT
// Fault — what happens when C++ throws at the edge where the browser calls into the app (an export,
// a fetch callback, the frame). Nothing may unwind into JavaScript (it would abort the whole app
// and lose what the user typed): the exception is caught at that edge, logged to the console and
// shown in the app as a visible error, and the app goes on.
#pragma once

#include <exception>
#include <string>

namespace renkei::app {

/// Keeps `what` (with where it happened) as the fault on screen and logs it.
void recordFault(const char* where, const char* what);
/// The last fault ("" when none), until the user closes it.
const std::string& lastFault();
void clearFault();
/// How many faults were caught since start (the test hook reports it).
int faultCount();

/// Runs `f`; an exception is recorded instead of leaving.
template <class F>
void guarded(const char* where, F&& f) noexcept {
  try {
    f();
  } catch (const std::exception& e) {
    recordFault(where, e.what());
  } catch (...) {
    recordFault(where, "unknown exception");
  }
}

}  // namespace renkei::app
