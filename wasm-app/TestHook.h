// SPDX-License-Identifier: MIT
// TestHook — what the app shows, as JSON, for the browser tests (canvas text cannot be read).
#pragma once

#include <string>

namespace renkei::app {

/// The screen, language, labels drawn in the last frame, the forms' visible fields (never a
/// password), the data held, and the last fault.
std::string testState();

}  // namespace renkei::app
