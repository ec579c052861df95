// SPDX-License-Identifier: MIT
// ServerAnswer — reading the server's JSON answers the same way on every screen: a 200/201 object,
// or the failure in the user's language (and a 401 ends the session, dropping all patient data).
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "wasm-app/JsonField.h"
#include "wasm-app/platform/Http.h"

namespace renkei::app {

struct App;

/// What the user reads when the server ends the session (a 401): inactivity, or the reason the
/// account cannot be used any more.
std::string sessionEndText(const App& app, const HttpResponse& r);

/// The JSON object of a 200 or 201 answer; otherwise nullopt, with `error` set to what the user
/// should read (a 401 signs out first).
std::optional<nlohmann::json> serverAnswer(App& app, const HttpResponse& r, std::string& error);

}  // namespace renkei::app
