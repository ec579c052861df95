// SPDX-License-Identifier: MIT
#include "wasm-app/platform/Browser.h"

#include <emscripten.h>

#include <cstdlib>
#include <map>

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
EM_JS(void, js_choose_file, (const char* accept, double maxBytes, int token), {
  const input = document.createElement("input");
  input.type = "file";
  input.accept = UTF8ToString(accept);
  input.style.display = "none";
  input.id = "renkei-file";
  const answer = (name, type, bytes) => {
    const n = bytes ? bytes.length : 0;
    const p = _malloc(n > 0 ? n : 1);
    if (n > 0) HEAPU8.set(bytes, p);
    Module.ccall("renkei_file_chosen", null, ["number", "string", "string", "number", "number"], [token, name, type, p, n]);
    _free(p);
  };
  input.addEventListener("change", () => {
    const f = input.files && input.files[0];
    input.remove();
    if (!f) return;
    if (f.size > maxBytes) { answer(f.name, f.type, null); return; }
    f.arrayBuffer().then((buf) => answer(f.name, f.type, new Uint8Array(buf)));
  });
  document.body.appendChild(input);
  input.click();
});
EM_JS(void, js_open_page, (const char* path), {
  window.open(UTF8ToString(path), "_blank", "noopener");
});
EM_JS(void, js_save_file, (const char* name, const char* type, const char* data, int size), {
  const blob = new Blob([HEAPU8.slice(data, data + size)], {type: UTF8ToString(type)});
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = UTF8ToString(name);
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
});
// The browser encodes the PNG (a canvas of the pixels): no image codec in the app for one picture.
EM_JS(void, js_save_png, (const char* name, const unsigned char* rgba, int w, int h), {
  const canvas = document.createElement("canvas");
  canvas.width = w;
  canvas.height = h;
  const pixels = new ImageData(new Uint8ClampedArray(HEAPU8.slice(rgba, rgba + w * h * 4).buffer), w, h);
  canvas.getContext("2d").putImageData(pixels, 0, 0);
  const fileName = UTF8ToString(name);
  canvas.toBlob((blob) => {
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = fileName;
    a.style.display = "none";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }, "image/png");
});
// A small picture (JPEG/PNG) decoded by the browser into RGBA pixels: series thumbnails.
EM_JS(void, js_decode_picture, (const char* data, int size, int token), {
  const blob = new Blob([HEAPU8.slice(data, data + size)]);
  const answer = (w, h, pixels) => {
    const n = pixels ? pixels.length : 0;
    const p = _malloc(n > 0 ? n : 1);
    if (n > 0) HEAPU8.set(pixels, p);
    Module.ccall("renkei_picture_decoded", null, ["number", "number", "number", "number"], [token, p, w, h]);
    _free(p);
  };
  createImageBitmap(blob).then((bitmap) => {
    const canvas = document.createElement("canvas");
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    const g = canvas.getContext("2d");
    g.drawImage(bitmap, 0, 0);
    answer(bitmap.width, bitmap.height, g.getImageData(0, 0, bitmap.width, bitmap.height).data);
  }, () => answer(0, 0, null));
});
// clang-format on

int gNextToken = 1;
std::map<int, std::function<void(const renkei::app::ChosenFile&)>>& pendingChoices() {
  static std::map<int, std::function<void(const renkei::app::ChosenFile&)>> m;
  return m;
}

}  // namespace

std::string loadPreference(const char* key) {
  char* p = js_load_preference(key);
  std::string v(p);
  std::free(p);
  return v;
}

void savePreference(const char* key, const std::string& value) { js_save_preference(key, value.c_str()); }

void setDocumentLanguage(const char* code) { js_set_document_language(code); }

void chooseFile(const char* accept, std::size_t maxBytes, std::function<void(const ChosenFile&)> done) {
  const int token = gNextToken++;
  pendingChoices()[token] = std::move(done);
  js_choose_file(accept, static_cast<double>(maxBytes), token);
}

void openPage(const std::string& path) { js_open_page(path.c_str()); }

void saveFile(const std::string& fileName, const std::string& mediaType, const std::string& bytes) {
  js_save_file(fileName.c_str(), mediaType.c_str(), bytes.data(), static_cast<int>(bytes.size()));
}

void fileChosen(int token, ChosenFile file) {
  auto& pending = pendingChoices();
  const auto it = pending.find(token);
  if (it == pending.end()) return;
  auto done = std::move(it->second);
  pending.erase(it);
  done(file);
}

namespace {
std::map<int, std::function<void(const DecodedPicture&)>>& pendingPictures() {
  static std::map<int, std::function<void(const DecodedPicture&)>> m;
  return m;
}
}  // namespace

void decodePicture(const std::string& bytes, std::function<void(const DecodedPicture&)> done) {
  const int token = gNextToken++;
  pendingPictures()[token] = std::move(done);
  js_decode_picture(bytes.data(), static_cast<int>(bytes.size()), token);
}

void pictureDecoded(int token, DecodedPicture picture) {
  auto& pending = pendingPictures();
  const auto it = pending.find(token);
  if (it == pending.end()) return;
  auto done = std::move(it->second);
  pending.erase(it);
  done(picture);
}

void savePng(const std::string& fileName, const std::vector<unsigned char>& rgba, int width, int height) {
  if (width <= 0 || height <= 0 || rgba.size() < static_cast<std::size_t>(width) * height * 4) return;
  js_save_png(fileName.c_str(), rgba.data(), width, height);
}

}  // namespace renkei::app
