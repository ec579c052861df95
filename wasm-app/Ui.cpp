// SPDX-License-Identifier: MIT
#include "wasm-app/Ui.h"

#include <algorithm>
#include <cmath>
#include <string_view>

#include <imgui_internal.h>  // ClearActiveID: a drag that scrolls presses nothing
#include <misc/cpp/imgui_stdlib.h>

namespace renkei::app::ui {
namespace {
// Filled while a frame is drawn; read between frames (JavaScript never runs in the middle of one).
std::vector<Drawn> g_current;
float g_scale = 1.0f;

// Records the last item drawn, converting physical pixels to CSS pixels.
void record(const char* s, bool input = false) {
  const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
  const float top = ImGui::GetWindowPos().y, bottom = top + ImGui::GetWindowSize().y;
  g_current.push_back(Drawn{s, a.x / g_scale, a.y / g_scale, (b.x - a.x) / g_scale, (b.y - a.y) / g_scale, input, false, 0,
                            top / g_scale, bottom / g_scale});
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

void beginPage(const char* id, float top) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(0.0f, top), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(display.x, std::max(display.y - top, 100.0f)), ImGuiCond_Always);
  ImGui::Begin(id, nullptr,
               ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus);
}

void endPage(bool dragScroll) {
  // Drag to scroll (tablets): a finger moving up or down over the page scrolls it — also when it
  // started on a row or a button, which then is not pressed (on a list the rows are everywhere a
  // finger can start). Not while typing in a field; sideways moves are left to the widgets (the
  // trend plot's hover values).
  const ImGuiIO& io = ImGui::GetIO();
  static bool scrolling = false;
  if (!ImGui::IsMouseDown(ImGuiMouseButton_Left) || !dragScroll) scrolling = false;
  const ImVec2 drag = ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 0.0f);
  const bool vertical = std::fabs(drag.y) > 12.0f * g_scale && std::fabs(drag.y) > 2.0f * std::fabs(drag.x);
  if (dragScroll && !scrolling && vertical && !io.WantTextInput && ImGui::IsWindowHovered(ImGuiHoveredFlags_ChildWindows | ImGuiHoveredFlags_AllowWhenBlockedByActiveItem)) {
    scrolling = true;
    ImGui::ClearActiveID();  // the row or button under the finger is not pressed
  }
  if (scrolling) ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
  ImGui::End();
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

void heading(const char* s) {
  // Bold by overprinting one physical pixel to the right: sharp at every device pixel ratio.
  const ImVec2 at = ImGui::GetCursorScreenPos();
  const ImU32 ink = ImGui::GetColorU32(ImVec4(0.08f, 0.16f, 0.32f, 1.0f));
  ImGui::GetWindowDrawList()->AddText(ImVec2(at.x + std::max(1.0f, std::round(g_scale)), at.y), ink, s);
  ImGui::PushStyleColor(ImGuiCol_Text, ink);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(s);
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
  record(s);
}

/// What a user reads of an ImGui label: the part before "##" (the rest is only an id).
std::string visiblePart(const char* label) {
  const std::string_view l(label);
  return std::string(l.substr(0, l.find("##")));
}

bool button(const char* label, float width) {
  const bool pressed = ImGui::Button(label, ImVec2(width, 44.0f * g_scale));
  record(visiblePart(label).c_str());
  return pressed;
}

bool selectableRow(const char* label, bool selected) {
  const bool pressed =
      ImGui::Selectable(label, selected, ImGuiSelectableFlags_SpanAllColumns, ImVec2(0.0f, 44.0f * g_scale));
  record(visiblePart(label).c_str());
  return pressed;
}

bool toggle(const char* label, bool on) {
  if (on) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
  const bool pressed = button(label);
  if (on) ImGui::PopStyleColor();
  return pressed;
}

bool inputText(const char* label, const char* id, std::string& value, bool password, bool focusNow) {
  // In a form table every cell's caption sits on the row's frame baseline (ImGui aligns the text of
  // later columns to the fields before it): align the first column's too, or the columns stagger.
  if (ImGui::GetCurrentTable()) ImGui::AlignTextToFramePadding();
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

bool inputTextInline(const char* name, const char* id, std::string& value) {
  ImGui::SetNextItemWidth(-1.0f);
  const bool entered = ImGui::InputText(id, &value, ImGuiInputTextFlags_EnterReturnsTrue);
  record(name, true);
  g_current.back().active = ImGui::IsItemActive();
  g_current.back().length = static_cast<int>(value.size());
  return entered;
}

bool beginListTable(const char* id, std::initializer_list<ListColumn> columns) {
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable(id, static_cast<int>(columns.size()), flags)) return false;
  for (const ListColumn& c : columns) ImGui::TableSetupColumn(c.heading, ImGuiTableColumnFlags_WidthStretch, c.weight);
  ImGui::TableHeadersRow();
  return true;
}

}  // namespace renkei::app::ui
