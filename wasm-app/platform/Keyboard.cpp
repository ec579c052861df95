// SPDX-License-Identifier: MIT
#include "wasm-app/platform/Keyboard.h"

#include <GLFW/glfw3.h>
#include <imgui_impl_glfw.h>

#include <deque>
#include <set>

namespace renkei::app {
namespace {

struct KeyEvent {
  GLFWwindow* window;
  int key, scancode, action, mods;
};

std::deque<KeyEvent> g_queue;

void queueKey(GLFWwindow* window, int key, int scancode, int action, int mods) {
  g_queue.push_back({window, key, scancode, action, mods});
}

}  // namespace

void installKeyboard(GLFWwindow* window) { glfwSetKeyCallback(window, queueKey); }

void deliverKeys() {
  std::set<int> changed;
  while (!g_queue.empty()) {
    const KeyEvent e = g_queue.front();
    // Repeats do not change the state; a second press or release of a key waits for the next frame.
    if (e.action != GLFW_REPEAT && !changed.insert(e.key).second) break;
    g_queue.pop_front();
    ImGui_ImplGlfw_KeyCallback(e.window, e.key, e.scancode, e.action, e.mods);
  }
}

}  // namespace renkei::app
