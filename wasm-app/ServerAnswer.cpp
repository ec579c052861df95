// SPDX-License-Identifier: MIT
#include "wasm-app/ServerAnswer.h"

#include "wasm-app/App.h"
#include "wasm-app/ErrorMessage.h"

namespace renkei::app {

std::string sessionEndText(const App& app, const HttpResponse& r) {
  // An idle or ended session says "logged out after inactivity"; an account that can no longer be
  // used (password expired, locked, deactivated) says why.
  const auto e = errorOf(r.body);
  if (!e || *e == Error::SessionRequired || *e == Error::SessionExpired) return app.t(T::SessionEnded);
  return errorMessage(app.language, r.status, r.body);
}

std::optional<nlohmann::json> serverAnswer(App& app, const HttpResponse& r, std::string& error) {
  if (r.status == 401) {
    app.signOut(sessionEndText(app, r).c_str());
    return std::nullopt;
  }
  if (r.status != 200 && r.status != 201) {
    error = serverErrorText(app, r.status, r.body);
    return std::nullopt;
  }
  nlohmann::json j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    error = textf(T::UnexpectedError, app.language, r.status);
    return std::nullopt;
  }
  return j;
}


}  // namespace renkei::app
