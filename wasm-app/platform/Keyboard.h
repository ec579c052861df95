// SPDX-License-Identifier: MIT
// Keyboard — hands key presses and typed characters to Dear ImGui in the order they happened.
//
// Dear ImGui 1.86 (Debian 12) samples key state once per frame (io.KeysDown); a key pressed and
// released within one frame — a fast Backspace, a test driver, a bar-code scanner — is never seen.
// 1.87 fixed this with an input queue that "trickles" events; this is the same idea in front of
// the 1.86 GLFW backend: events are queued and replayed in order, stopping each frame at the first
// event for a key that already changed in that frame. Characters are queued with them: ImGui
// applies a frame's characters before its key presses, so a Backspace typed after "abc" would
// otherwise be applied first. Characters and editing keys never share a frame.
#pragma once

struct GLFWwindow;

namespace renkei::app {

/// Installs the queueing key and character callbacks (after ImGui_ImplGlfw_InitForOpenGL installed its own).
void installKeyboard(GLFWwindow* window);
/// Queues a character that arrived outside GLFW (TextInput: IME, inserted or pasted text).
void queueCharacter(unsigned codepoint);
/// Delivers this frame's share of the queued events; call after glfwPollEvents().
void deliverKeys();

}  // namespace renkei::app
