// SPDX-License-Identifier: MIT
// The viewer's tools, natively (issue 11 §2–§4, R-VIEW-1): where image pixels land on screen
// through zoom, pan, turns and flips; orientation letters; lengths, angles and region values;
// slices of a prior matched by position; the frame cache's evictions; the request order.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "wasm-app/viewer/Gesture.h"
#include "wasm-app/viewer/Measurement.h"
#include "wasm-app/viewer/Stack.h"
#include "wasm-app/viewer/ViewGeometry.h"
#include "wasm-app/viewer/ViewerJson.h"

using namespace renkei::app;

namespace {
ViewGeometry box(int columns, int rows) {
  ViewGeometry g;
  g.columns = columns;
  g.rows = rows;
  g.boxOrigin = {100, 50};
  g.boxSize = {400, 200};
  return g;
}
void checkNear(Point a, Point b) {
  CHECK(a.x == Approx(b.x).margin(1e-9));
  CHECK(a.y == Approx(b.y).margin(1e-9));
}
}  // namespace

TEST_CASE("viewer geometry: the image fits its box, centred, then zoom and pan move it") {
  ViewGeometry g = box(100, 100);
  CHECK(g.fitScale() == Approx(2.0));  // the height limits: 200 / 100
  checkNear(g.toScreen({0, 0}), {200, 50});
  checkNear(g.toScreen({100, 100}), {400, 250});
  g.zoom = 2;
  g.pan = {10, -5};
  checkNear(g.toScreen({50, 50}), {310, 145});  // the centre stays at the centre, panned
  checkNear(g.toScreen({0, 0}), {110, -55});
  for (const Point p : {Point{0, 0}, Point{13.5, 77.25}, Point{100, 3}}) checkNear(g.toImage(g.toScreen(p)), p);
}

TEST_CASE("viewer geometry: a quarter turn clockwise and flips, and back") {
  ViewGeometry g = box(200, 100);  // wide image in a wide box
  g.quarterTurns = 1;
  // Turned, the image is 100 wide and 200 tall: the box height limits, 200 / 200.
  CHECK(g.fitScale() == Approx(1.0));
  const auto c = g.corners();
  checkNear(c[0], {350, 50});   // the image's top-left is now top-right
  checkNear(c[1], {350, 250});  // its top-right at the bottom-right
  checkNear(c[3], {250, 50});
  g.quarterTurns = 0;
  g.flipHorizontal = true;
  checkNear(g.toScreen({0, 0}), {500, 50});
  g.flipVertical = true;
  g.quarterTurns = 3;
  for (const Point p : {Point{0, 0}, Point{150, 20}, Point{7, 99}}) checkNear(g.toImage(g.toScreen(p)), p);
}

TEST_CASE("viewer orientation: the letters at the screen's edges follow the image and the view") {
  CHECK(directionLetters({1, 0, 0}) == "L");
  CHECK(directionLetters({-0.8, 0.5, 0}) == "RP");
  CHECK(directionLetters({0, 0, -1}) == "F");
  const std::array<double, 6> axial{1, 0, 0, 0, 1, 0};  // rows run to the patient's left, columns to posterior
  ViewGeometry g = box(10, 10);
  ScreenDirections d = screenDirections(axial, g);
  CHECK(d.right == "L");
  CHECK(d.left == "R");
  CHECK(d.bottom == "P");
  CHECK(d.top == "A");
  g.flipHorizontal = true;
  CHECK(screenDirections(axial, g).right == "R");
  g.flipHorizontal = false;
  g.quarterTurns = 1;  // turned clockwise: the image's top (anterior) is on the right
  d = screenDirections(axial, g);
  CHECK(d.right == "A");
  CHECK(d.bottom == "L");
  g.flipHorizontal = true;  // on screen, after the turn: right and left swap
  CHECK(screenDirections(axial, g).right == "P");
  CHECK(screenDirections(axial, g).bottom == "L");
  g.flipHorizontal = false;
  const std::array<double, 6> coronal{1, 0, 0, 0, 0, -1};
  CHECK(screenDirections(coronal, box(10, 10)).top == "H");
  CHECK(screenDirections({}, g).right.empty());  // no orientation: no letters
}

