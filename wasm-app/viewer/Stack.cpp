// SPDX-License-Identifier: MIT
#include "wasm-app/viewer/Stack.h"

#include <algorithm>
#include <cmath>

namespace renkei::app {
namespace {

/// The slice normal's head–foot component (Image Orientation Patient, row × column).
double normalZ(const ImageInfo& i) {
  const auto& o = i.orientation;
  return o[0] * o[4] - o[1] * o[3];
}

bool axial(const ImageInfo& i) { return i.hasPosition && std::fabs(normalZ(i)) > 0.9; }

}  // namespace

int nearestSlice(const std::vector<ImageInfo>& images, double position) {
  int best = -1;
  double distance = 0;
  for (int k = 0; k < static_cast<int>(images.size()); ++k) {
    const ImageInfo& i = images[static_cast<std::size_t>(k)];
    if (!i.hasPosition) continue;
    const double d = std::fabs(i.position - position);
    if (best < 0 || d < distance) {
      best = k;
      distance = d;
    }
  }
  return best;
}

bool syncableByPosition(const std::vector<ImageInfo>& a, const std::vector<ImageInfo>& b) {
  if (a.size() < 2 || b.size() < 2) return false;
  if (!std::all_of(a.begin(), a.end(), axial) || !std::all_of(b.begin(), b.end(), axial)) return false;
  if ((normalZ(a.front()) > 0) != (normalZ(b.front()) > 0)) return false;  // positions along opposite normals
  const std::string& pa = a.front().bodyPart;
  const std::string& pb = b.front().bodyPart;
  return pa.empty() || pb.empty() || pa == pb;
}

std::vector<int> framesToEvict(const std::map<int, Frame>& frames, std::size_t held, std::size_t budget, int keep) {
  std::vector<std::pair<std::uint64_t, int>> candidates;
  for (const auto& [k, f] : frames)
    if (k != keep && f.arrived()) candidates.push_back({f.lastUsed, k});
  std::sort(candidates.begin(), candidates.end());
  std::vector<int> out;
  for (const auto& [used, k] : candidates) {
    if (held <= budget) break;
    held -= std::min(held, frames.at(k).bytes());
    out.push_back(k);
  }
  return out;
}

std::vector<int> outwardFrom(int from, int count) {
  std::vector<int> out;
  if (count <= 0) return out;
  from = std::clamp(from, 0, count - 1);
  out.push_back(from);
  for (int d = 1; static_cast<int>(out.size()) < count; ++d) {
    if (from + d < count) out.push_back(from + d);
    if (from - d >= 0) out.push_back(from - d);
  }
  return out;
}

}  // namespace renkei::app
