// SPDX-License-Identifier: MIT
#include "server/api/JsonBody.h"

#include <algorithm>
#include <cstring>

namespace renkei::server {

JsonBody::JsonBody(const std::string& body, std::initializer_list<const char*> allowed) {
  // nlohmann's parser keeps its own stack, but a value nested thousands deep still costs memory and
  // every later walk over it (dump, destruction) recurses: no request needs more than a few levels.
  // `depth` is 0 at the body itself.
  const auto depthCap = [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
    if (depth >= kMaxDepth) throw Refusal(Error::BadRequest, "the body is nested deeper than " + std::to_string(kMaxDepth) + " levels");
    return true;
  };
  j_ = nlohmann::json::parse(body, depthCap, false);
  if (j_.is_discarded()) throw Refusal(Error::BadRequest, "the body is not valid JSON");
  if (!j_.is_object()) throw Refusal(Error::BadRequest, "the body must be a JSON object");
  for (const auto& [key, value] : j_.items())
    if (std::none_of(allowed.begin(), allowed.end(), [&k = key](const char* a) { return k == a; }))
      throw Refusal(Error::BadRequest, "unknown field '" + key + "'");
}

std::optional<std::string> JsonBody::optionalText(const char* field, std::size_t maxLength) const {
  const auto it = j_.find(field);
  if (it == j_.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) throw Refusal(Error::BadRequest, "field '" + name(field) + "' must be a string");
  std::string v = it->get<std::string>();
  if (v.size() > maxLength) throw Refusal(Error::BadRequest, "field '" + name(field) + "' is too long");
  return v;
}

std::optional<int> JsonBody::optionalInteger(const char* field, int min, int max) const {
  const auto it = j_.find(field);
  if (it == j_.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer() || it->get<std::int64_t>() < min || it->get<std::int64_t>() > max)
    throw Refusal(Error::BadRequest, std::string("field '") + field + "' must be a whole number from " + std::to_string(min) + " to " +
                     std::to_string(max));
  return static_cast<int>(it->get<std::int64_t>());
}

std::optional<double> JsonBody::optionalNumber(const char* field, double min, double max) const {
  const auto it = j_.find(field);
  if (it == j_.end() || it->is_null()) return std::nullopt;
  if (!it->is_number() || it->get<double>() < min || it->get<double>() > max)
    throw Refusal(Error::BadRequest, "field '" + name(field) + "' must be a number from " + std::to_string(static_cast<long>(min)) +
                                         " to " + std::to_string(static_cast<long>(max)));
  return it->get<double>();
}

JsonBody JsonBody::object(const char* field, std::initializer_list<const char*> allowed) const {
  const auto it = j_.find(field);
  if (it == j_.end() || it->is_null()) throw Refusal(Error::BadRequest, "field '" + name(field) + "' is required");
  if (!it->is_object()) throw Refusal(Error::BadRequest, "field '" + name(field) + "' must be an object");
  for (const auto& [key, value] : it->items())
    if (std::none_of(allowed.begin(), allowed.end(), [&k = key](const char* a) { return k == a; }))
      throw Refusal(Error::BadRequest, "unknown field '" + name(field) + "." + key + "'");
  return JsonBody(*it, name(field) + ".");
}

std::map<std::string, std::string> JsonBody::textObject(const char* field, std::size_t maxLength) const {
  std::map<std::string, std::string> out;
  const auto it = j_.find(field);
  if (it == j_.end() || it->is_null()) return out;
  if (!it->is_object()) throw Refusal(Error::BadRequest, std::string("field '") + field + "' must be an object");
  for (const auto& [key, value] : it->items()) {
    if (!value.is_string()) throw Refusal(Error::BadRequest, std::string("field '") + field + "." + key + "' must be a string");
    if (value.get_ref<const std::string&>().size() > maxLength)
      throw Refusal(Error::BadRequest, std::string("field '") + field + "." + key + "' is too long");
    out[key] = value.get<std::string>();
  }
  return out;
}

std::string JsonBody::text(const char* field, std::size_t maxLength) const {
  auto v = optionalText(field, maxLength);
  if (!v) throw Refusal(Error::BadRequest, "field '" + name(field) + "' is required");
  return *v;
}

}  // namespace renkei::server
