// SPDX-License-Identifier: MIT
// The image viewer's state (issue 11, R-VIEW-1): one study of the patient, its series, the images
// of the selected series in slice order, the frames that have arrived, and how they are shown.
// Like all patient data it is dropped when the viewer closes or the session ends.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace renkei::app {

struct App;

struct SeriesInfo {
  std::string uid, modality, description;
  int number = 0, instances = 0;
};

/// One image of a series as its DICOM JSON metadata describes it.
struct ImageInfo {
  std::string sopUid;
  int instanceNumber = 0;
  int rows = 0, columns = 0, bitsAllocated = 16, bitsStored = 16, highBit = 15, samples = 1, planar = 0;
  bool isSigned = false;
  double slope = 1.0, intercept = 0.0;
  double windowCenter = 0.0, windowWidth = 0.0;  ///< width 0: none in the file
  double rowSpacing = 0.0, columnSpacing = 0.0;  ///< mm; 0: uncalibrated
  double sliceLocation = 0.0, position = 0.0;    ///< position: along the slice normal (Image Position Patient)
  bool hasPosition = false;
  std::string photometric;
};

/// A decoded frame: grey images in modality units (HU for CT, rescale applied), colour ones as
/// RGBA ready to show (window/level does not apply to them).
struct Frame {
  bool loading = false;
  std::string error;
  std::vector<float> values;         ///< rows × columns, grey; empty until it arrived
  std::vector<std::uint8_t> rgba;    ///< rows × columns × 4, colour
  std::string transferSyntax;        ///< as it travelled (decoded here when compressed)
  bool arrived() const { return !values.empty() || !rgba.empty(); }
};

struct ViewerPage {
  std::string studyUid, studyDate, studyDescription;
  bool loading = false;
  std::string error;
  std::vector<SeriesInfo> series;
  int selected = -1;  ///< index into series
  std::vector<ImageInfo> images;  ///< the selected series, in slice order
  std::map<int, Frame> frames;    ///< by image index
  int index = 0;                  ///< the image on screen
  double center = 40.0, width = 400.0;
  double zoom = 1.0;              ///< × the size that fits the screen
  float panX = 0, panY = 0;       ///< screen pixels from the centre
  bool invert = false;
  double fitScale = 1.0;          ///< screen pixels per image pixel when it fits (last frame)
  bool windowSet = false;        ///< from the file or the user; else taken from the first frame
  int requested = 0, arrived = 0;
  double openedAtMs = 0, firstFrameMs = -1;  ///< when the viewer opened; first image on screen (ms after)
  unsigned texture = 0;     ///< the GL texture holding the shown image
  int textureIndex = -1;    ///< which image and window it holds
  double textureCenter = 0, textureWidth = 0;
  bool textureInvert = false;
};

/// Opens the viewer on one study of the patient on screen.
void openViewer(App& app, const std::string& studyUid);
/// Shows series `i` of the study: its metadata, then its frames (the one on screen first).
void selectSeries(App& app, int i);
void drawViewerScreen(App& app);
/// Forgets the viewer's images and frees its texture (leaving the viewer, log-out).
void releaseViewer(App& app);

}  // namespace renkei::app
