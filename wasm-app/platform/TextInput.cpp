// SPDX-License-Identifier: MIT
#include "wasm-app/platform/TextInput.h"

#include <emscripten.h>

#include "wasm-app/platform/Keyboard.h"

namespace renkei::app {
namespace {

// clang-format off
EM_JS(void, js_install_text_input, (), {
  const ta = document.createElement("textarea");
  ta.id = "renkei-text";
  ta.setAttribute("aria-hidden", "true");
  ta.setAttribute("autocomplete", "off");
  ta.setAttribute("autocapitalize", "off");
  ta.setAttribute("spellcheck", "false");
  ta.style.cssText = "position:fixed;left:0;top:0;width:2px;height:24px;opacity:0;border:0;padding:0;margin:0;" +
                     "resize:none;overflow:hidden;background:transparent;color:transparent;z-index:0;";
  document.body.appendChild(ta);
  const send = (text) => { for (const ch of text) _renkei_text_char(ch.codePointAt(0)); };
  let pressed = null;  // the character of the last keypress: GLFW has taken it already
  ta.addEventListener("keypress", (e) => { pressed = e.key; });
  ta.addEventListener("compositionend", (e) => { send(e.data || ""); ta.value = ""; });
  ta.addEventListener("input", (e) => {
    if (e.isComposing || e.inputType === "insertCompositionText") return;  // compositionend sends it
    const typed = pressed !== null && e.inputType === "insertText" && e.data === pressed;
    pressed = null;
    if (!typed && (e.inputType === "insertText" || e.inputType === "insertFromPaste" ||
                   e.inputType === "insertFromDrop" || e.inputType === "insertReplacementText"))
      send((e.data !== null && e.data !== undefined) ? e.data : ta.value);
    ta.value = "";
  });
});
EM_JS(void, js_update_text_input, (int wanted, float x, float y), {
  const ta = document.getElementById("renkei-text");
  if (!ta) return;
  ta.style.left = x + "px";
  ta.style.top = y + "px";
  if (wanted && document.activeElement !== ta) ta.focus({preventScroll: true});
  if (!wanted && document.activeElement === ta) { ta.value = ""; Module.canvas.focus({preventScroll: true}); }
});
EM_JS(int, js_text_input_focused, (), {
  return document.activeElement && document.activeElement.id === "renkei-text" ? 1 : 0;
});
// clang-format on

}  // namespace

void installTextInput() { js_install_text_input(); }

void updateTextInput(bool wanted, float x, float y) { js_update_text_input(wanted ? 1 : 0, x, y); }

bool textInputFocused() { return js_text_input_focused() != 0; }

}  // namespace renkei::app
