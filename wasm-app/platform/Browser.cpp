// SPDX-License-Identifier: MIT
#include "wasm-app/platform/Browser.h"

#include <emscripten.h>

#include <cstdlib>

namespace renkei::app {
namespace {

// clang-format off
EM_JS(char*, js_load_preference, (const char* key), {
  let v = null;
  try { v = window.localStorage.getItem("renkei." + UTF8ToString(key)); } catch (e) {}
  if (v === null) v = "";
  const n = lengthBytesUTF8(v) + 1;
  const p = _malloc(n);
  stringToUTF8(v, p, n);
  return p;
});
EM_JS(void, js_save_preference, (const char* key, const char* value), {
  try { window.localStorage.setItem("renkei." + UTF8ToString(key), UTF8ToString(value)); } catch (e) {}
});
EM_JS(void, js_set_document_language, (const char* code), {
  document.documentElement.lang = UTF8ToString(code);
});
// clang-format on

}  // namespace

std::string loadPreference(const char* key) {
  char* p = js_load_preference(key);
  std::string v(p);
  std::free(p);
  return v;
}

void savePreference(const char* key, const std::string& value) { js_save_preference(key, value.c_str()); }

void setDocumentLanguage(const char* code) { js_set_document_language(code); }

}  // namespace renkei::app
