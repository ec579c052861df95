// SPDX-License-Identifier: MIT
#include "wasm-app/ErrorMessage.h"

#include <nlohmann/json.hpp>

#include <cstdio>

#include "wasm-app/JsonField.h"
#include "wasm-app/Text.h"

namespace renkei::app {
namespace {

nlohmann::json errorObject(const std::string& body) {
  const auto j = nlohmann::json::parse(body, nullptr, false);
  return j.is_discarded() ? nlohmann::json::object() : jsonObject(j, "error");
}

}  // namespace

std::optional<Error> errorOf(const std::string& body) { return errorFromCode(jsonText(errorObject(body), "code")); }

std::string errorMessage(Language language, int status, const std::string& body) {
  if (status == 0) return text(T::ServerUnreachable, language);
  const nlohmann::json error = errorObject(body);
  const auto e = errorFromCode(jsonText(error, "code"));
  if (!e) return status == 404 ? text(T::LoginUnavailable, language) : textf(T::UnexpectedError, language, status);
  char buf[512];
  switch (*e) {
    case Error::Locked: {
      const auto seconds = jsonInteger(error, "retry_after");
      std::snprintf(buf, sizeof buf, errorText(*e, language), static_cast<int>((seconds + 59) / 60));
      return buf;
    }
    case Error::BadRequest:
      // The server's reason names the field (in English); the sentence around it is the user's language.
      std::snprintf(buf, sizeof buf, errorText(*e, language), jsonText(error, "message").c_str());
      return buf;
    default: return errorText(*e, language);
  }
}

}  // namespace renkei::app
