// SPDX-License-Identifier: MIT
#include "wasm-app/JsonField.h"

namespace renkei::app {
namespace {

const nlohmann::json* field(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  const auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

}  // namespace

std::string jsonText(const nlohmann::json& j, const char* key) {
  const auto* v = field(j, key);
  return v && v->is_string() ? v->get<std::string>() : std::string();
}

std::int64_t jsonInteger(const nlohmann::json& j, const char* key, std::int64_t fallback) {
  const auto* v = field(j, key);
  return v && v->is_number_integer() ? v->get<std::int64_t>() : fallback;
}

std::optional<double> jsonNumber(const nlohmann::json& j, const char* key) {
  const auto* v = field(j, key);
  if (!v || !v->is_number()) return std::nullopt;
  return v->get<double>();
}

bool jsonBool(const nlohmann::json& j, const char* key, bool fallback) {
  const auto* v = field(j, key);
  return v && v->is_boolean() ? v->get<bool>() : fallback;
}

const nlohmann::json& jsonArray(const nlohmann::json& j, const char* key) {
  static const nlohmann::json empty = nlohmann::json::array();
  const auto* v = field(j, key);
  return v && v->is_array() ? *v : empty;
}

const nlohmann::json& jsonObject(const nlohmann::json& j, const char* key) {
  static const nlohmann::json empty = nlohmann::json::object();
  const auto* v = field(j, key);
  return v && v->is_object() ? *v : empty;
}

}  // namespace renkei::app
