// SPDX-License-Identifier: MIT
// The viewer screen (issue 11 §2, §3, §6, §7; R-VIEW-1..4): the study's series as buttons, the image
// fitted to the space left — or two studies side by side when comparing with a prior — stack
// scrolling by wheel, arrow keys, cine or the scroll bar, window/level by drag and presets (on the
// GPU: viewer/GreyShader), zoom, pan, turn, flip, invert; measurements (length, angle, rectangle and
// ellipse regions); the overlay a reader expects (patient, study, series, image number, slice
// position and thickness, W/L, zoom, orientation letters, a scale bar); the report beside the
// images; bedside mode (viewer/BedsideMode) and the watermarked export (viewer/ImageExport).
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "wasm-app/App.h"
#include "wasm-app/Ui.h"
#include "wasm-app/viewer/GreyShader.h"
#include "wasm-app/viewer/Reading.h"
#include "wasm-app/viewer/Stack.h"
#include "wasm-app/viewer/ViewerJson.h"
#include "wasm-app/viewer/BedsideMode.h"
#include "wasm-app/viewer/ImageExport.h"

namespace renkei::app {
namespace {

struct Preset {
  T name;
  double center, width;
};
// CT presets (HU), as radiology departments use them.
constexpr Preset kCtPresets[] = {{T::PresetLung, -600, 1500},   {T::PresetMediastinum, 40, 400}, {T::PresetBone, 400, 1800},
                                 {T::PresetBrain, 40, 80},      {T::PresetAbdomen, 50, 350},     {T::PresetLiver, 60, 160}};

constexpr ImU32 kOverlay = IM_COL32(255, 255, 140, 255);
constexpr ImU32 kMeasure = IM_COL32(80, 230, 120, 255);

ImVec2 im(Point p) { return ImVec2(static_cast<float>(p.x), static_cast<float>(p.y)); }
Point pt(ImVec2 p) { return {p.x, p.y}; }

const std::string& modalityOf(const Pane& p) {
  static const std::string none;
  return p.selected >= 0 && p.selected < static_cast<int>(p.series.size()) ? p.series[static_cast<std::size_t>(p.selected)].modality : none;
}

/// Puts the image on screen into the pane's texture when it changed (not when the window did).
/// The file's VOI LUT the pane shows, if one is chosen (and the window not moved since).
const VoiLut* lutInUse(Pane& p, const ImageInfo& image) {
  if (p.voiLut < 0 || p.voiLut >= static_cast<int>(image.voiLuts.size())) return nullptr;
  if (p.center != p.lutCenter || p.width != p.lutWidth) {  // dragged, a preset: the linear window again
    p.voiLut = -1;
    return nullptr;
  }
  return image.voiLuts[static_cast<std::size_t>(p.voiLut)].get();
}

void upload(Pane& p, const ImageInfo& image, const Frame& frame) {
  if (p.textureIndex == p.index) return;
  if (!frame.values.empty()) uploadGrey(p.texture, frame.values, image.columns, image.rows);
  else uploadRgba(p.texture, frame.rgba, image.columns, image.rows);
  p.textureIndex = p.index;
  ++p.uploads;
}

/// Moves the other pane with this one: to the slice nearest by position when both are axial
/// stacks of the same part, else not at all; zoom when linked and of the same modality, and the
/// window when `window` (it changed here): a VOI LUT goes along where the other image has the same.
void follow(ViewerPage& v, int from, bool window = false) {
  if (!v.comparing) return;
  Pane& a = v.panes[static_cast<std::size_t>(from)];
  Pane& b = v.panes[static_cast<std::size_t>(1 - from)];
  if (a.images.empty() || b.images.empty()) return;
  if (v.linkScroll && syncableByPosition(a.images, b.images)) {
    const int k = nearestSlice(b.images, a.images[static_cast<std::size_t>(a.index)].position);
    if (k >= 0) b.index = k;
  }
  if (v.linkWindow && modalityOf(a) == modalityOf(b)) {
    if (window) {
      const ImageInfo& ai = a.images[static_cast<std::size_t>(std::clamp(a.index, 0, static_cast<int>(a.images.size()) - 1))];
      const ImageInfo& bi = b.images[static_cast<std::size_t>(std::clamp(b.index, 0, static_cast<int>(b.images.size()) - 1))];
      const bool sameLut = a.voiLut >= 0 && a.voiLut < static_cast<int>(bi.voiLuts.size()) &&
                           ai.voiLuts[static_cast<std::size_t>(a.voiLut)]->data == bi.voiLuts[static_cast<std::size_t>(a.voiLut)]->data;
      if (sameLut) {
        chooseLut(b, bi, a.voiLut);
      } else if (a.voiLut < 0) {
        b.center = a.center;
        b.width = a.width;
        b.voiLut = -1;
        b.windowSet = true;
      }
    }
    b.zoom = a.zoom;
    b.invert = a.invert;
  }
}

// Where flowButton's rows end and begin again (screen x; 0: the window's content region). The two
// panes' series rows share one line, each above its pane.
float gFlowLeft = 0, gFlowRight = 0;

/// A toolbar button that wraps to the next line when the row is full.
bool flowButton(const char* label, bool on = false) {
  const ImGuiStyle& st = ImGui::GetStyle();
  const float w = ImGui::CalcTextSize(label, nullptr, true).x + 2 * st.FramePadding.x;
  const float x = ImGui::GetCursorScreenPos().x;
  const float right = gFlowRight > 0 ? gFlowRight : ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  const float left = gFlowLeft > 0 ? gFlowLeft : ImGui::GetWindowPos().x + st.WindowPadding.x;
  if (x + w > right && x > left + 1) {
    ImGui::NewLine();
    if (gFlowLeft > 0) ImGui::SetCursorScreenPos(ImVec2(gFlowLeft, ImGui::GetCursorScreenPos().y));
  }
  const bool pressed = ui::toggle(label, on);
  ImGui::SameLine();
  return pressed;
}

void drawScaleBar(ImDrawList* draw, const Pane& p, const ImageInfo& image, ImVec2 boxEnd, float s) {
  if (!image.calibration.calibrated()) return;
  const double screenPerMm = p.geometry.scale() / image.calibration.columnMm;
  const double want = p.geometry.boxSize.x / 5 / screenPerMm;  // about a fifth of the box
  double mm = 1;
  for (const double step : {1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0})
    if (step <= want) mm = step;
  const float len = static_cast<float>(mm * screenPerMm);
  const ImVec2 end(boxEnd.x - 12 * s, boxEnd.y - 14 * s), start(end.x - len, end.y);
  draw->AddLine(start, end, kOverlay, 2 * s);
  draw->AddLine(start, ImVec2(start.x, start.y - 6 * s), kOverlay, 2 * s);
  draw->AddLine(end, ImVec2(end.x, end.y - 6 * s), kOverlay, 2 * s);
  char label[32];
  std::snprintf(label, sizeof label, "%.0f mm", mm);
  const ImVec2 ts = ImGui::CalcTextSize(label);
  draw->AddText(ImVec2(end.x - ts.x, start.y - 8 * s - ts.y), kOverlay, label);
}

void drawMeasurement(ImDrawList* draw, const Pane& p, const Measurement& m, const std::string& label, float s) {
  const ViewGeometry& g = p.geometry;
  std::vector<ImVec2> at;
  for (const Point& q : m.points) at.push_back(im(g.toScreen(q)));
  if (at.empty()) return;
  if (m.tool == Tool::Length || m.tool == Tool::Angle) {
    for (std::size_t k = 1; k < at.size(); ++k) draw->AddLine(at[k - 1], at[k], kMeasure, 2 * s);
  } else if (at.size() >= 2) {
    // The region's outline, in image space through the view (it turns and flips with the image).
    const Point a = m.points[0], b = m.points[1];
    std::vector<ImVec2> outline;
    if (m.tool == Tool::Rectangle) {
      for (const Point q : {a, Point{b.x, a.y}, b, Point{a.x, b.y}}) outline.push_back(im(g.toScreen(q)));
    } else {
      const double cx = (a.x + b.x) / 2, cy = (a.y + b.y) / 2, rx = std::fabs(b.x - a.x) / 2, ry = std::fabs(b.y - a.y) / 2;
      for (int k = 0; k < 64; ++k) {
        const double t = k * 2 * 3.14159265358979 / 64;
        outline.push_back(im(g.toScreen({cx + rx * std::cos(t), cy + ry * std::sin(t)})));
      }
    }
    draw->AddPolyline(outline.data(), static_cast<int>(outline.size()), kMeasure, ImDrawFlags_Closed, 2 * s);
  }
  for (const ImVec2& q : at) draw->AddCircleFilled(q, 3 * s, kMeasure);
  if (!label.empty()) draw->AddText(ImVec2(at.back().x + 8 * s, at.back().y + 4 * s), kMeasure, label.c_str());
}

/// The image of pane `p` in the box at `origin` of `size`, its overlay and measurements, and what
/// the mouse does over it.
void drawPane(App& app, int p, ImVec2 origin, ImVec2 size) {
  ViewerPage& v = app.viewer;
  Pane& pane = v.panes[static_cast<std::size_t>(p)];
  const float s = ui::scale();
  const int n = static_cast<int>(pane.images.size());
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 boxEnd(origin.x + size.x, origin.y + size.y);
  ImGui::SetCursorScreenPos(origin);
  ImGui::PushID(p);
  ImGui::InvisibleButton("##image", size, ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
  const bool hovered = ImGui::IsItemHovered(), active = ImGui::IsItemActive();
  const bool pressedLeft = ImGui::IsItemActivated() && ImGui::IsMouseClicked(ImGuiMouseButton_Left);
  const bool released = ImGui::IsItemDeactivated();
  ImGui::PopID();
  if (pane.documentSeries) {  // structured reports: their text, in the box
    ImGui::SetCursorScreenPos(origin);
    ImGui::BeginChild(("##documents" + std::to_string(p)).c_str(), size, true);
    for (const Pane::Document& d : pane.documents) {
      if (d.loading) ui::textColored(ui::kMuted, app.t(T::Loading));
      if (!d.error.empty()) ui::textColored(ui::kError, d.error.c_str());
      if (!d.title.empty()) ui::heading(d.title.c_str());
      if (!d.text.empty()) ui::textWrapped(d.text.c_str());
      ImGui::Separator();
    }
    ImGui::EndChild();
    return;
  }
  draw->AddRectFilled(origin, boxEnd, IM_COL32(0, 0, 0, 255));
  if (v.comparing && p == v.active) draw->AddRect(origin, boxEnd, IM_COL32(90, 160, 255, 255), 0, 0, 2 * s);
  pane.shown = false;
  if (n == 0) {
    const char* what = !pane.error.empty() ? pane.error.c_str() : app.t(T::Loading);
    draw->AddText(ImVec2(origin.x + 12 * s, origin.y + 40 * s), IM_COL32(200, 200, 200, 255), what);
    return;
  }
  pane.index = std::clamp(pane.index, 0, n - 1);
  const ImageInfo& image = pane.images[static_cast<std::size_t>(pane.index)];
  if (pane.frames.count(pane.index) == 0) keepFrames(app, p);  // dropped by the cache: bring it back
  Frame& frame = pane.frames[pane.index];
  ViewGeometry& g = pane.geometry;
  g.columns = std::max(1, image.columns);
  g.rows = std::max(1, image.rows);
  g.boxOrigin = pt(origin);
  g.boxSize = pt(size);
  g.zoom = pane.zoom;
  g.pan = pane.pan;
  g.quarterTurns = pane.quarterTurns;
  g.flipHorizontal = pane.flipHorizontal;
  g.flipVertical = pane.flipVertical;

  draw->PushClipRect(origin, boxEnd, true);
  if (frame.arrived()) {
    frame.lastUsed = v.clock;
    if (!pane.windowSet && !frame.values.empty()) {  // no window in the file: the frame's own range
      const auto [lo, hi] = std::minmax_element(frame.values.begin(), frame.values.end());
      pane.center = (*lo + *hi) / 2.0;
      pane.width = std::max(1.0, static_cast<double>(*hi - *lo));
      pane.windowSet = true;
    }
    upload(pane, image, frame);
    const auto c = g.corners();
    const ImVec2 quad[4] = {im(c[0]), im(c[1]), im(c[2]), im(c[3])};
    if (!frame.values.empty()) {
      pane.gpu = {static_cast<float>(pane.center), static_cast<float>(pane.width),
                  (image.photometric == "MONOCHROME1") != pane.invert, image.columns, image.rows};
      pane.gpu.imageTexture = pane.texture;
      if (const VoiLut* lut = lutInUse(pane, image)) {
        if (pane.lutUploaded != lut) uploadLut(pane.lutTexture, *lut), pane.lutUploaded = lut;
        pane.gpu.lutTexture = pane.lutTexture;
        pane.gpu.lutFirst = static_cast<float>(lut->first);
        pane.gpu.lutEntries = static_cast<float>(lut->data.size());
        pane.gpu.lutMax = static_cast<float>((1 << lut->bits) - 1);
      }
      drawGrey(draw, pane.texture, quad, &pane.gpu);
    } else {
      draw->AddImageQuad(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(pane.texture)), quad[0], quad[1], quad[2], quad[3]);
    }
    pane.shown = true;
    if (pane.firstFrameMs < 0) pane.firstFrameMs = ImGui::GetTime() * 1000.0 - pane.openedAtMs;
  } else {
    const bool failed = !frame.error.empty();
    const std::string what = failed ? textf(T::FrameUnreadable, app.language, pane.index + 1, frame.error.c_str()) : app.t(T::Loading);
    draw->AddText(nullptr, 0, ImVec2(origin.x + 12 * s, origin.y + size.y / 2), failed ? IM_COL32(255, 110, 110, 255) : IM_COL32(200, 200, 200, 255),
                  what.c_str(), nullptr, size.x - 24 * s);
  }

  // Measurements on this image, and the one being drawn.
  const std::string& modality = modalityOf(pane);
  for (const Measurement& m : pane.measurements)
    if (m.image == pane.index) drawMeasurement(draw, pane, m, readingOf(m, image, frame, modality, app.language).text, s);
  if (p == v.active && !v.placing.empty()) {
    Measurement m{v.tool, v.placing, pane.index};
    drawMeasurement(draw, pane, m, readingOf(m, image, frame, modality, app.language).text, s);
  }

  // Overlay, fixed to the box: who and what (not in bedside mode), where in the stack and the body,
  // how it is windowed and zoomed, the patient's directions at the edges, a scale bar.
  const float line = ImGui::GetTextLineHeight();
  float y = origin.y + 6 * s;
  const auto put = [&](float x, float yy, const std::string& t, bool right = false) {
    const float w = ImGui::CalcTextSize(t.c_str()).x;
    const ImVec2 at(right ? x - w : x, yy);
    draw->AddText(ImVec2(at.x + s, at.y + s), IM_COL32(0, 0, 0, 220), t.c_str());  // readable on bright tissue too
    draw->AddText(at, kOverlay, t.c_str());
  };
  if (!v.bedside) put(origin.x + 8 * s, y, app.page.patient.name), y += line;
  put(origin.x + 8 * s, y, displayDate(pane.studyDate) + "  " + pane.studyDescription);
  y += line;
  const SeriesInfo& se = pane.series[static_cast<std::size_t>(pane.selected)];
  put(origin.x + 8 * s, y, se.modality + "  #" + std::to_string(se.number) + "  " + se.description);
  char text[200];
  std::snprintf(text, sizeof text, "%d / %d", pane.index + 1, n);
  put(boxEnd.x - 8 * s, origin.y + 6 * s, text, true);
  if (image.hasPosition || image.sliceThickness > 0) {
    std::snprintf(text, sizeof text, "%s %.1f mm  %s %.1f mm", app.t(T::SliceLocation), image.sliceLocation, app.t(T::SliceThickness),
                  image.sliceThickness);
    put(boxEnd.x - 8 * s, boxEnd.y - 26 * s - 2 * line, text, true);  // above the scale bar, clear of the left column
  }
  if (const VoiLut* lut = lutInUse(pane, image))
    std::snprintf(text, sizeof text, "VOI LUT %s   %.0f%%", lut->explanation.c_str(), g.scale() * 100.0 / s);
  else
    std::snprintf(text, sizeof text, "WL %.0f  WW %.0f   %.0f%%", pane.center, pane.width, g.scale() * 100.0 / s);
  put(origin.x + 8 * s, boxEnd.y - 8 * s - line, text);
  const ScreenDirections d = screenDirections(image.orientation, g);
  if (!d.right.empty()) {
    const ImVec2 mid((origin.x + boxEnd.x) / 2, (origin.y + boxEnd.y) / 2);
    put(boxEnd.x - 8 * s, mid.y - line / 2, d.right, true);
    put(origin.x + 8 * s, mid.y - line / 2, d.left);
    put(mid.x - ImGui::CalcTextSize(d.top.c_str()).x / 2, origin.y + 6 * s + 3 * line, d.top);
    put(mid.x - ImGui::CalcTextSize(d.bottom.c_str()).x / 2, boxEnd.y - 8 * s - 2 * line, d.bottom);
  }
  drawScaleBar(draw, pane, image, boxEnd, s);
  if (pane.arrived < n) {  // the series' progress
    const float f = static_cast<float>(pane.arrived) / static_cast<float>(n);
    draw->AddRectFilled(ImVec2(origin.x, boxEnd.y - 4 * s), ImVec2(origin.x + size.x * f, boxEnd.y), IM_COL32(90, 160, 255, 255));
  }
  drawExportWatermark(app, p, origin, boxEnd);
  draw->PopClipRect();

  // What the mouse does: the left button by tool, the right one pans, the wheel scrolls (Ctrl: zooms).
  ImGuiIO& io = ImGui::GetIO();
  // A click on the other pane first makes it the active one (tools and keys act there); it does not
  // start a measurement there yet.
  bool activating = false;
  if ((hovered && (io.MouseClicked[0] || io.MouseClicked[1] || io.MouseWheel != 0)) && v.active != p) {
    v.active = p;
    v.placing.clear();
    activating = io.MouseClicked[0];
  }
  const Point mouse = g.toImage(pt(io.MousePos));
  const bool leftDown = ImGui::IsMouseDown(ImGuiMouseButton_Left);
  if (active && ImGui::IsMouseDown(ImGuiMouseButton_Right)) {
    pane.pan.x += io.MouseDelta.x;
    pane.pan.y += io.MouseDelta.y;
  }
  switch (v.bedside || activating ? Tool::Window : v.tool) {
    case Tool::Window:
      if (v.bedside || activating) break;  // fingers, not the mouse (BedsideMode); or a pane just chosen
      if (active && leftDown) {
        dragWindow(pane, io.MouseDelta.x, io.MouseDelta.y);
        follow(v, p, true);
      }
      break;
    case Tool::Length:
    case Tool::Rectangle:
    case Tool::Ellipse:
      if (pressedLeft) v.placing = {mouse, mouse};
      else if (active && leftDown && v.placing.size() == 2) v.placing[1] = mouse;
      if (released && v.placing.size() == 2) {
        v.placing[1] = mouse;  // where the button came up (it may have moved in the same frame)
        const Point a = g.toScreen(v.placing[0]), b = g.toScreen(v.placing[1]);
        if (std::hypot(a.x - b.x, a.y - b.y) >= 3 * s) pane.measurements.push_back({v.tool, v.placing, pane.index});
        v.placing.clear();
      }
      break;
    case Tool::Angle:
      if (pressedLeft) {
        if (v.placing.empty()) v.placing = {mouse, mouse};
        else if (v.placing.size() == 2) {
          v.placing[1] = mouse;  // the vertex, where the click is (the pointer may have jumped there)
          v.placing.push_back(mouse);
        }
        else {
          v.placing[2] = mouse;
          pane.measurements.push_back({Tool::Angle, v.placing, pane.index});
          v.placing.clear();
        }
      } else if (hovered && !v.placing.empty()) {
        v.placing.back() = mouse;
      }
      break;
  }
  if (hovered && io.MouseWheel != 0) {
    if (io.KeyCtrl) pane.zoom = std::clamp(pane.zoom * (io.MouseWheel > 0 ? 1.25 : 0.8), 0.25, 16.0);
    else pane.index = std::clamp(pane.index + (io.MouseWheel < 0 ? 1 : -1), 0, n - 1);
    follow(v, p);
  }
}

void drawToolbar(App& app) {
  ViewerPage& v = app.viewer;
  Pane& pane = v.panes[static_cast<std::size_t>(v.active)];
  const int before = pane.index;
  const double center = pane.center, width = pane.width, zoom = pane.zoom;
  const bool invert = pane.invert;
  struct ToolButton {
    T label;
    Tool tool;
  };
  static const ToolButton kTools[] = {{T::ToolWindow, Tool::Window}, {T::ToolLength, Tool::Length}, {T::ToolAngle, Tool::Angle},
                                      {T::ToolRectangle, Tool::Rectangle}, {T::ToolEllipse, Tool::Ellipse}};
  for (const ToolButton& b : kTools)
    if (flowButton(app.t(b.label), v.tool == b.tool)) {
      v.tool = b.tool;
      v.placing.clear();
    }
  if (flowButton(app.t(T::ClearMeasurements))) {
    pane.measurements.clear();
    v.placing.clear();
  }
  // The file's own windows (VOI presets), and one fitted to the image on screen.
  if (!pane.images.empty()) {
    const ImageInfo& image = pane.images[static_cast<std::size_t>(std::clamp(pane.index, 0, static_cast<int>(pane.images.size()) - 1))];
    for (std::size_t k = 0; k < image.windows.size() && k < 4; ++k) {
      const ImageInfo::Window& w = image.windows[k];
      const std::string label = (w.explanation.empty() ? textf(T::FileWindow, app.language, static_cast<int>(k + 1)) : w.explanation) + "##file" + std::to_string(k);
      if (flowButton(label.c_str(), pane.center == w.center && pane.width == w.width)) {
        pane.center = w.center;
        pane.width = w.width;
        pane.windowSet = true;
        pane.voiLut = -1;
      }
    }
    for (std::size_t k = 0; k < image.voiLuts.size() && k < 4; ++k) {
      const std::string& why = image.voiLuts[k]->explanation;
      const std::string label = (why.empty() ? textf(T::FileLut, app.language, static_cast<int>(k + 1)) : "LUT " + why) + "##lut" + std::to_string(k);
      if (flowButton(label.c_str(), pane.voiLut == static_cast<int>(k))) chooseLut(pane, image, static_cast<int>(k));
    }
    const auto f = pane.frames.find(pane.index);
    if (f != pane.frames.end() && !f->second.values.empty() && flowButton(app.t(T::AutoWindow))) {
      const auto [lo, hi] = std::minmax_element(f->second.values.begin(), f->second.values.end());
      pane.center = (*lo + *hi) / 2.0;
      pane.width = std::max(1.0, static_cast<double>(*hi - *lo));
      pane.windowSet = true;
        pane.voiLut = -1;
    }
  }
  if (modalityOf(pane) == "CT")
    for (const Preset& p : kCtPresets)
      if (flowButton(app.t(p.name), pane.center == p.center && pane.width == p.width)) {
        pane.center = p.center;
        pane.width = p.width;
        pane.windowSet = true;
        pane.voiLut = -1;
      }
  if (flowButton(app.t(T::ZoomIn))) pane.zoom = std::min(pane.zoom * 1.25, 16.0);
  if (flowButton(app.t(T::ZoomOut))) pane.zoom = std::max(pane.zoom / 1.25, 0.25);
  if (flowButton(app.t(T::ZoomFit))) pane.zoom = 1.0, pane.pan = {};
  if (flowButton(app.t(T::ZoomActual))) pane.zoom = 1.0 / std::max(1e-6, pane.geometry.fitScale()), pane.pan = {};
  if (flowButton(app.t(T::Invert), pane.invert)) pane.invert = !pane.invert;
  // Turning and flipping, used less: one button opening the three.
  const bool turned = pane.quarterTurns != 0 || pane.flipHorizontal || pane.flipVertical;
  if (flowButton(app.t(T::RotateFlip), turned)) ImGui::OpenPopup("##rotate-flip");
  if (ImGui::BeginPopup("##rotate-flip")) {
    if (ui::button(app.t(T::RotateRight))) pane.quarterTurns = (pane.quarterTurns + 1) % 4, ImGui::CloseCurrentPopup();
    if (ui::toggle(app.t(T::FlipHorizontal), pane.flipHorizontal))
      pane.flipHorizontal = !pane.flipHorizontal, ImGui::CloseCurrentPopup();
    if (ui::toggle(app.t(T::FlipVertical), pane.flipVertical)) pane.flipVertical = !pane.flipVertical, ImGui::CloseCurrentPopup();
    if (turned && ui::button(app.t(T::RotateReset)))
      pane.quarterTurns = 0, pane.flipHorizontal = pane.flipVertical = false, ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
  }
  ImGui::SameLine();
  if (pane.images.size() > 1 && flowButton(app.t(v.cine ? T::CineStop : T::CinePlay), v.cine)) {
    v.cine = !v.cine;
    v.cineDueMs = ImGui::GetTime() * 1000.0;
  }
  if (v.cine) {
    if (ImGui::GetCursorScreenPos().x + 160 * ui::scale() > ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::NewLine();
    ImGui::SetNextItemWidth(150 * ui::scale());
    const std::string fmt = textf(T::CineFps, app.language, v.fps);
    ImGui::SliderInt("##fps", &v.fps, 1, 30, fmt.c_str());
    ImGui::SameLine();
  }
  if (v.comparing) {
    if (flowButton(app.t(T::LinkScroll), v.linkScroll)) v.linkScroll = !v.linkScroll;
    if (flowButton(app.t(T::LinkWindow), v.linkWindow)) v.linkWindow = !v.linkWindow;
  }
  ImGui::NewLine();
  // Keys on the active pane; cine steps it at its rate.
  const int n = static_cast<int>(pane.images.size());
  if (n > 0) {
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow))) pane.index = std::min(pane.index + 1, n - 1);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow))) pane.index = std::max(pane.index - 1, 0);
    const double now = ImGui::GetTime() * 1000.0;
    if (v.cine && now >= v.cineDueMs) {
      pane.index = (pane.index + 1) % n;
      v.cineDueMs = std::max(v.cineDueMs + 1000.0 / v.fps, now - 1000.0 / v.fps);
    }
  }
  if (pane.index != before || pane.center != center || pane.width != width || pane.zoom != zoom || pane.invert != invert)
    follow(v, v.active, pane.center != center || pane.width != width);
  if (v.comparing) {
    if (v.linkScroll && !v.panes[1].images.empty() && !syncableByPosition(v.panes[0].images, v.panes[1].images))
      ui::textColored(ui::kWarning, app.t(T::NotSyncable));
  }
}

