// SPDX-License-Identifier: MIT
// QueryParams — strict reading of URL query parameters: unknown names, malformed numbers and dates
// are 400s naming the parameter (the JSON bodies' rules, JsonBody, for the query string).
#pragma once

#include <httplib.h>

#include <initializer_list>
#include <optional>
#include <string>

#include "core/time/Date.h"

namespace renkei::server {

class QueryParams {
 public:
  /// Reads the URL's query string only (httplib also merges form-encoded bodies into req.params:
  /// a lab file posted with curl's default content type must not be taken for parameters).
  QueryParams(const httplib::Request& req, std::initializer_list<const char*> allowed);
  std::string text(const char* name, std::size_t maxLength = 200) const;  ///< "" when absent
  int integer(const char* name, int fallback, int min, int max) const;
  std::optional<Date> date(const char* name) const;

 private:
  const std::string* find(const char* name) const;
  httplib::Params params_;
};

}  // namespace renkei::server
