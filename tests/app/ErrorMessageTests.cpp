// SPDX-License-Identifier: MIT
// What the user reads for each refusal: the catalogue's text in their language (core/errors).
#include <catch2/catch.hpp>

#include <string>

#include "wasm-app/ErrorMessage.h"
#include "wasm-app/Text.h"

using namespace renkei;
using namespace renkei::app;

TEST_CASE("error messages: a known code gives the catalogue's text in the user's language") {
  const std::string body = R"({"error": {"code": "invalid_credentials", "message": "The user ID or password is not correct."}})";
  CHECK(errorMessage(Language::Japanese, 401, body) == errorText(Error::InvalidCredentials, Language::Japanese));
  CHECK(errorMessage(Language::English, 401, body) == "The user ID or password is not correct.");
  CHECK(errorOf(body) == Error::InvalidCredentials);
}

TEST_CASE("error messages: the lock-out names the minutes to wait, rounded up (R-PW-5)") {
  const std::string body = R"({"error": {"code": "locked", "message": "…", "retry_after": 601}})";
  CHECK(errorMessage(Language::English, 423, body) == "Too many failed attempts. Please try again in 11 minutes.");
  CHECK(errorMessage(Language::Japanese, 423, body).find("11分後") != std::string::npos);
}

TEST_CASE("error messages: a bad request carries the server's reason naming the field") {
  const std::string body = R"({"error": {"code": "bad_request", "message": "field 'signed_on' must be a date YYYY-MM-DD"}})";
  CHECK(errorMessage(Language::English, 400, body) == "Please check the input: field 'signed_on' must be a date YYYY-MM-DD");
  CHECK(errorMessage(Language::Japanese, 400, body).rfind("入力内容に誤りがあります：field 'signed_on'", 0) == 0);
}

TEST_CASE("error messages: no answer, an unknown code, a body that is not JSON") {
  CHECK(errorMessage(Language::English, 0, "") == text(T::ServerUnreachable, Language::English));
  CHECK(errorMessage(Language::English, 502, "<html>bad gateway</html>") == "Something went wrong (502).");
  CHECK(errorMessage(Language::English, 409, R"({"error": {"code": "from_a_newer_server"}})") == "Something went wrong (409).");
  CHECK(errorMessage(Language::English, 409, R"({"error": "flat"})") == "Something went wrong (409).");
  CHECK(errorMessage(Language::English, 404, "{}") == text(T::LoginUnavailable, Language::English));
  CHECK_FALSE(errorOf("[]").has_value());
  CHECK_FALSE(errorOf(R"({"error": {"code": 5}})").has_value());
}
