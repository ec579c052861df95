// SPDX-License-Identifier: MIT
#include "wasm-app/ServerAnswer.h"

#include "wasm-app/App.h"

namespace renkei::app {

std::optional<nlohmann::json> serverAnswer(App& app, const HttpResponse& r, std::string& error) {
  if (r.status == 401) {
    app.signOut(app.t(T::SessionEnded));
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