void drawSeriesButtons(App& app, int p) {
  Pane& pane = app.viewer.panes[static_cast<std::size_t>(p)];
  // Comparing: each row sits above its own pane, whose overlay names the study and its date.
  for (int i = 0; i < static_cast<int>(pane.series.size()); ++i) {
    const SeriesInfo& se = pane.series[static_cast<std::size_t>(i)];
    const std::string label = se.modality + " " + std::to_string(se.number) + " " + se.description + " (" +
                              std::to_string(se.instances) + ")##series" + std::to_string(p) + "-" + std::to_string(i);
    if (!isDocumentModality(se.modality)) {
      // The series' middle image beside its button; its place is kept while it is on its way, so
      // that nothing moves when it arrives.
      const float side = ImGui::GetFrameHeight();
      const float x = ImGui::GetCursorScreenPos().x;
      const float right = gFlowRight > 0 ? gFlowRight : ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
      const float left = gFlowLeft > 0 ? gFlowLeft : ImGui::GetWindowPos().x + ImGui::GetStyle().WindowPadding.x;
      if (x + side + ImGui::CalcTextSize(label.c_str(), nullptr, true).x + 40 * ui::scale() > right && x > left + 1)
        ImGui::NewLine();
      const auto thumbnail = pane.thumbnails.find(i);
      if (thumbnail != pane.thumbnails.end()) ImGui::Image(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(thumbnail->second)), ImVec2(side, side));
      else ImGui::Dummy(ImVec2(side, side));
      ImGui::SameLine(0, 2 * ui::scale());
    }
    if (flowButton(label.c_str(), i == pane.selected) && i != pane.selected) selectSeries(app, p, i);
  }
  ImGui::NewLine();
  if (pane.loading) ui::textColored(ui::kMuted, app.t(T::Loading));
  if (!pane.error.empty()) ui::textColored(ui::kError, pane.error.c_str());
}

