// SPDX-License-Identifier: MIT
// Stack — arithmetic over a series' images in slice order (issue 11 §3, §4): which slice of a prior
// lies nearest a position, whether two series can scroll together by position, which decoded frames
// the memory cap drops (least recently used first, never the one on screen), and the requests'
// order (the image on screen first, then outward). Pure: tests/app runs it natively.
#pragma once

#include <cstddef>
#include <map>
#include <vector>

#include "wasm-app/viewer/Viewer.h"

namespace renkei::app {

/// The image whose position along the normal is nearest `position`; -1 when none has one.
int nearestSlice(const std::vector<ImageInfo>& images, double position);

/// Both series are stacks of axial images (normal along the body's head–foot axis) with positions,
/// of the same body part when both name one: scrolling one can move the other by position.
bool syncableByPosition(const std::vector<ImageInfo>& a, const std::vector<ImageInfo>& b);

/// The frames to drop so that `held` bytes fit `budget`: arrived frames, least recently used first,
/// never `keep` (the image on screen).
std::vector<int> framesToEvict(const std::map<int, Frame>& frames, std::size_t held, std::size_t budget, int keep);

/// The order to request `count` images in: `from` first, then outward, the nearer sooner.
std::vector<int> outwardFrom(int from, int count);

}  // namespace renkei::app
