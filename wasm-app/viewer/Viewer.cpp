// SPDX-License-Identifier: MIT
// The viewer's requests: the study's series (QIDO-RS), the selected series' metadata, then its
// frames — as stored, decoded in the browser (viewer/FrameDecoder) — the image on screen
// first and the others outward from it, queued by priority (platform/RequestQueue). Every answer is
// checked against what is open when it arrives.
#include <imgui.h>

#include <cstdlib>

#include "wasm-app/App.h"
#include "wasm-app/ServerAnswer.h"
#include "wasm-app/platform/Http.h"
#include "wasm-app/viewer/ViewerJson.h"

namespace renkei::app {
namespace {

constexpr const char* kDicomJson = "application/dicom+json";
// Frames as stored (any transfer syntax): decoded here, by DCMTK and OpenJPEG in WebAssembly.
constexpr const char* kFrames = "multipart/related; type=\"application/octet-stream\"; transfer-syntax=*";

std::string studyPath(const ViewerPage& v) { return "/dicomweb/studies/" + v.studyUid; }

/// Whether series `selected` of study `uid` is still what the viewer shows.
bool stillShowing(const App& app, const std::string& uid, int selected) {
  return app.screen == Screen::Viewer && app.viewer.studyUid == uid && app.viewer.selected == selected;
}

/// A 200 answer; otherwise false with `error` set (a 401 signs out first).
bool succeeded(App& app, const HttpResponse& answer, std::string& error) {
  if (answer.status == 200) return true;
  if (answer.status == 401) app.signOut(sessionEndText(app, answer).c_str());
  else error = serverErrorText(app, answer.status, answer.body);
  return false;
}

void requestFrame(App& app, int k, int priority) {
  ViewerPage& v = app.viewer;
  const ImageInfo& image = v.images[static_cast<std::size_t>(k)];
  v.frames[k].loading = true;
  ++v.requested;
  HttpRequest r;
  r.path = studyPath(v) + "/series/" + v.series[static_cast<std::size_t>(v.selected)].uid + "/instances/" + image.sopUid + "/frames/1";
  r.accept = kFrames;
  r.priority = priority;
  httpSend(std::move(r), [&app, uid = v.studyUid, selected = v.selected, k](const HttpResponse& answer) {
    if (!stillShowing(app, uid, selected)) return;
    ViewerPage& page = app.viewer;
    Frame& f = page.frames[k];
    f.loading = false;
    ++page.arrived;
    if (!succeeded(app, answer, f.error)) return;
    const auto parts = multipartParts(answer.contentType, answer.body);
    if (parts.empty()) {
      f.error = "no frame in the answer";
      return;
    }
    f = decodeTravelled(page.images[static_cast<std::size_t>(k)], parts.front().body, transferSyntaxOf(parts.front().contentType));
  });
}

}  // namespace

void openViewer(App& app, const std::string& studyUid) {
  app.viewer = ViewerPage{};
  ViewerPage& v = app.viewer;
  v.studyUid = studyUid;
  v.loading = true;
  v.openedAtMs = ImGui::GetTime() * 1000.0;
  for (const StudySummary& s : app.page.studies)
    if (s.uid == studyUid) {
      v.studyDate = s.date;
      v.studyDescription = s.description;
    }
  app.screen = Screen::Viewer;
  HttpRequest r;
  r.path = studyPath(v) + "/series";
  r.accept = kDicomJson;
  httpSend(std::move(r), [&app, studyUid](const HttpResponse& answer) {
    if (app.screen != Screen::Viewer || app.viewer.studyUid != studyUid) return;
    ViewerPage& page = app.viewer;
    page.loading = false;
    if (!succeeded(app, answer, page.error)) return;
    page.series = seriesFrom(nlohmann::json::parse(answer.body, nullptr, false));
    // The first series with images (structured reports and the like have none to show).
    for (int i = 0; i < static_cast<int>(page.series.size()); ++i) {
      const std::string& m = page.series[static_cast<std::size_t>(i)].modality;
      if (m != "SR" && m != "PR" && m != "KO" && m != "DOC") return selectSeries(app, i);
    }
    page.error = app.t(T::ViewerNoImages);
  });
}

void selectSeries(App& app, int i) {
  ViewerPage& v = app.viewer;
  v.selected = i;
  v.images.clear();
  v.frames.clear();
  v.index = 0;
  v.windowSet = false;
  v.zoom = 1.0;
  v.panX = v.panY = 0;
  v.requested = v.arrived = 0;
  v.textureIndex = -1;
  v.loading = true;
  v.error.clear();
  HttpRequest r;
  r.path = studyPath(v) + "/series/" + v.series[static_cast<std::size_t>(i)].uid + "/metadata";
  r.accept = kDicomJson;
  r.priority = 1000;
  httpSend(std::move(r), [&app, uid = v.studyUid, i](const HttpResponse& answer) {
    if (!stillShowing(app, uid, i)) return;
    ViewerPage& page = app.viewer;
    page.loading = false;
    if (!succeeded(app, answer, page.error)) return;
    page.images = imagesFrom(nlohmann::json::parse(answer.body, nullptr, false));
    if (page.images.empty()) {
      page.error = app.t(T::ViewerNoImages);
      return;
    }
    const ImageInfo& first = page.images.front();
    if (first.windowWidth > 0) {
      page.center = first.windowCenter;
      page.width = first.windowWidth;
      page.windowSet = true;
    }
    // The image on screen first, then outward from it, nearer ones sooner.
    const int n = static_cast<int>(page.images.size());
    for (int d = 0; d < n; ++d)
      for (const int k : {page.index + d, page.index - d})
        if (k >= 0 && k < n && page.frames.count(k) == 0) requestFrame(app, k, n - d);
  });
}

}  // namespace renkei::app
