// SPDX-License-Identifier: MIT
// The image viewer's state (issue 11, R-VIEW-1..4): one study of the patient in a pane — its series,
// the images of the selected series in slice order, the frames that have arrived, how they are
// shown and what was measured on them — and, when comparing, a prior study of the same patient in a
// second pane. Like all patient data it is dropped when the viewer closes or the session ends.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "wasm-app/viewer/Colour.h"
#include "wasm-app/viewer/Measurement.h"
#include "wasm-app/viewer/ViewGeometry.h"

namespace renkei::app {

struct App;

struct SeriesInfo {
  std::string uid, modality, description;
  int number = 0, instances = 0;
};

/// A VOI LUT of the file (VOI LUT Sequence, PS3.3 C.11.2): modality values from `first` on, one
/// entry each, to grey levels of `bits` (the last entry for values above, the first below).
struct VoiLut {
  int first = 0;
  int bits = 16;
  std::vector<std::uint16_t> data;
  std::string explanation;
};

/// One image of a series as its DICOM JSON metadata describes it.
struct ImageInfo {
  std::string sopUid;
  int instanceNumber = 0;
  int frame = 1;  ///< the frame of a multi-frame instance (enhanced CT/MR, US/XA cine): one entry per frame
  int rows = 0, columns = 0, bitsAllocated = 16, bitsStored = 16, highBit = 15, samples = 1, planar = 0;
  bool isSigned = false;
  double slope = 1.0, intercept = 0.0;
  double windowCenter = 0.0, windowWidth = 0.0;  ///< width 0: none in the file
  struct Window {
    double center = 0, width = 0;
    std::string explanation;  ///< Window Center & Width Explanation, e.g. "BRAIN"
  };
  std::vector<Window> windows;  ///< every window the file offers (VOI presets), the first as above
  Calibration calibration;                       ///< Pixel Spacing, else Imager Pixel Spacing
  double sliceLocation = 0.0, sliceThickness = 0.0;
  double position = 0.0;  ///< along the slice normal (Image Position Patient)
  bool hasPosition = false;
  std::array<double, 6> orientation{};  ///< Image Orientation Patient (row, column); zeros: none
  std::string photometric, bodyPart;
  std::shared_ptr<const viewer::Palette> palette;  ///< PALETTE COLOR: red, green, blue tables
  std::vector<std::shared_ptr<const VoiLut>> voiLuts;  ///< the file's VOI LUTs, if any
};

/// A decoded frame: grey images in modality units (HU for CT, rescale applied), colour ones as
/// RGBA ready to show (window/level does not apply to them).
struct Frame {
  bool loading = false;
  std::string error;
  std::vector<float> values;         ///< rows × columns, grey; empty until it arrived
  std::vector<std::uint8_t> rgba;    ///< rows × columns × 4, colour
  std::string transferSyntax;        ///< as it travelled (decoded here when compressed)
  std::uint64_t lastUsed = 0;        ///< the viewer's clock when last shown or arrived (the cache's LRU order)
  bool arrived() const { return !values.empty() || !rgba.empty(); }
  std::size_t bytes() const { return values.size() * sizeof(float) + rgba.size(); }
};

/// What the grey shader needs to window the image on screen (viewer/GreyShader).
struct GreyWindow {
  float center = 40, width = 400;
  bool invert = false;
  int columns = 1, rows = 1;
  unsigned imageTexture = 0;
  unsigned lutTexture = 0;  ///< a VOI LUT instead of the linear window (uploadLut), when not 0
  float lutFirst = 0, lutEntries = 0, lutMax = 1;
};

/// One study on screen.
struct Pane {
  std::string studyUid, studyDate, studyDescription;
  std::vector<std::pair<std::int64_t, std::string>> reports;  ///< the study's reports (document id, title)
  bool loading = false;
  std::string error;
  std::vector<SeriesInfo> series;
  bool thumbnailsRequested = false;  ///< after the first frame's answer (Viewer.cpp)
  std::map<int, unsigned> thumbnails;  ///< series index → GL texture of its middle image (the server's thumbnail)
  int selected = -1;              ///< index into series
  std::vector<ImageInfo> images;  ///< the selected series, in slice order
  /// A series of documents (structured reports, key objects): their text, not images (issue 11 §10).
  bool documentSeries = false;
  struct Document {
    std::string sopUid, title, text, error;
    bool loading = true;
  };
  std::vector<Document> documents;
  std::map<int, Frame> frames;    ///< by image index
  int index = 0;                  ///< the image on screen
  double center = 40.0, width = 400.0;
  int voiLut = -1;                ///< the file's VOI LUT in use (ImageInfo::voiLuts), -1: the window
  double lutCenter = 0, lutWidth = 0;  ///< the window when the LUT was chosen: moving it leaves the LUT
  unsigned lutTexture = 0;        ///< that LUT on the GPU
  const VoiLut* lutUploaded = nullptr;
  bool windowSet = false;         ///< from the file or the user; else taken from the first frame
  bool invert = false;
  double zoom = 1.0;              ///< × the size that fits the box
  Point pan;                      ///< screen pixels from the box centre
  int quarterTurns = 0;           ///< clockwise
  bool flipHorizontal = false, flipVertical = false;
  ViewGeometry geometry;          ///< as last drawn
  std::vector<Measurement> measurements;
  int requested = 0, arrived = 0, evicted = 0;
  double openedAtMs = 0, firstFrameMs = -1;  ///< when the pane opened; first image on screen (ms after)
  unsigned texture = 0;    ///< the GL texture holding the image on screen (modality values, or RGBA)
  int textureIndex = -1;   ///< which image it holds
  int uploads = 0;         ///< texture uploads so far: window/level changes none (the shader windows)
  GreyWindow gpu;          ///< the window the shader applies this frame
  bool shown = false;      ///< the last frame drew the image on screen
};

struct ReportPanel {
  std::int64_t id = 0;
  bool loading = false;
  std::string error, title, text;
  std::vector<std::pair<std::string, std::string>> fields;
};

struct ViewerPage {
  std::array<Pane, 2> panes;      ///< [0] the study opened; [1] a prior, when comparing
  bool comparing = false;
  int active = 0;                 ///< the pane the tools and keys act on
  bool linkScroll = true, linkWindow = true;  ///< comparing: scroll by slice position, same W/L and zoom
  Tool tool = Tool::Window;
  std::vector<Point> placing;     ///< a measurement being drawn (image pixels), on the active pane
  bool cine = false;
  int fps = 10;
  double cineDueMs = 0;
  ReportPanel report;             ///< the opened study's report, beside the images
  bool reportOpen = true;
  bool choosingPrior = false;
  std::uint64_t clock = 0;        ///< frames drawn (the cache's LRU order)
  /// Decoding time in the browser by transfer syntax (frames, milliseconds): for bench/viewer.
  std::map<std::string, std::pair<int, double>> decoding;
  std::size_t cacheBytes = 0;     ///< decoded frames held, both panes
  // Bedside mode (R-VIEW-3): one series, large, simplified; leaving needs the session's PIN.
  bool bedside = false, settingPin = false;
  std::string pin, pinEntry, pinError;
  // Export (R-VIEW-4): the server's watermark, burnt into the next frame, which is then saved.
  std::string exportNotice, exportError, watermark;
  bool exporting = false;
  std::array<float, 4> captureBox{};  ///< x0, y0, x1, y1 in framebuffer pixels; set while drawing the watermark
  int exportedWidth = 0, exportedHeight = 0, exports = 0;
  // Touch (bedside): where the fingers were in the last frame.
  int touches = 0;
  Point touchA, touchB;
  Point twoStartA, twoStartB;  ///< where two fingers touched down; their gesture (Gesture.h)
  int twoFingers = 0;          ///< TwoFingers as int (Undecided, Pinch, Window)
};

/// Memory for decoded frames, both panes together (a 500-slice 512×512 CT fits: 500 MiB of floats).
constexpr std::size_t kFrameCacheBytes = std::size_t(640) << 20;

/// Structured reports, key object selections, presentation states, encapsulated documents: series
/// shown as text, not as images.
bool isDocumentModality(const std::string& modality);

/// Opens the viewer on one study of the patient on screen.
void openViewer(App& app, const std::string& studyUid);
/// Opens a prior study of the same patient beside the first (pane 1).
void openPrior(App& app, const std::string& studyUid);
void closePrior(App& app);
/// Shows series `i` of pane `p`: its metadata, then its frames (the one on screen first).
void selectSeries(App& app, int p, int i);
/// Brings image `index` of pane `p` back when the cache dropped it, and keeps the cache in its cap.
void keepFrames(App& app, int p);
/// Shows the file's VOI LUT `k` of `image` in pane `p`; the window is set to the range it maps,
/// where a drag starts from (and moving the window leaves the LUT).
void chooseLut(Pane& p, const ImageInfo& image, int k);
/// A drag of (dx, dy) screen pixels on the image (mouse, one finger or two side by side): across
/// widens the window, down raises its level, both in proportion to the width (200 px change it by
/// its own size); the file's VOI LUT is left for the linear window.
void dragWindow(Pane& p, double dx, double dy);
/// Asks the server for the export of the view on screen (audited, counted) and saves it as a PNG
/// with the watermark it names burnt in.
void exportView(App& app);
void drawViewerScreen(App& app);
/// Pane `p`'s image, overlay and measurements in the box at (x, y) of w × h framebuffer pixels,
/// and what the mouse does over it (the viewer and bedside screens).
void drawImagePane(App& app, int p, float x, float y, float w, float h);
/// Forgets the viewer's images and frees its textures (leaving the viewer, log-out).
void releaseViewer(App& app);

}  // namespace renkei::app
