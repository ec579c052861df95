// SPDX-License-Identifier: MIT
// Ui — thin wrappers over Dear ImGui widgets that also record what is on screen.
//
// ImGui draws into a canvas, so a browser test cannot read the page's text. Every visible label
// drawn through these wrappers is collected for the current frame; the test hook (TestHook.cpp)
// reports them. Use these instead of raw ImGui calls for anything a user reads or presses.
#pragma once

#include <imgui.h>

#include <initializer_list>
#include <string>
#include <vector>

namespace renkei::app::ui {

/// A label drawn in a frame, with its rectangle in CSS pixels (for tests to find and tap it).
struct Drawn {
  std::string text;
  float x, y, w, h;
  bool input;  ///< a text field (the label is the field's caption)
  bool active = false;  ///< a text field that has the keyboard focus
  int length = 0;       ///< a text field's content length in bytes (never the content of a password)
  float windowTop = 0, windowBottom = 0;  ///< the window it is in: scrolled outside it, it cannot be tapped
};

/// Starts a new frame's list of visible labels.
void beginFrame();
/// What was drawn in the last completed frame (valid between frames).
const std::vector<Drawn>& visibleLabels();

void text(const char* s);
void textWrapped(const char* s);
void textColored(const ImVec4& color, const char* s);
/// A heading made of data (a patient's name, a document's title): the body font, which has every
/// Japanese glyph, drawn bold. (The title font has only the glyphs of the fixed titles.)
void heading(const char* s);
/// A button at least as tall as a finger (44 CSS px); `width` 0 = fit the label.
bool button(const char* label, float width = 0.0f);
/// A table row (or list line) that can be tapped, at least 44 CSS px tall; `label` may carry an
/// ImGui id after "##". Call inside a table's first column to span all columns.
bool selectableRow(const char* label, bool selected = false);
/// A tab-like toggle button: drawn pressed when `on`.
bool toggle(const char* label, bool on);
/// A single-line text field; `id` is the hidden ImGui id ("##user"), the label is drawn above.
bool inputText(const char* label, const char* id, std::string& value, bool password = false,
               bool focusNow = false);

/// A single-line text field without a caption of its own (a table's column heading names it);
/// `name` is what the test hook calls it.
bool inputTextInline(const char* name, const char* id, std::string& value);

/// A column of a list table: its heading and its share of the width.
struct ListColumn {
  const char* heading;
  float weight;
};
/// Begins a list table (banded rows, lines between rows, widths by weight) with its heading row;
/// when true, end it with ImGui::EndTable().
bool beginListTable(const char* id, std::initializer_list<ListColumn> columns);

/// The app's few colours: errors, secondary text, success, and the warning band.
inline const ImVec4 kError(0.75f, 0.10f, 0.10f, 1.0f);
inline const ImVec4 kMuted(0.40f, 0.42f, 0.45f, 1.0f);
inline const ImVec4 kOk(0.10f, 0.45f, 0.20f, 1.0f);
inline const ImVec4 kWarning(0.60f, 0.35f, 0.00f, 1.0f);

/// A centred panel below the signed-in bar (`top`, CSS px × scale), at most `maxWidth` CSS px
/// wide, as tall as its content. Pair with ImGui::End().
void beginPanel(const char* id, float top, float maxWidth);

/// A window filling the screen below `top`, scrolling vertically — by wheel, scrollbar or by dragging
/// with a finger (tablets: no hover-only actions). Pair with endPage(); `dragScroll` false where
/// drags mean something else (the image viewer).
void beginPage(const char* id, float top);
void endPage(bool dragScroll = true);

/// Physical pixels per CSS pixel (set by main from the device pixel ratio).
void setScale(float scale);
float scale();

}  // namespace renkei::app::ui
