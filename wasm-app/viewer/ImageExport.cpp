// SPDX-License-Identifier: MIT
#include "wasm-app/viewer/ImageExport.h"

#include <GLES3/gl3.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "wasm-app/App.h"
#include "wasm-app/ServerAnswer.h"
#include "wasm-app/Ui.h"
#include "wasm-app/platform/Browser.h"
#include "wasm-app/platform/Http.h"

namespace renkei::app {

void exportView(App& app) {
  ViewerPage& v = app.viewer;
  const Pane& pane = v.panes[static_cast<std::size_t>(v.active)];
  v.exportNotice.clear();
  v.exportError.clear();
  if (pane.images.empty() || pane.selected < 0) return;
  v.exporting = true;
  const std::string path = "/dicomweb/studies/" + pane.studyUid + "/series/" + pane.series[static_cast<std::size_t>(pane.selected)].uid +
                           "/instances/" + pane.images[static_cast<std::size_t>(pane.index)].sopUid + "/export";
  httpPostJson(path, "{}", [&app, uid = pane.studyUid](const HttpResponse& r) {
    ViewerPage& page = app.viewer;
    if (app.screen != Screen::Viewer || page.panes[static_cast<std::size_t>(page.active)].studyUid != uid) {
      page.exporting = false;  // the view changed meanwhile: nothing to save, the button is free again
      return;
    }
    const auto j = serverAnswer(app, r, page.exportError);
    if (!j) {
      page.exporting = false;
      return;
    }
    page.watermark = j->value("watermark", std::string());
    if (page.watermark.empty()) {
      page.exporting = false;
      page.exportError = app.t(T::UnexpectedError);
    }
  });
}

void drawExportWatermark(App& app, int p, ImVec2 origin, ImVec2 end) {
  ViewerPage& v = app.viewer;
  if (v.watermark.empty() || p != v.active) return;
  const float s = ui::scale();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const char* w = v.watermark.c_str();
  const ImVec2 size = ImGui::CalcTextSize(w);
  // Across the whole picture, so that no crop removes it, and once more, solid, along the bottom.
  for (float y = origin.y + size.y * 2; y < end.y - size.y * 3; y += size.y * 5)
    for (float x = origin.x + std::fmod((y - origin.y) * 0.7f, size.x + 40 * s) - size.x; x < end.x; x += size.x + 40 * s)
      draw->AddText(ImVec2(x, y), IM_COL32(255, 255, 255, 70), w);
  const ImVec2 band(origin.x, end.y - size.y - 12 * s);
  draw->AddRectFilled(band, end, IM_COL32(0, 0, 0, 200));
  draw->AddText(ImVec2(band.x + 8 * s, band.y + 6 * s), IM_COL32(255, 255, 255, 255), w);
  v.captureBox = {origin.x, origin.y, end.x, end.y};
}

void finishExport(App& app) {
  ViewerPage& v = app.viewer;
  if (v.watermark.empty() || v.captureBox[2] <= v.captureBox[0]) return;
  GLint viewport[4] = {};
  glGetIntegerv(GL_VIEWPORT, viewport);  // main's: the whole framebuffer
  const int fbw = viewport[2], fbh = viewport[3];
  const int x0 = std::clamp(static_cast<int>(std::lround(v.captureBox[0])), 0, fbw);
  const int x1 = std::clamp(static_cast<int>(std::lround(v.captureBox[2])), 0, fbw);
  const int y0 = std::clamp(static_cast<int>(std::lround(v.captureBox[1])), 0, fbh);
  const int y1 = std::clamp(static_cast<int>(std::lround(v.captureBox[3])), 0, fbh);
  const int w = x1 - x0, h = y1 - y0;
  v.captureBox = {};
  v.watermark.clear();
  v.exporting = false;
  if (w <= 0 || h <= 0) return;
  std::vector<unsigned char> rgba(static_cast<std::size_t>(w) * h * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(x0, fbh - y1, w, h, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());  // GL rows run bottom-up
  std::vector<unsigned char> topDown(rgba.size());
  const std::size_t stride = static_cast<std::size_t>(w) * 4;
  for (int y = 0; y < h; ++y)
    std::copy_n(rgba.begin() + static_cast<std::ptrdiff_t>((h - 1 - y) * stride), stride, topDown.begin() + static_cast<std::ptrdiff_t>(y * stride));
  const Pane& pane = v.panes[static_cast<std::size_t>(v.active)];
  savePng("renkei-" + pane.studyDate.substr(0, 10) + "-" + std::to_string(pane.index + 1) + ".png", topDown, w, h);
  v.exportedWidth = w;
  v.exportedHeight = h;
  ++v.exports;
  v.exportNotice = app.t(T::Exported);
}

}  // namespace renkei::app