TEST_CASE("viewer measurements: length in mm from the pixel spacing, in pixels without one") {
  const Calibration square{0.5, 0.5, false}, oblong{2.0, 1.0, false}, none{};
  CHECK(lengthOf({0, 0}, {30, 40}, square) == Approx(25.0));
  CHECK(lengthOf({0, 0}, {30, 40}, none) == Approx(50.0));
  CHECK(lengthOf({0, 0}, {0, 10}, oblong) == Approx(20.0));  // rows 2 mm apart
  CHECK(lengthOf({0, 0}, {10, 0}, oblong) == Approx(10.0));
  CHECK_FALSE(none.calibrated());
}

TEST_CASE("viewer measurements: angles in physical space") {
  const Calibration square{1, 1, false};
  CHECK(angleDegrees({10, 0}, {0, 0}, {0, 10}, square) == Approx(90.0));
  CHECK(angleDegrees({10, 0}, {0, 0}, {10, 10}, square) == Approx(45.0));
  CHECK(angleDegrees({10, 0}, {0, 0}, {-10, 0}, square) == Approx(180.0));
  // Pixels twice as tall as wide: what looks like 45° in pixels is steeper in the body.
  CHECK(angleDegrees({10, 0}, {0, 0}, {10, 10}, Calibration{2, 1, false}) == Approx(63.43).margin(0.01));
  CHECK(angleDegrees({0, 0}, {0, 0}, {1, 1}, square) == 0.0);  // a degenerate angle is 0, not NaN
}

TEST_CASE("viewer measurements: values inside a rectangle and an ellipse") {
  // A 10 × 10 image: value = column index; 0.5 mm pixels.
  std::vector<float> values(100);
  for (int k = 0; k < 100; ++k) values[static_cast<std::size_t>(k)] = static_cast<float>(k % 10);
  const Calibration c{0.5, 0.5, false};
  const RegionStats r = regionStats(values, 10, 10, Tool::Rectangle, {2, 2}, {6, 4}, c);  // columns 2..5, rows 2..3
  CHECK(r.pixels == 8);
  CHECK(r.mean == Approx(3.5));
  CHECK(r.min == 2);
  CHECK(r.max == 5);
  CHECK(r.sd == Approx(1.1952).margin(1e-4));
  CHECK(r.area == Approx(2.0));  // 8 pixels × 0.25 mm²
  const RegionStats e = regionStats(values, 10, 10, Tool::Ellipse, {0, 0}, {10, 10}, c);
  CHECK(e.pixels > 60);
  CHECK(e.pixels < 100);  // the corners are outside
  CHECK(e.mean == Approx(4.5));  // symmetric
  // Corners in any order, partly outside the image; nothing inside gives zero pixels.
  CHECK(regionStats(values, 10, 10, Tool::Rectangle, {12, 4}, {8, 2}, c).pixels == 4);
  CHECK(regionStats(values, 10, 10, Tool::Rectangle, {20, 20}, {30, 30}, c).pixels == 0);
  CHECK(regionStats(values, 10, 10, Tool::Rectangle, {2, 2}, {2, 8}, c).pixels == 0);
  CHECK(regionStats({}, 10, 10, Tool::Rectangle, {0, 0}, {5, 5}, c).pixels == 0);  // no frame yet
}