void drawPriorChoice(App& app) {
  ViewerPage& v = app.viewer;
  ui::text(app.t(T::ChoosePrior));
  int offered = 0;
  // The patient page lists only what the consent lets this user see: the choice stays in scope,
  // and the server checks it again for every request.
  for (const StudySummary& s : app.page.studies) {
    if (s.uid == v.panes[0].studyUid || s.instances == 0) continue;
    ++offered;
    const std::string label = displayDate(s.date) + "  " + s.modalities + "  " + s.description + "##prior" + s.uid;
    if (ui::button(label.c_str())) return openPrior(app, s.uid);
  }
  if (offered == 0) ui::textColored(ui::kMuted, app.t(T::NoPrior));
  if (ui::button(app.t(T::Cancel))) v.choosingPrior = false;
}

void drawReport(App& app, float width, float height) {
  const ReportPanel& r = app.viewer.report;
  ImGui::BeginChild("##report", ImVec2(width, height), true);
  ui::heading(r.id ? r.title.c_str() : app.t(T::ReportPanel));
  if (r.id == 0) ui::textColored(ui::kMuted, app.t(T::NoReport));
  if (r.loading) ui::textColored(ui::kMuted, app.t(T::Loading));
  if (!r.error.empty()) ui::textColored(ui::kError, r.error.c_str());
  if (!r.text.empty()) ui::textWrapped(r.text.c_str());
  for (const auto& [label, value] : r.fields) {
    ui::textColored(ui::kMuted, label.c_str());
    ui::textWrapped(value.c_str());
  }
  ImGui::EndChild();
}

