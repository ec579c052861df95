// SPDX-License-Identifier: MIT
// Browser — the few browser facilities the app uses besides HTTP: persisted preferences
// (localStorage; never patient data) and the page's language attribute.
#pragma once

#include <string>

namespace renkei::app {

std::string loadPreference(const char* key);
void savePreference(const char* key, const std::string& value);
void setDocumentLanguage(const char* code);

}  // namespace renkei::app
