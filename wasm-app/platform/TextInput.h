// SPDX-License-Identifier: MIT
// TextInput — Japanese (and any other) text typed through the browser's own text input.
//
// ImGui draws into a canvas, which takes no text: an input method (IME) composing kanji, a
// touch keyboard, or a driver inserting text send it to an editable element, never as key presses.
// While an ImGui text field is active, a hidden <textarea> next to its caret has the focus; what
// the browser commits into it (composition end, inserted text, paste) is handed to ImGui as
// characters, in order with the key presses (Keyboard). Plain typing still arrives as key presses
// through GLFW and is not taken twice. Key events that belong to a composition never reach GLFW
// (web/renkei.js holds them back), so Enter or Backspace inside the IME does not edit the field.
#pragma once

namespace renkei::app {

/// Creates the hidden text element; call once after the window exists.
void installTextInput();
/// Each frame: `wanted` when an ImGui text field is active; (x, y) is the caret in CSS pixels so
/// that the IME's candidate window opens beside it.
void updateTextInput(bool wanted, float x, float y);
/// The hidden text element has the keyboard focus (for tests: type only once it does).
bool textInputFocused();

}  // namespace renkei::app
