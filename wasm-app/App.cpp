// SPDX-License-Identifier: MIT
#include "wasm-app/App.h"

#include <nlohmann/json.hpp>

#include "wasm-app/Ui.h"
#include "wasm-app/platform/Browser.h"
#include "wasm-app/platform/Http.h"

namespace renkei::app {

App& theApp() {
  static App app;
  return app;
}

namespace {
void applyLanguage(App& app, Language lang) {
  app.language = lang;
  savePreference("language", languageCode(lang));
  setDocumentLanguage(languageCode(lang));
}
}  // namespace

void App::start() {
  // Japanese by default (the hospital's users); English when the user chose it before.
  requestedLanguage = loadPreference("language") == "en" ? Language::English : Language::Japanese;
  applyLanguage(*this, requestedLanguage);
  httpGet("/api/v1/health", [this](const HttpResponse& r) {
    if (r.status != 200) {
      health.status = ServerHealth::Status::Unreachable;
      return;
    }
    const auto j = nlohmann::json::parse(r.body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      health.status = ServerHealth::Status::Unreachable;
      return;
    }
    health.status = ServerHealth::Status::Connected;
    health.version = j.value("version", "");
    if (j.contains("build") && j["build"].is_object()) health.commit = j["build"].value("commit", "");
    if (j.contains("database") && j["database"].is_object()) health.schemaVersion = j["database"].value("schema_version", -1);
  });
}

void App::frame() {
  ++frames;
  if (requestedLanguage != language) applyLanguage(*this, requestedLanguage);
  ui::beginFrame();
  switch (screen) {
    case Screen::Login: drawLoginScreen(*this); break;
  }
}

}  // namespace renkei::app
