// SPDX-License-Identifier: MIT
// The viewer's requests: a study's series (QIDO-RS), the selected series' metadata, then its
// frames — as stored, decoded in the browser (viewer/FrameDecoder) — the image on screen first and
// the others outward from it, queued by priority (platform/RequestQueue); the study's report beside
// the images. Every answer is checked against what is open when it arrives. Decoded frames are held
// within kFrameCacheBytes; the least recently shown go first and come back when scrolled to.
#include <emscripten.h>
#include <imgui.h>

#include <algorithm>
#include <cstdlib>

#include "wasm-app/App.h"
#include "wasm-app/ServerAnswer.h"
#include "wasm-app/patients/PatientJson.h"
#include "wasm-app/platform/Browser.h"
#include "wasm-app/platform/Http.h"
#include "wasm-app/platform/Redraw.h"
#include "wasm-app/viewer/GreyShader.h"
#include "wasm-app/viewer/Stack.h"
#include "wasm-app/viewer/ViewerJson.h"

namespace renkei::app {
namespace {

constexpr const char* kDicomJson = "application/dicom+json";
// Frames as stored (any transfer syntax): decoded here, by DCMTK and OpenJPEG in WebAssembly.
constexpr const char* kFrames = "multipart/related; type=\"application/octet-stream\"; transfer-syntax=*";

std::string studyPath(const Pane& p) { return "/dicomweb/studies/" + p.studyUid; }

/// Whether series `selected` of study `uid` is still what pane `p` shows.
bool stillShowing(const App& app, int p, const std::string& uid, int selected) {
  return app.screen == Screen::Viewer && app.viewer.panes[static_cast<std::size_t>(p)].studyUid == uid &&
         app.viewer.panes[static_cast<std::size_t>(p)].selected == selected;
}

/// A 200 answer; otherwise false with `error` set (a 401 signs out first).
bool succeeded(App& app, const HttpResponse& answer, std::string& error) {
  if (answer.status == 200) return true;
  if (answer.status == 401) app.signOut(sessionEndText(app, answer).c_str());
  else error = serverErrorText(app, answer.status, answer.body);
  return false;
}

void requestThumbnails(App& app, int p);

void requestFrame(App& app, int p, int k, int priority) {
  Pane& pane = app.viewer.panes[static_cast<std::size_t>(p)];
  const ImageInfo& image = pane.images[static_cast<std::size_t>(k)];
  pane.frames[k].loading = true;
  ++pane.requested;
  HttpRequest r;
  r.path = studyPath(pane) + "/series/" + pane.series[static_cast<std::size_t>(pane.selected)].uid + "/instances/" + image.sopUid +
           "/frames/" + std::to_string(image.frame);
  r.accept = kFrames;
  r.priority = priority;
  r.background = k != pane.index;  // the others arrive while the doctor looks: drawn ten times a second
  httpSend(std::move(r), [&app, p, uid = pane.studyUid, selected = pane.selected, k](const HttpResponse& answer) {
    if (!stillShowing(app, p, uid, selected)) return;
    ViewerPage& v = app.viewer;
    Pane& page = v.panes[static_cast<std::size_t>(p)];
    Frame& f = page.frames[k];
    f.loading = false;
    ++page.arrived;
    if (k == page.index) redrawNow();
    // The series' pictures once the first image is on its way to the screen: the browser's decode
    // of each holds the main thread for a while (measured 170-230 ms), not before the first image.
    if (!page.thumbnailsRequested) {
      page.thumbnailsRequested = true;
      requestThumbnails(app, p);
    }
    if (!succeeded(app, answer, f.error)) return;
    const auto parts = multipartParts(answer.contentType, answer.body);
    if (parts.empty()) {
      f.error = "no frame in the answer";
      return;
    }
    const std::string syntax = transferSyntaxOf(parts.front().contentType);
    const double started = emscripten_get_now();
    f = decodeTravelled(page.images[static_cast<std::size_t>(k)], parts.front().body, syntax);
    auto& [frames, ms] = v.decoding[syntax];
    ++frames;
    ms += emscripten_get_now() - started;
    f.lastUsed = v.clock;
    v.cacheBytes += f.bytes();
    if (v.cacheBytes > kFrameCacheBytes) keepFrames(app, p);
  });
}

/// The text of each document of the selected series (the server reads SR content trees with dcmsr).
void requestDocuments(App& app, int p) {
  Pane& pane = app.viewer.panes[static_cast<std::size_t>(p)];
  const std::string base = "/api/v1/studies/" + pane.studyUid + "/series/" + pane.series[static_cast<std::size_t>(pane.selected)].uid + "/instances/";
  for (std::size_t k = 0; k < pane.documents.size(); ++k)
    httpGet(base + pane.documents[k].sopUid + "/text", [&app, p, k, uid = pane.studyUid, selected = pane.selected](const HttpResponse& r) {
      if (!stillShowing(app, p, uid, selected)) return;
      Pane& page = app.viewer.panes[static_cast<std::size_t>(p)];
      if (k >= page.documents.size()) return;
      Pane::Document& d = page.documents[k];
      d.loading = false;
      const auto j = serverAnswer(app, r, d.error);
      if (!j) return;
      d.title = j->value("title", std::string());
      d.text = j->value("text", std::string());
    });
}

void clearPane(Pane& p) {
  p.selected = -1;
  p.images.clear();
  p.documentSeries = false;
  p.documents.clear();
  p.frames.clear();
  p.index = 0;
  p.windowSet = false;
  p.voiLut = -1;
  p.lutUploaded = nullptr;  // a new series' tables are uploaded again (the texture is reused)
  p.zoom = 1.0;
  p.pan = {};
  p.quarterTurns = 0;
  p.flipHorizontal = p.flipVertical = false;
  p.measurements.clear();
  p.requested = p.arrived = p.evicted = 0;
  p.textureIndex = -1;
}

/// A small picture of each image series (its middle image, 128 px, from the server; navigation, so
/// neither watermarked nor counted), decoded by the browser, for the series buttons.
void requestThumbnails(App& app, int p) {
  Pane& pane = app.viewer.panes[static_cast<std::size_t>(p)];
  for (int i = 0; i < static_cast<int>(pane.series.size()); ++i) {
    if (isDocumentModality(pane.series[static_cast<std::size_t>(i)].modality)) continue;
    HttpRequest r;
    r.path = studyPath(pane) + "/series/" + pane.series[static_cast<std::size_t>(i)].uid + "/thumbnail";
    r.accept = "image/jpeg";
    r.priority = 1500;
    httpSend(std::move(r), [&app, p, i, uid = pane.studyUid](const HttpResponse& answer) {
      if (app.screen != Screen::Viewer || app.viewer.panes[static_cast<std::size_t>(p)].studyUid != uid || answer.status != 200) return;
      decodePicture(answer.body, [&app, p, i, uid](const DecodedPicture& picture) {
        Pane& page = app.viewer.panes[static_cast<std::size_t>(p)];
        if (app.screen != Screen::Viewer || page.studyUid != uid || picture.width == 0) return;
        uploadRgba(page.thumbnails[i], picture.rgba, picture.width, picture.height);
      });
    });
  }
}

/// Loads pane `p` with study `studyUid`: its series, then the first one with images.
void loadStudy(App& app, int p, const std::string& studyUid) {
  Pane& pane = app.viewer.panes[static_cast<std::size_t>(p)];
  for (auto& [i, t] : pane.thumbnails) deleteTexture(t);
  const unsigned texture = pane.texture, lutTexture = pane.lutTexture;
  pane = Pane{};
  pane.texture = texture;  // the textures are kept for the next study
  pane.lutTexture = lutTexture;
  pane.studyUid = studyUid;
  pane.loading = true;
  pane.openedAtMs = ImGui::GetTime() * 1000.0;
  for (const StudySummary& s : app.page.studies)
    if (s.uid == studyUid) {
      pane.studyDate = s.date;
      pane.studyDescription = s.description;
      pane.reports = s.reports;
    }
  HttpRequest r;
  r.path = studyPath(pane) + "/series";
  r.accept = kDicomJson;
  r.priority = 2000;
  // On the way to the first image nothing needs drawing: a frame drawn now (tens of ms under
  // SwiftShader) would hold up the next answer's handling. Drawn within 100 ms anyway.
  r.background = true;
  httpSend(std::move(r), [&app, p, studyUid](const HttpResponse& answer) {
    if (app.screen != Screen::Viewer || app.viewer.panes[static_cast<std::size_t>(p)].studyUid != studyUid) return;
    Pane& page = app.viewer.panes[static_cast<std::size_t>(p)];
    page.loading = false;
    if (!succeeded(app, answer, page.error)) return;
    page.series = seriesFrom(nlohmann::json::parse(answer.body, nullptr, false));
    // The first series with images; a study of documents only (structured reports) shows them.
    for (int i = 0; i < static_cast<int>(page.series.size()); ++i)
      if (!isDocumentModality(page.series[static_cast<std::size_t>(i)].modality)) return selectSeries(app, p, i);
    if (!page.series.empty()) return selectSeries(app, p, 0);
    page.error = app.t(T::ViewerNoImages);
  });
}

/// The study's (first) report, shown beside the images.
void loadReport(App& app) {
  ViewerPage& v = app.viewer;
  v.report = ReportPanel{};
  if (v.panes[0].reports.empty()) return;
  v.report.id = v.panes[0].reports.front().first;
  v.report.title = v.panes[0].reports.front().second;
  v.report.loading = true;
  httpGet("/api/v1/documents/" + std::to_string(v.report.id), [&app, id = v.report.id](const HttpResponse& r) {
    if (app.screen != Screen::Viewer || app.viewer.report.id != id) return;
    ReportPanel& panel = app.viewer.report;
    panel.loading = false;
    const auto j = serverAnswer(app, r, panel.error);
    if (!j) return;
    const DocumentView d = documentViewFrom(*j, app.language);
    panel.title = d.title;
    panel.text = d.text;
    panel.fields = d.fields;
  });
}

}  // namespace

bool isDocumentModality(const std::string& m) { return m == "SR" || m == "KO" || m == "PR" || m == "DOC"; }

void openViewer(App& app, const std::string& studyUid) {
  releaseViewer(app);
  app.screen = Screen::Viewer;
  loadStudy(app, 0, studyUid);
  loadReport(app);
}

void openPrior(App& app, const std::string& studyUid) {
  ViewerPage& v = app.viewer;
  for (const auto& [k, f] : v.panes[1].frames) v.cacheBytes -= std::min(v.cacheBytes, f.bytes());
  v.comparing = true;
  v.choosingPrior = false;
  v.placing.clear();
  loadStudy(app, 1, studyUid);
}

void closePrior(App& app) {
  ViewerPage& v = app.viewer;
  for (const auto& [k, f] : v.panes[1].frames) v.cacheBytes -= std::min(v.cacheBytes, f.bytes());
  for (auto& [i, t] : v.panes[1].thumbnails) deleteTexture(t);
  const unsigned texture = v.panes[1].texture, lutTexture = v.panes[1].lutTexture;
  v.panes[1] = Pane{};
  v.panes[1].texture = texture;
  v.panes[1].lutTexture = lutTexture;
  v.comparing = false;
  v.active = 0;
  v.placing.clear();
}

void selectSeries(App& app, int p, int i) {
  ViewerPage& v = app.viewer;
  Pane& pane = v.panes[static_cast<std::size_t>(p)];
  for (const auto& [k, f] : pane.frames) v.cacheBytes -= std::min(v.cacheBytes, f.bytes());
  clearPane(pane);
  pane.selected = i;
  pane.loading = true;
  pane.error.clear();
  v.placing.clear();
  v.cine = false;
  HttpRequest r;
  r.path = studyPath(pane) + "/series/" + pane.series[static_cast<std::size_t>(i)].uid + "/metadata";
  r.accept = kDicomJson;
  r.priority = 1000000;
  r.background = true;  // as the series list: the first frame's answer draws
  httpSend(std::move(r), [&app, p, uid = pane.studyUid, i](const HttpResponse& answer) {
    if (!stillShowing(app, p, uid, i)) return;
    Pane& page = app.viewer.panes[static_cast<std::size_t>(p)];
    page.loading = false;
    // No frame of this series will ask for the study's thumbnails: ask now.
    const auto thumbnailsAnyway = [&app, &page, p] {
      if (page.thumbnailsRequested) return;
      page.thumbnailsRequested = true;
      requestThumbnails(app, p);
    };
    if (!succeeded(app, answer, page.error)) return thumbnailsAnyway();
    page.images = imagesFrom(nlohmann::json::parse(answer.body, nullptr, false));
    if (isDocumentModality(page.series[static_cast<std::size_t>(i)].modality)) {
      page.documentSeries = true;
      for (const ImageInfo& image : page.images)
        if (image.frame == 1) page.documents.push_back({image.sopUid, "", "", "", true});
      page.images.clear();
      thumbnailsAnyway();
      return requestDocuments(app, p);
    }
    if (page.images.empty()) {
      page.error = app.t(T::ViewerNoImages);
      return thumbnailsAnyway();
    }
    const ImageInfo& first = page.images.front();
    if (first.windowWidth > 0) {
      page.center = first.windowCenter;
      page.width = first.windowWidth;
      page.windowSet = true;
    } else if (!first.voiLuts.empty()) {
      chooseLut(page, first, 0);  // no window in the file, a VOI LUT: that is how it is meant to look
    }
    // A prior opened to compare starts at the slice nearest the current one.
    if (p == 1 && app.viewer.linkScroll && syncableByPosition(app.viewer.panes[0].images, page.images)) {
      const Pane& current = app.viewer.panes[0];
      page.index = std::max(0, nearestSlice(page.images, current.images[static_cast<std::size_t>(current.index)].position));
    }
    keepFrames(app, p);
  });
}

void chooseLut(Pane& p, const ImageInfo& image, int k) {
  const VoiLut& lut = *image.voiLuts[static_cast<std::size_t>(k)];
  p.voiLut = k;
  p.width = std::max<double>(1, static_cast<double>(lut.data.size()));
  p.center = lut.first + p.width / 2;
  p.lutCenter = p.center;
  p.lutWidth = p.width;
  p.windowSet = true;
}

void dragWindow(Pane& p, double dx, double dy) {
  p.width = std::max(1.0, p.width + dx * p.width / 200.0);
  p.center += dy * p.width / 200.0;
  p.windowSet = true;
  p.voiLut = -1;
}

void keepFrames(App& app, int p) {
  ViewerPage& v = app.viewer;
  Pane& pane = v.panes[static_cast<std::size_t>(p)];
  const int n = static_cast<int>(pane.images.size());
  if (n == 0) return;
  // Over the cap: drop the least recently used (of this pane; the other keeps what it shows).
  if (v.cacheBytes > kFrameCacheBytes) {
    for (const int k : framesToEvict(pane.frames, v.cacheBytes, kFrameCacheBytes, pane.index)) {
      v.cacheBytes -= std::min(v.cacheBytes, pane.frames[k].bytes());
      pane.frames.erase(k);
      ++pane.evicted;
    }
  }
  // What is not held and not on its way is requested: the image on screen first, then outward.
  // While the cache is full, only the images near the one on screen are brought back.
  const bool full = v.cacheBytes + (std::size_t(8) << 20) > kFrameCacheBytes;
  const std::vector<int> order = outwardFrom(pane.index, n);
  for (std::size_t d = 0; d < order.size(); ++d) {
    if (full && d > 16) break;
    const int k = order[d];
    const auto f = pane.frames.find(k);
    if (f == pane.frames.end()) requestFrame(app, p, k, n - static_cast<int>(d) + (p == v.active ? n : 0));
  }
}

}  // namespace renkei::app
