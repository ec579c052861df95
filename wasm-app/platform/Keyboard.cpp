// SPDX-License-Identifier: MIT
#include "wasm-app/platform/Keyboard.h"

#include "wasm-app/platform/Redraw.h"

#include <GLFW/glfw3.h>
#include <imgui_impl_glfw.h>

#include <deque>
#include <set>

namespace renkei::app {
namespace {

struct InputEvent {
  GLFWwindow* window;
  bool isChar;
  unsigned codepoint;  // chars
  int key, scancode, action, mods;
};

std::deque<InputEvent> g_queue;
GLFWwindow* g_window = nullptr;

void queueKey(GLFWwindow* window, int key, int scancode, int action, int mods) {
  g_queue.push_back({window, false, 0, key, scancode, action, mods});
  redrawNow();
}

void queueChar(GLFWwindow* window, unsigned codepoint) {
  g_queue.push_back({window, true, codepoint, 0, 0, 0, 0});
  redrawNow();
}

/// Key presses that edit text in a way that must stay in order with typed characters: Backspace,
/// Delete, arrows, Enter, Tab, Home/End … (GLFW codes ≥ 256 except the modifiers) and shortcuts.
bool editing(const InputEvent& e) {
  if (e.isChar || e.action == GLFW_RELEASE) return false;
  const bool modifier = e.key >= GLFW_KEY_LEFT_SHIFT && e.key <= GLFW_KEY_RIGHT_SUPER;
  return (e.key >= 256 && !modifier) || (e.mods & (GLFW_MOD_CONTROL | GLFW_MOD_SUPER)) != 0;
}

}  // namespace

void installKeyboard(GLFWwindow* window) {
  g_window = window;
  glfwSetKeyCallback(window, queueKey);
  glfwSetCharCallback(window, queueChar);
}

void queueCharacter(unsigned codepoint) {
  if (g_window && codepoint >= 0x20 && codepoint != 0x7f) queueChar(g_window, codepoint);
}

void deliverKeys() {
  // Dear ImGui 1.86 applies a frame's characters before its key presses, and sees one state per
  // key per frame. So a frame gets: at most one transition per key, and never characters and
  // editing keys together — whichever comes first waits for the other to be done.
  std::set<int> changed;
  bool sentChars = false, sentEditing = false;
  while (!g_queue.empty()) {
    const InputEvent e = g_queue.front();
    if (e.isChar) {
      if (sentEditing) break;
      sentChars = true;
      g_queue.pop_front();
      ImGui_ImplGlfw_CharCallback(e.window, e.codepoint);
      continue;
    }
    if (editing(e) && sentChars) break;
    if (e.action != GLFW_REPEAT && !changed.insert(e.key).second) break;
    sentEditing |= editing(e);
    g_queue.pop_front();
    ImGui_ImplGlfw_KeyCallback(e.window, e.key, e.scancode, e.action, e.mods);
  }
  if (!g_queue.empty()) redrawNow();  // the rest in the next frames
}

}  // namespace renkei::app
