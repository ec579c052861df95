// SPDX-License-Identifier: MIT
#include "server/api/QueryParams.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "server/api/JsonBody.h"

namespace renkei::server {

QueryParams::QueryParams(const httplib::Request& req, std::initializer_list<const char*> allowed) : req_(req) {
  for (const auto& [key, value] : req.params) {
    if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; }))
      throw BadRequest("unknown parameter '" + key + "'");
    if (req.get_param_value_count(key) > 1) throw BadRequest("parameter '" + key + "' is given more than once");
  }
}

std::string QueryParams::text(const char* name, std::size_t maxLength) const {
  std::string v = req_.get_param_value(name);
  if (v.size() > maxLength) throw BadRequest(std::string("parameter '") + name + "' is too long");
  return v;
}

int QueryParams::integer(const char* name, int fallback, int min, int max) const {
  if (!req_.has_param(name)) return fallback;
  const std::string v = req_.get_param_value(name);
  int n = 0;
  const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || p != v.data() + v.size() || n < min || n > max)
    throw BadRequest(std::string("parameter '") + name + "' must be a whole number from " + std::to_string(min) +
                     " to " + std::to_string(max));
  return n;
}

std::optional<Date> QueryParams::date(const char* name) const {
  if (!req_.has_param(name)) return std::nullopt;
  const std::string v = req_.get_param_value(name);
  const auto d = Date::parse(v);
  if (!d || v.size() != 10) throw BadRequest(std::string("parameter '") + name + "' must be a date YYYY-MM-DD");
  return d;
}

}  // namespace renkei::server
