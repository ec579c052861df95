// SPDX-License-Identifier: MIT
// JsonField — reading fields of the server's JSON without ever throwing: a missing field or one of
// the wrong type reads as the default (nlohmann's value() throws on a wrong type, which in the
// browser would abort the app). Every JSON-to-state function of the app reads through these.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace renkei::app {

/// The string at `key`, or "" when it is missing or not a string.
std::string jsonText(const nlohmann::json& j, const char* key);
/// The whole number at `key`, or `fallback`.
std::int64_t jsonInteger(const nlohmann::json& j, const char* key, std::int64_t fallback = 0);
/// The number at `key` (whole or not), when there is one.
std::optional<double> jsonNumber(const nlohmann::json& j, const char* key);
bool jsonBool(const nlohmann::json& j, const char* key, bool fallback = false);
/// The array at `key`, or an empty one.
const nlohmann::json& jsonArray(const nlohmann::json& j, const char* key);
/// The object at `key`, or an empty one.
const nlohmann::json& jsonObject(const nlohmann::json& j, const char* key);

}  // namespace renkei::app
