// SPDX-License-Identifier: MIT
// Redraw — when the app draws a frame (issue 11 §4). An ImGui app usually draws on every animation
// frame; on a software-rendered WebGL (and on a laptop's battery) each frame costs tens of
// milliseconds of CPU that the downloads and decoders need. So main.cpp draws only when something
// the user sees may have changed: input (mouse, wheel, keys, text, touch, a resize) at once; an
// answer from the server within a tenth of a second (a download's progress can wait); an
// animation (cine, an export being read back) on every frame; and otherwise a few times a second
// for the clocks (session time-out, a text field's caret). After each trigger a few more frames
// are drawn, since ImGui settles a new layout over two or three frames.
#pragma once

namespace renkei::app {

/// Draw in the next animation frame.
void redrawNow();
/// Draw within `ms` milliseconds (no sooner than needed: answers arriving together share a frame).
void redrawWithin(double ms);
/// main.cpp, once per animation frame: whether to draw this one; `inputSeen` when the mouse, the
/// wheel or the window changed since the last frame.
bool redrawDue(double nowMs, bool inputSeen);
/// How many frames were drawn and skipped (the test hook, the benchmark).
long framesDrawn();
long framesSkipped();

}  // namespace renkei::app