TEST_CASE("viewer json: a multi-frame instance is one entry per frame, placed by its per-frame functional groups") {
  // An enhanced CT of three frames, given out of order by position; spacing and orientation shared.
  const auto enhanced = imagesFrom(nlohmann::json::parse(R"([{"00080018": {"Value": ["e"]}, "00280008": {"Value": ["3"]},
     "52009229": {"vr": "SQ", "Value": [{"00209116": {"vr": "SQ", "Value": [{"00200037": {"Value": [1, 0, 0, 0, 1, 0]}}]},
                                          "00289110": {"vr": "SQ", "Value": [{"00280030": {"Value": [0.5, 0.5]}, "00180050": {"Value": [2]}}]}}]},
     "52009230": {"vr": "SQ", "Value": [{"00209113": {"vr": "SQ", "Value": [{"00200032": {"Value": [0, 0, -4]}}]}},
                                         {"00209113": {"vr": "SQ", "Value": [{"00200032": {"Value": [0, 0, 0]}}]}},
                                         {"00209113": {"vr": "SQ", "Value": [{"00200032": {"Value": [0, 0, -2]}}]}}]}}])"));
  REQUIRE(enhanced.size() == 3);
  CHECK(enhanced[0].frame == 2);  // head first: z 0, -2, -4
  CHECK(enhanced[1].frame == 3);
  CHECK(enhanced[2].frame == 1);
  CHECK(enhanced[0].sopUid == "e");
  CHECK(enhanced[0].calibration.rowMm == Approx(0.5));
  CHECK(enhanced[0].sliceThickness == Approx(2));
  CHECK(enhanced[2].position == Approx(-4));
  // A cine (US/XA, or a secondary capture of two frames): in frame order, after the instance number.
  const auto cine = imagesFrom(nlohmann::json::parse(R"([{"00080018": {"Value": ["c"]}, "00200013": {"Value": [2]}, "00280008": {"Value": [2]}},
     {"00080018": {"Value": ["s"]}, "00200013": {"Value": [1]}}])"));
  REQUIRE(cine.size() == 3);
  CHECK(cine[0].sopUid == "s");
  CHECK(cine[1].frame == 1);
  CHECK(cine[2].frame == 2);
  CHECK(cine[2].sopUid == "c");
}

TEST_CASE("viewer json: every window the file offers, with its explanation, as presets") {
  const auto images = imagesFrom(nlohmann::json::parse(R"([{"00080018": {"Value": ["mr"]},
     "00281050": {"Value": ["300", "600"]}, "00281051": {"Value": ["800", "0"]}, "00281055": {"Value": ["T1 SOFT", "NONE"]}},
     {"00080018": {"Value": ["cr"]}, "00281050": {"Value": [2048, 1800]}, "00281051": {"Value": [4096, 2000]}}])"));
  REQUIRE(images.size() == 2);
  const auto& mr = images[0].sopUid == "mr" ? images[0] : images[1];
  const auto& cr = images[0].sopUid == "mr" ? images[1] : images[0];
  REQUIRE(mr.windows.size() == 1);  // a width of 0 is no window
  CHECK(mr.windows[0].explanation == "T1 SOFT");
  REQUIRE(cr.windows.size() == 2);
  CHECK(cr.windows[1].center == 1800);
  CHECK(cr.windows[1].width == 2000);
  CHECK(cr.windows[1].explanation.empty());
}

TEST_CASE("viewer json: Imager Pixel Spacing calibrates at the detector, Slice Thickness and Body Part are read") {
  const auto images = imagesFrom(nlohmann::json::parse(R"([{"00080018": {"Value": ["cr"]}, "00181164": {"Value": [0.15, 0.15]},
     "00180050": {"Value": ["2.5"]}, "00180015": {"Value": ["CHEST"]}}])"));
  REQUIRE(images.size() == 1);
  CHECK(images[0].calibration.calibrated());
  CHECK(images[0].calibration.atDetector);
  CHECK(images[0].calibration.rowMm == Approx(0.15));
  CHECK(images[0].sliceThickness == Approx(2.5));
  CHECK(images[0].bodyPart == "CHEST");
}

