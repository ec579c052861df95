// SPDX-License-Identifier: MIT
// Exports — every function JavaScript calls into the app (-sEXPORTED_FUNCTIONS in CMakeLists.txt;
// web/boot.js and the tests call them). Each one runs guarded: an exception becomes a visible fault
// (platform/Fault.h) instead of unwinding into JavaScript and aborting the app.
#include <emscripten.h>

#include <string>

#include "wasm-app/Glyphs.h"
#include "wasm-app/TestHook.h"
#include "wasm-app/platform/Browser.h"
#include "wasm-app/platform/Fault.h"
#include "wasm-app/platform/Http.h"
#include "wasm-app/platform/Keyboard.h"
#include "wasm-app/platform/Redraw.h"

using namespace renkei::app;

/// The test hook (window.renkei.state()): the JSON stays valid until the next call.
extern "C" EMSCRIPTEN_KEEPALIVE const char* renkei_test_state() {
  static std::string out;
  guarded("renkei_test_state", [] { out = testState(); });
  return out.c_str();
}

/// A file the user chose in the browser's file chooser (platform/Browser chooseFile).
extern "C" EMSCRIPTEN_KEEPALIVE void renkei_file_chosen(int token, const char* name, const char* type, const char* data,
                                                        int size) {
  redrawNow();
  guarded("renkei_file_chosen", [&] {
    fileChosen(token, ChosenFile{name, type, std::string(data, static_cast<std::size_t>(size))});
  });
}

/// A picture the browser decoded (platform/Browser decodePicture): RGBA, or width 0.
extern "C" EMSCRIPTEN_KEEPALIVE void renkei_picture_decoded(int token, const unsigned char* rgba, int width, int height) {
  redrawNow();
  guarded("renkei_picture_decoded", [&] {
    DecodedPicture p{width, height, {}};
    if (width > 0 && height > 0) p.rgba.assign(rgba, rgba + static_cast<std::size_t>(width) * height * 4);
    pictureDecoded(token, std::move(p));
  });
}

/// A character from the hidden text field (IME, inserted text: platform/TextInput).
extern "C" EMSCRIPTEN_KEEPALIVE void renkei_text_char(unsigned codepoint) {
  guarded("renkei_text_char", [&] {
    noteGlyph(codepoint);  // typed (or pasted) kanji outside the first font
    queueCharacter(codepoint);
  });
}

/// An attachment upload's bytes sent so far (platform/Http httpUpload).
extern "C" EMSCRIPTEN_KEEPALIVE void renkei_upload_progress(int token, double sent, double total) {
  guarded("renkei_upload_progress", [&] { uploadProgress(token, sent, total); });
}

/// An upload's answer: status (0 when the server could not be reached), body and its type.
extern "C" EMSCRIPTEN_KEEPALIVE void renkei_upload_done(int token, int status, const char* data, int size, const char* type) {
  guarded("renkei_upload_done", [&] {
    HttpResponse r;
    r.status = status;
    r.body.assign(data, static_cast<std::size_t>(size));
    r.contentType = type;
    uploadDone(token, std::move(r));
  });
}
