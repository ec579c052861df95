// SPDX-License-Identifier: MIT
// GreyShader — window/level on the GPU (issue 11 §4): a grey frame lives in a 32-bit float texture
// of modality values (HU for CT), uploaded once when the image on screen changes; the window is a
// uniform, so dragging it never touches the pixels. Drawn through an ImGui draw callback that swaps
// in this program for the one textured quad and restores ImGui's state after it.
#pragma once

#include <imgui.h>

#include <vector>

#include "wasm-app/viewer/Viewer.h"

namespace renkei::app {

/// Uploads a frame's values (rows × columns, modality units) into `texture` (created when 0).
void uploadGrey(unsigned& texture, const std::vector<float>& values, int columns, int rows);
/// Uploads a VOI LUT's entries into `texture` (created when 0), 256 per row, for GreyWindow.
void uploadLut(unsigned& texture, const VoiLut& lut);
/// Uploads RGBA pixels into `texture` (created when 0) for ImGui's own shader.
void uploadRgba(unsigned& texture, const std::vector<unsigned char>& rgba, int columns, int rows);
/// Draws `texture` (from uploadGrey) as the quad p0..p3 (the image's top-left, top-right,
/// bottom-right, bottom-left corners on screen), windowed by `window` — which must stay alive until
/// the frame is rendered (the viewer's state).
void drawGrey(ImDrawList* draw, unsigned texture, const ImVec2 corners[4], const GreyWindow* window);
void deleteTexture(unsigned& texture);
/// Compiles and links the grey program now, through a draw callback of `draw` that draws nothing —
/// before the first image is on its way (under SwiftShader linking costs tens of milliseconds,
/// which would otherwise fall between the first frame's arrival and its showing). Once.
void prepareGrey(ImDrawList* draw);

}  // namespace renkei::app
