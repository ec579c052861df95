// SPDX-License-Identifier: MIT
#include "wasm-app/Ui.h"

#include <algorithm>

#include <misc/cpp/imgui_stdlib.h>

namespace renkei::app::ui {
namespace {
// Filled while a frame is drawn; read between frames (JavaScript never runs in the middle of one).
std::vector<Drawn> g_current;
float g_scale = 1.0f;

// Records the last item drawn, converting physical pixels to CSS pixels.
void record(const char* s, bool input = false) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  g_current.push_back(Drawn{s, a.x / g_scale, a.y / g_scale, (b.x - a.x) / g_scale, (b.y - a.y) / g_scale, input});
}
}  // namespace

void beginFrame() { g_current.clear(); }

void beginPanel(const char* id, float top, float maxWidth) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const float width = std::min(maxWidth * g_scale, display.x - 32.0f * g_scale);
  ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, top), ImGuiCond_Always, ImVec2(0.5f, 0.0f));
  ImGui::SetNextWindowSize(ImVec2(width, 0.0f), ImGuiCond_Always);  // height 0: fit the content
  ImGui::Begin(id, nullptr,
               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings);
}

const std::vector<Drawn>& visibleLabels() { return g_current; }

void setScale(float s) { g_scale = s; }
float scale() { return g_scale; }

void text(const char* s) {
  ImGui::TextUnformatted(s);
  record(s);
}

void textWrapped(const char* s) {
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(s);
  ImGui::PopTextWrapPos();
  record(s);
}

void textColored(const ImVec4& color, const char* s) {
  ImGui::PushStyleColor(ImGuiCol_Text, color);
  textWrapped(s);
  ImGui::PopStyleColor();
}

bool button(const char* label, float width) {
  const bool pressed = ImGui::Button(label, ImVec2(width, 44.0f * g_scale));
  record(label);
  return pressed;
}

bool inputText(const char* label, const char* id, std::string& value, bool password, bool focusNow) {
  text(label);
  ImGui::SetNextItemWidth(-1.0f);
  if (focusNow) ImGui::SetKeyboardFocusHere();
  ImGuiInputTextFlags flags = ImGuiInputTextFlags_EnterReturnsTrue;
  if (password) flags |= ImGuiInputTextFlags_Password;
  const bool entered = ImGui::InputText(id, &value, flags);
  record(label, true);
  g_current.back().active = ImGui::IsItemActive();
  g_current.back().length = static_cast<int>(value.size());
  return entered;
}

}  // namespace renkei::app::ui
