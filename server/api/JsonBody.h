// SPDX-License-Identifier: MIT
// JsonBody — strict reading of JSON request bodies: malformed JSON, a non-object, unknown fields,
// missing required fields and wrong types are all 400s with a message naming the field.
#pragma once

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include "core/errors/Error.h"

namespace renkei::server {

class JsonBody {
 public:
  /// Objects and arrays nested deeper than this are refused (no request needs more than 3 levels).
  static constexpr int kMaxDepth = 16;
  /// Parses `body`; only `allowed` fields may appear.
  JsonBody(const std::string& body, std::initializer_list<const char*> allowed);

  std::string text(const char* field, std::size_t maxLength = 1024) const;  ///< required string
  std::optional<std::string> optionalText(const char* field, std::size_t maxLength = 1024) const;
  /// A whole number from `min` to `max`, when given.
  std::optional<int> optionalInteger(const char* field, int min, int max) const;
  /// A number (whole or not) from `min` to `max`, when given.
  std::optional<double> optionalNumber(const char* field, double min, double max) const;
  /// An optional object whose values are all strings ({} when absent).
  std::map<std::string, std::string> textObject(const char* field, std::size_t maxLength = 1024) const;
  /// A required object, read as strictly as the body (only `allowed` fields); field names in its
  /// errors are "field.name".
  JsonBody object(const char* field, std::initializer_list<const char*> allowed) const;
  /// The body (or object) as parsed, to keep as sent once it has been read.
  const nlohmann::json& value() const { return j_; }

 private:
  JsonBody(nlohmann::json j, std::string prefix) : j_(std::move(j)), prefix_(std::move(prefix)) {}
  std::string name(const char* field) const { return prefix_ + field; }
  nlohmann::json j_;
  std::string prefix_;  ///< "order." inside an object
};

}  // namespace renkei::server