/// The readings of the active pane's measurements on the image on screen, as text a test can read.
void drawReadings(App& app) {
  const ViewerPage& v = app.viewer;
  const Pane& pane = v.panes[static_cast<std::size_t>(v.active)];
  if (pane.images.empty()) return;
  const ImageInfo& image = pane.images[static_cast<std::size_t>(pane.index)];
  const auto f = pane.frames.find(pane.index);
  if (f == pane.frames.end()) return;
  int k = 0;
  for (const Measurement& m : pane.measurements)
    if (m.image == pane.index) {
      const std::string t = std::to_string(++k) + ". " + readingOf(m, image, f->second, modalityOf(pane), app.language).text;
      ui::text(t.c_str());
    }
}

}  // namespace

void drawImagePane(App& app, int p, float x, float y, float w, float h) { drawPane(app, p, ImVec2(x, y), ImVec2(w, h)); }

void releaseViewer(App& app) {
  for (Pane& p : app.viewer.panes) {
    deleteTexture(p.texture);
    deleteTexture(p.lutTexture);
    p.lutUploaded = nullptr;
    for (auto& [i, t] : p.thumbnails) deleteTexture(t);
  }
  app.viewer = ViewerPage{};  // the images leave memory with the viewer
}

void drawViewerScreen(App& app) {
  ViewerPage& v = app.viewer;
  const float s = ui::scale();
  ++v.clock;
  if (v.bedside) return drawBedsideScreen(app);
  drawSignedInBar(app);
  ui::beginPage("##viewer", app.barHeight);
  if (ui::button(app.t(T::BackToPatient))) {
    releaseViewer(app);
    app.screen = Screen::Patient;
    ui::endPage(false);
    return;
  }
  ImGui::SameLine();
  ui::text((app.page.patient.name + "  " + displayDate(v.panes[0].studyDate) + "  " + v.panes[0].studyDescription).c_str());
  ImGui::SameLine();
  if (!v.comparing && flowButton(app.t(T::ComparePrior), v.choosingPrior)) v.choosingPrior = !v.choosingPrior;
  if (v.comparing && flowButton(app.t(T::ClosePrior))) closePrior(app);
  if (flowButton(app.t(T::ReportPanel), v.reportOpen)) v.reportOpen = !v.reportOpen;
  if (flowButton(app.t(T::Bedside), v.settingPin)) startBedside(app);
  if (flowButton(app.t(T::ExportPng)) && !v.exporting) exportView(app);
  ImGui::NewLine();
  if (!v.exportNotice.empty()) ui::textColored(ui::kOk, v.exportNotice.c_str());
  if (!v.exportError.empty()) ui::textColored(ui::kError, v.exportError.c_str());
  if (v.choosingPrior) drawPriorChoice(app);
  if (v.settingPin) drawBedsidePinChoice(app);
  // The toolbars a little denser than the forms (still 38 px targets): more room for the images.
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(8 * s, 10 * s));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(6 * s, 6 * s));
  if (!v.comparing) {
    drawSeriesButtons(app, 0);
  } else {
    // Each study's series above its pane, on one line.
    const float left = ImGui::GetCursorScreenPos().x, width = ImGui::GetContentRegionAvail().x;
    const float half = (width - ImGui::GetStyle().ItemSpacing.x) / 2;
    const float rowTop = ImGui::GetCursorScreenPos().y;
    float bottom = rowTop;
    for (int p = 0; p < 2; ++p) {
      gFlowLeft = left + p * (half + ImGui::GetStyle().ItemSpacing.x);
      gFlowRight = gFlowLeft + half;
      ImGui::SetCursorScreenPos(ImVec2(gFlowLeft, rowTop));
      ImGui::BeginGroup();
      drawSeriesButtons(app, p);
      ImGui::EndGroup();
      bottom = std::max(bottom, ImGui::GetItemRectMax().y);
    }
    gFlowLeft = gFlowRight = 0;
    ImGui::SetCursorScreenPos(ImVec2(left, bottom + ImGui::GetStyle().ItemSpacing.y));
  }
  if (!v.panes[static_cast<std::size_t>(v.active)].documentSeries) drawToolbar(app);  // documents: nothing to window or measure
  ImGui::PopStyleVar(2);

  // The images in what is left of the page; the report to the right on a wide screen.
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const bool wide = avail.x / s >= 1000;
  const float reportW = v.reportOpen && wide ? 320 * s : 0;
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float imagesW = avail.x - (reportW > 0 ? reportW + gap : 0);
  const float below = ImGui::GetFrameHeightWithSpacing() + 2 * ImGui::GetTextLineHeightWithSpacing();
  const float boxH = std::max(160.0f * s, avail.y - below);
  const ImVec2 top = ImGui::GetCursorScreenPos();
  const int panes = v.comparing ? 2 : 1;
  const float paneW = (imagesW - gap * (panes - 1)) / panes;
  for (int p = 0; p < panes; ++p) {
    const ImVec2 origin(top.x + p * (paneW + gap), top.y);
    drawPane(app, p, origin, ImVec2(paneW, boxH));
    // The stack's scroll bar under its pane.
    Pane& pane = v.panes[static_cast<std::size_t>(p)];
    const int n = static_cast<int>(pane.images.size());
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + boxH + ImGui::GetStyle().ItemSpacing.y));
    if (n > 1) {
      ImGui::SetNextItemWidth(paneW);
      int shown = pane.index + 1;
      ImGui::PushID(p);
      if (ImGui::SliderInt("##stack", &shown, 1, n)) {
        pane.index = shown - 1;
        v.active = p;
        follow(v, p);
      }
      ImGui::PopID();
    } else {
      ImGui::Dummy(ImVec2(paneW, ImGui::GetFrameHeight()));
    }
  }
  if (reportW > 0) {
    ImGui::SetCursorScreenPos(ImVec2(top.x + imagesW + gap, top.y));
    drawReport(app, reportW, boxH + ImGui::GetFrameHeightWithSpacing());
  }
  ImGui::SetCursorScreenPos(ImVec2(top.x, top.y + boxH + ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y));
  const Pane& pane = v.panes[static_cast<std::size_t>(v.active)];
  ui::textColored(ui::kMuted, textf(T::ViewerLoaded, app.language, pane.arrived, static_cast<int>(pane.images.size())).c_str());
  drawReadings(app);
  if (v.reportOpen && !wide && !v.comparing) drawReport(app, avail.x, 300 * s);  // comparing: the images get the screen
  ui::endPage(false);
}

}  // namespace renkei::app
