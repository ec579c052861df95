// SPDX-License-Identifier: MIT
// The viewer screen (R-VIEW-1): the study's series as buttons, the image fitted to the space left,
// stack scrolling by wheel, arrow keys or drag on the scroll bar, window/level by dragging on the
// image and by CT presets, and the overlay a reader expects (image number, slice position, W/L).
// Window/level runs on the CPU into an RGBA texture for now (the GPU shader comes with issue 11).
// Frames arrive as stored and are decoded in the browser (viewer/FrameDecoder).
#include <GLES3/gl3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "wasm-app/App.h"
#include "wasm-app/Ui.h"
#include "wasm-app/viewer/ViewerJson.h"

namespace renkei::app {
namespace {

struct Preset {
  T name;
  double center, width;
};
// CT presets (HU), as radiology departments use them.
constexpr Preset kCtPresets[] = {{T::PresetLung, -600, 1500},   {T::PresetMediastinum, 40, 400}, {T::PresetBone, 400, 1800},
                                 {T::PresetBrain, 40, 80},      {T::PresetAbdomen, 50, 350},     {T::PresetLiver, 60, 160}};

/// Uploads the image on screen, windowed, when it or the window changed.
void updateTexture(ViewerPage& v, const ImageInfo& image, const Frame& frame) {
  if (v.textureIndex == v.index && v.textureCenter == v.center && v.textureWidth == v.width && v.textureInvert == v.invert) return;
  if (v.texture == 0) {
    GLuint t = 0;
    glGenTextures(1, &t);
    v.texture = t;
    glBindTexture(GL_TEXTURE_2D, t);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  }
  const std::vector<std::uint8_t> rgba =
      frame.rgba.empty() ? windowed(frame.values, v.center, v.width, (image.photometric == "MONOCHROME1") != v.invert) : frame.rgba;
  glBindTexture(GL_TEXTURE_2D, v.texture);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, image.columns, image.rows, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
  v.textureIndex = v.index;
  v.textureCenter = v.center;
  v.textureWidth = v.width;
  v.textureInvert = v.invert;
}

}  // namespace

void releaseViewer(App& app) {
  if (app.viewer.texture) {
    const GLuint t = app.viewer.texture;
    glDeleteTextures(1, &t);
  }
  app.viewer = ViewerPage{};  // the images leave memory with the viewer
}

void drawViewerScreen(App& app) {
  ViewerPage& v = app.viewer;
  const float s = ui::scale();
  drawSignedInBar(app);
  ui::beginPage("##viewer", app.barHeight);
  if (ui::button(app.t(T::BackToPatient))) {
    releaseViewer(app);
    app.screen = Screen::Patient;
    ui::endPage();
    return;
  }
  ImGui::SameLine();
  ui::text((app.page.patient.name + "  " + displayDate(v.studyDate) + "  " + v.studyDescription).c_str());
  if (v.loading) ui::textColored(ui::kMuted, app.t(T::Loading));
  if (!v.error.empty()) ui::textColored(ui::kError, v.error.c_str());
  for (int i = 0; i < static_cast<int>(v.series.size()); ++i) {
    const SeriesInfo& se = v.series[static_cast<std::size_t>(i)];
    const std::string label = se.modality + " " + std::to_string(se.number) + " " + se.description + " (" +
                              std::to_string(se.instances) + ")##series" + std::to_string(i);
    if (ui::toggle(label.c_str(), i == v.selected) && i != v.selected) selectSeries(app, i);
    ImGui::SameLine();
  }
  ImGui::NewLine();
  if (v.images.empty()) {
    ui::endPage();
    return;
  }
  const bool ct = v.selected >= 0 && v.series[static_cast<std::size_t>(v.selected)].modality == "CT";
  if (ct) {
    for (const Preset& p : kCtPresets) {
      if (ui::button(app.t(p.name))) {
        v.center = p.center;
        v.width = p.width;
        v.windowSet = true;
      }
      ImGui::SameLine();
    }
    ImGui::NewLine();
  }
  const int n = static_cast<int>(v.images.size());
  v.index = std::clamp(v.index, 0, n - 1);
  const ImageInfo& image = v.images[static_cast<std::size_t>(v.index)];
  const Frame& frame = v.frames[v.index];

  // Zoom, 1:1, fit and inversion.
  struct ViewButton {
    T label;
    int action;
  };
  static const ViewButton kView[] = {{T::ZoomIn, 0}, {T::ZoomOut, 1}, {T::ZoomFit, 2}, {T::ZoomActual, 3}, {T::Invert, 4}};
  for (const ViewButton& b : kView) {
    if (ui::button(app.t(b.label))) {
      switch (b.action) {
        case 0: v.zoom = std::min(v.zoom * 1.25, 16.0); break;
        case 1: v.zoom = std::max(v.zoom / 1.25, 0.25); break;
        case 2: v.zoom = 1.0; break;
        case 3: v.zoom = 1.0 / std::max(1e-6, v.fitScale); break;  // one image pixel per screen pixel
        default: v.invert = !v.invert; break;
      }
      if (b.action == 2 || b.action == 3) v.panX = v.panY = 0;
    }
    ImGui::SameLine();
  }
  ImGui::NewLine();

  // The image in what is left of the page (a scroll bar below it): fitted, times the zoom, panned.
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float boxW = avail.x, boxH = std::max(120.0f * s, avail.y - 104.0f * s);  // the scroll bar and a line below
  const float fit = std::min(boxW / std::max(1, image.columns), boxH / std::max(1, image.rows));
  v.fitScale = fit;
  const float scale = fit * static_cast<float>(v.zoom);
  const ImVec2 size(image.columns * scale, image.rows * scale);
  const float boxHeight = image.rows * fit;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##image", ImVec2(boxW, boxHeight), ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
  const bool hovered = ImGui::IsItemHovered(), active = ImGui::IsItemActive();
  const bool dragging = active && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.0f);
  const bool panning = active && ImGui::IsMouseDragging(ImGuiMouseButton_Right, 0.0f);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 boxEnd(origin.x + boxW, origin.y + boxHeight);
  const ImVec2 topLeft(origin.x + (boxW - size.x) / 2 + v.panX, origin.y + (boxHeight - size.y) / 2 + v.panY);
  draw->AddRectFilled(origin, boxEnd, IM_COL32(0, 0, 0, 255));
  draw->PushClipRect(origin, boxEnd, true);
  if (frame.arrived()) {
    if (!v.windowSet && !frame.values.empty()) {  // no window in the file: the frame's own range
      const auto [lo, hi] = std::minmax_element(frame.values.begin(), frame.values.end());
      v.center = (*lo + *hi) / 2.0;
      v.width = std::max(1.0, static_cast<double>(*hi - *lo));
      v.windowSet = true;
    }
    updateTexture(v, image, frame);
    draw->AddImage(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(v.texture)), topLeft,
                   ImVec2(topLeft.x + size.x, topLeft.y + size.y));
    if (v.firstFrameMs < 0) v.firstFrameMs = ImGui::GetTime() * 1000.0 - v.openedAtMs;
  } else {
    const char* what = !frame.error.empty() ? frame.error.c_str() : app.t(T::Loading);
    draw->AddText(ImVec2(origin.x + 12 * s, origin.y + 40 * s), frame.error.empty() ? IM_COL32(200, 200, 200, 255) : IM_COL32(255, 90, 90, 255), what);
  }
  // Overlay, fixed to the box: where in the stack, where in the body, how it is windowed and zoomed.
  char line[160];
  std::snprintf(line, sizeof line, "%d / %d   %s %.1f mm", v.index + 1, n, app.t(T::SliceLocation), image.sliceLocation);
  draw->AddText(ImVec2(origin.x + 8 * s, origin.y + 8 * s), IM_COL32(255, 255, 140, 255), line);
  std::snprintf(line, sizeof line, "WL %.0f  WW %.0f   %.0f%%", v.center, v.width, scale * 100.0 / s);
  draw->AddText(ImVec2(origin.x + 8 * s, origin.y + boxHeight - 28 * s), IM_COL32(255, 255, 140, 255), line);
  draw->PopClipRect();
  if (panning) {
    v.panX += ImGui::GetIO().MouseDelta.x;
    v.panY += ImGui::GetIO().MouseDelta.y;
  }

  // Stack scroll: wheel and arrow keys over the image; window/level: drag on it.
  if (hovered) {
    const float wheel = ImGui::GetIO().MouseWheel;
    if (wheel != 0 && ImGui::GetIO().KeyCtrl) v.zoom = std::clamp(v.zoom * (wheel > 0 ? 1.25 : 0.8), 0.25, 16.0);
    else if (wheel != 0) v.index = std::clamp(v.index + (wheel < 0 ? 1 : -1), 0, n - 1);
  }
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow))) v.index = std::min(v.index + 1, n - 1);
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow))) v.index = std::max(v.index - 1, 0);
  if (dragging) {
    const ImVec2 d = ImGui::GetIO().MouseDelta;
    v.width = std::max(1.0, v.width + d.x * v.width / 200.0);
    v.center += d.y * v.width / 200.0;
  }
  ImGui::SetNextItemWidth(boxW);
  int shown = v.index + 1;
  if (ImGui::SliderInt("##stack", &shown, 1, n)) v.index = shown - 1;
  ui::textColored(ui::kMuted, textf(T::ViewerLoaded, app.language, v.arrived, n).c_str());
  ui::endPage();
}

}  // namespace renkei::app
