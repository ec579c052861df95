// SPDX-License-Identifier: MIT
#include "wasm-app/patients/TrendPlot.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "wasm-app/Ui.h"

namespace renkei::app {
namespace {

constexpr ImU32 kAxis = IM_COL32(120, 124, 130, 255);
constexpr ImU32 kGrid = IM_COL32(220, 223, 228, 255);
constexpr ImU32 kBand = IM_COL32(46, 160, 67, 40);
constexpr ImU32 kBandEdge = IM_COL32(46, 160, 67, 140);
constexpr ImU32 kLine = IM_COL32(40, 90, 160, 255);
constexpr ImU32 kHigh = IM_COL32(200, 30, 30, 255);
constexpr ImU32 kLow = IM_COL32(30, 80, 200, 255);
constexpr ImU32 kNormal = IM_COL32(60, 64, 70, 255);
constexpr ImU32 kText = IM_COL32(60, 64, 70, 255);

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

ImU32 flagColour(const std::string& flag) {
  if (flag == "H" || flag == "HH") return kHigh;
  if (flag == "L" || flag == "LL") return kLow;
  return kNormal;
}

/// A "nice" step (1, 2 or 5 × 10^n) for about `count` ticks over `span`.
double niceStep(double span, int count) {
  const double raw = span / count;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double f = raw / magnitude;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * magnitude;
}

}  // namespace

void drawTrendPlot(const Trend& t, float height) {
  const float s = ui::scale();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 size(std::max(ImGui::GetContentRegionAvail().x, 200.0f * s), height);
  ImGui::InvisibleButton("##trend-plot", size);
  const bool hovered = ImGui::IsItemHovered() || ImGui::IsItemActive();
  ImDrawList* draw = ImGui::GetWindowDrawList();
  draw->AddRectFilled(origin, ImVec2(origin.x + size.x, origin.y + size.y), IM_COL32(255, 255, 255, 255), 4.0f * s);
  if (t.points.empty()) return;

  // Value range: the results and the reference range, with a margin.
  double lo = t.points.front().value, hi = lo;
  for (const auto& p : t.points) {
    lo = std::min(lo, p.value);
    hi = std::max(hi, p.value);
  }
  if (t.low) lo = std::min(lo, *t.low);
  if (t.high) hi = std::max(hi, *t.high);
  if (hi - lo < 1e-9) {
    lo -= 1;
    hi += 1;
  }
  const double step = niceStep(hi - lo, 4);
  lo = std::floor(lo / step) * step - step * 0.25;
  hi = std::ceil(hi / step) * step + step * 0.25;
  double first = t.points.front().day, last = t.points.back().day;
  if (last - first < 1) {
    first -= 15;
    last += 15;
  }
  const float left = origin.x + 64.0f * s, right = origin.x + size.x - 16.0f * s;
  const float top = origin.y + 12.0f * s, bottom = origin.y + size.y - 36.0f * s;
  const auto x = [&](double day) { return left + static_cast<float>((day - first) / (last - first)) * (right - left); };
  const auto y = [&](double v) { return bottom - static_cast<float>((v - lo) / (hi - lo)) * (bottom - top); };

  // Grid and value labels.
  for (double v = std::ceil(lo / step) * step; v <= hi; v += step) {
    draw->AddLine(ImVec2(left, y(v)), ImVec2(right, y(v)), kGrid, 1.0f * s);
    const std::string label = number(v);
    const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
    draw->AddText(ImVec2(left - ts.x - 8.0f * s, y(v) - ts.y * 0.5f), kText, label.c_str());
  }
  // The reference range as a band (open-ended ranges reach the edge).
  if (t.low || t.high) {
    const float bandTop = t.high ? y(*t.high) : top, bandBottom = t.low ? y(*t.low) : bottom;
    draw->AddRectFilled(ImVec2(left, bandTop), ImVec2(right, bandBottom), kBand);
    if (t.high) draw->AddLine(ImVec2(left, bandTop), ImVec2(right, bandTop), kBandEdge, 1.0f * s);
    if (t.low) draw->AddLine(ImVec2(left, bandBottom), ImVec2(right, bandBottom), kBandEdge, 1.0f * s);
  }
  draw->AddLine(ImVec2(left, bottom), ImVec2(right, bottom), kAxis, 1.0f * s);
  draw->AddLine(ImVec2(left, top), ImVec2(left, bottom), kAxis, 1.0f * s);
  // Dates: the first, the last and one in between.
  const auto dateLabel = [&](const Trend::Point& p, float align) {
    const std::string d = displayDate(p.time);
    const ImVec2 ts = ImGui::CalcTextSize(d.c_str());
    draw->AddText(ImVec2(std::clamp(x(p.day) - ts.x * align, origin.x, origin.x + size.x - ts.x), bottom + 8.0f * s), kText,
                  d.c_str());
  };
  dateLabel(t.points.front(), 0.0f);
  if (t.points.size() > 2) dateLabel(t.points[t.points.size() / 2], 0.5f);
  if (t.points.size() > 1) dateLabel(t.points.back(), 1.0f);

  // The line and the points; the nearest point to the pointer is highlighted with its value.
  for (std::size_t i = 1; i < t.points.size(); ++i)
    draw->AddLine(ImVec2(x(t.points[i - 1].day), y(t.points[i - 1].value)), ImVec2(x(t.points[i].day), y(t.points[i].value)),
                  kLine, 2.0f * s);
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const Trend::Point* nearest = nullptr;
  float best = 24.0f * s;
  for (const auto& p : t.points) {
    const ImVec2 c(x(p.day), y(p.value));
    draw->AddCircleFilled(c, 4.5f * s, flagColour(p.flag));
    const float d = std::fabs(c.x - mouse.x);
    if (hovered && d < best) {
      best = d;
      nearest = &p;
    }
  }
  if (nearest) {
    const ImVec2 c(x(nearest->day), y(nearest->value));
    draw->AddCircle(c, 9.0f * s, flagColour(nearest->flag), 0, 2.0f * s);
    ImGui::BeginTooltip();
    const std::string line = displayDate(nearest->time) + "  " + nearest->text + " " + t.unit +
                             (nearest->flag.empty() ? "" : "  " + nearest->flag);
    ui::text(line.c_str());
    ImGui::EndTooltip();
  }
}

}  // namespace renkei::app
