// SPDX-License-Identifier: MIT
#include "server/api/QueryParams.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "server/api/JsonBody.h"

namespace renkei::server {

QueryParams::QueryParams(const httplib::Request& req, std::initializer_list<const char*> allowed) {
  const auto q = req.target.find('?');
  if (q != std::string::npos) httplib::detail::parse_query_text(req.target.substr(q + 1), params_);
  for (const auto& [key, value] : params_) {
    if (std::none_of(allowed.begin(), allowed.end(), [&k = key](const char* a) { return k == a; }))
      throw Refusal(Error::BadRequest, "unknown parameter '" + key + "'");
    if (params_.count(key) > 1) throw Refusal(Error::BadRequest, "parameter '" + key + "' is given more than once");
  }
}

const std::string* QueryParams::find(const char* name) const {
  const auto it = params_.find(name);
  return it == params_.end() ? nullptr : &it->second;
}

std::string QueryParams::text(const char* name, std::size_t maxLength) const {
  const std::string* v = find(name);
  if (!v) return {};
  if (v->size() > maxLength) throw Refusal(Error::BadRequest, std::string("parameter '") + name + "' is too long");
  return *v;
}

int QueryParams::integer(const char* name, int fallback, int min, int max) const {
  const std::string* v = find(name);
  if (!v) return fallback;
  int n = 0;
  const auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || p != v->data() + v->size() || n < min || n > max)
    throw Refusal(Error::BadRequest, std::string("parameter '") + name + "' must be a whole number from " + std::to_string(min) +
                     " to " + std::to_string(max));
  return n;
}

std::optional<Date> QueryParams::date(const char* name) const {
  const std::string* v = find(name);
  if (!v) return std::nullopt;
  const auto d = Date::parse(*v);
  if (!d || v->size() != 10) throw Refusal(Error::BadRequest, std::string("parameter '") + name + "' must be a date YYYY-MM-DD");
  return d;
}

}  // namespace renkei::server