namespace {
ImageInfo axialAt(double z, const char* part = "CHEST") {
  ImageInfo i;
  i.orientation = {1, 0, 0, 0, 1, 0};
  i.position = z;
  i.hasPosition = true;
  i.bodyPart = part;
  return i;
}
}  // namespace

TEST_CASE("viewer comparison: the prior's slice nearest a position, and when stacks can scroll together") {
  const std::vector<ImageInfo> prior{axialAt(10), axialAt(5), axialAt(0), axialAt(-5)};
  CHECK(nearestSlice(prior, 6.0) == 1);
  CHECK(nearestSlice(prior, -100.0) == 3);
  CHECK(nearestSlice({}, 1.0) == -1);
  const std::vector<ImageInfo> current{axialAt(12), axialAt(9.5), axialAt(7)};
  CHECK(syncableByPosition(current, prior));
  CHECK_FALSE(syncableByPosition(current, {axialAt(3, "HEAD"), axialAt(1, "HEAD")}));  // another body part
  ImageInfo sagittal = axialAt(0);
  sagittal.orientation = {0, 1, 0, 0, 0, -1};
  CHECK_FALSE(syncableByPosition(current, {sagittal, sagittal}));
  ImageInfo flipped = axialAt(0);
  flipped.orientation = {1, 0, 0, 0, -1, 0};  // normal towards the feet: positions count the other way
  CHECK_FALSE(syncableByPosition(current, {flipped, flipped}));
  CHECK_FALSE(syncableByPosition(current, {axialAt(1)}));  // one image is no stack
}

TEST_CASE("viewer cache: the least recently used frames go first, never the one on screen") {
  std::map<int, Frame> frames;
  for (int k = 0; k < 5; ++k) {
    frames[k].values.assign(256, 0.0f);  // 1 KiB each
    frames[k].lastUsed = static_cast<std::uint64_t>(10 - k);  // 4 is the oldest
  }
  frames[5].loading = true;  // not arrived: nothing to drop
  CHECK(framesToEvict(frames, 5 * 1024, 5 * 1024, 0).empty());
  CHECK(framesToEvict(frames, 5 * 1024, 3 * 1024, 0) == std::vector<int>{4, 3});
  CHECK(framesToEvict(frames, 5 * 1024, 0, 4) == std::vector<int>{3, 2, 1, 0});
}

TEST_CASE("viewer requests: the image on screen first, then outward") {
  CHECK(outwardFrom(2, 5) == std::vector<int>{2, 3, 1, 4, 0});
  CHECK(outwardFrom(0, 3) == std::vector<int>{0, 1, 2});
  CHECK(outwardFrom(9, 3) == std::vector<int>{2, 1, 0});
  CHECK(outwardFrom(0, 0).empty());
}

TEST_CASE("viewer bedside: two fingers apart pinch, side by side drag the window, small moves wait") {
  const Point a0{100, 300}, b0{300, 300};
  // Not far enough to tell.
  CHECK(classifyTwoFingers(a0, b0, {104, 302}, {303, 298}, 12) == TwoFingers::Undecided);
  // Apart (and drifting a little): a pinch.
  CHECK(classifyTwoFingers(a0, b0, {80, 305}, {330, 305}, 12) == TwoFingers::Pinch);
  CHECK(classifyTwoFingers(a0, b0, {130, 300}, {270, 300}, 12) == TwoFingers::Pinch);  // together
  // Side by side, the distance kept: the window, across or down.
  CHECK(classifyTwoFingers(a0, b0, {140, 300}, {341, 300}, 12) == TwoFingers::Window);
  CHECK(classifyTwoFingers(a0, b0, {100, 250}, {300, 251}, 12) == TwoFingers::Window);
  // Moving together while spreading as much: a pinch (zoom wins over the window).
  CHECK(classifyTwoFingers(a0, b0, {110, 300}, {340, 300}, 12) == TwoFingers::Pinch);
}
