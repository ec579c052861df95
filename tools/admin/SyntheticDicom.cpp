// SPDX-License-Identifier: MIT
// SyntheticDicom — see SyntheticDicom.h. Images are painted in normalised coordinates
// (u, v in [-1, 1], u to the image's right = patient's left, v down = posterior for axial
// slices) with a few ellipses per structure, so 100 CT slices take a fraction of a second.
#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dctk.h"
#include "dcmtk/dcmdata/dcrleerg.h"
#include "dcmtk/dcmdata/dcrlerp.h"
#include "dcmtk/dcmjpeg/djencode.h"
#include "dcmtk/dcmjpeg/djrplol.h"
#include "dcmtk/dcmjpls/djencode.h"
#include "dcmtk/dcmjpls/djrparam.h"

#include "tools/admin/SyntheticDicom.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace renkei::tools {

namespace {

constexpr float kPi = 3.14159265358979f;

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error("synthetic DICOM: " + what); }

// ---------------------------------------------------------------------------------------------
// Validation and text

bool isAsciiText(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7f && c != '\\'; });
}

void requireAscii(const std::string& s, const char* what, std::size_t maxLen) {
  if (!isAsciiText(s)) fail(std::string(what) + " must be printable ASCII without '\\': '" + s + "'");
  if (s.size() > maxLen) fail(std::string(what) + " is longer than " + std::to_string(maxLen) + " characters");
}

bool isDate(const std::string& s) {
  if (s.size() != 8 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  const int m = std::stoi(s.substr(4, 2)), d = std::stoi(s.substr(6, 2));
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (c == sep) out.emplace_back();
    else out.back() += c;
  }
  return out;
}

/// "Alphabetic=Ideographic=Phonetic", the Japanese groups component by component in ISO-2022-JP.
std::string personName(const SyntheticPatient& p, bool japanese) {
  requireAscii(p.nameAlphabetic, "the alphabetic patient name", 64);
  if (p.nameAlphabetic.find('=') != std::string::npos) fail("the alphabetic patient name must not contain '='");
  if (!japanese) return p.nameAlphabetic;
  auto group = [](const std::string& utf8, const char* what) {
    if (utf8.find('=') != std::string::npos) fail(std::string(what) + " must not contain '='");
    std::string out;
    const auto parts = split(utf8, '^');
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "^" : "") + toIso2022Jp(parts[i]);
    if (out.size() > 64) fail(std::string(what) + " is longer than 64 bytes in ISO 2022 IR 87");
    return out;
  };
  std::string name = p.nameAlphabetic;
  const std::string kanji = group(p.nameKanji, "the Kanji patient name");
  const std::string kana = group(p.nameKana, "the Kana patient name");
  if (!kanji.empty() || !kana.empty()) name += "=" + kanji;
  if (!kana.empty()) name += "=" + kana;
  return name;
}

std::string fmt(const char* f, double a) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, a);
  return buf;
}

std::string fmt3(const char* f, double a, double b, double c) {
  char buf[128];
  std::snprintf(buf, sizeof buf, f, a, b, c);
  return buf;
}

// ---------------------------------------------------------------------------------------------
// Painting

float smoothstep(float a, float b, float x) {
  const float t = std::clamp((x - a) / (b - a), 0.0f, 1.0f);
  return t * t * (3 - 2 * t);
}

/// Deterministic noise: a 32-bit LCG, triangular-ish values in [-span, span].
struct Noise {
  std::uint32_t s;
  explicit Noise(std::uint32_t seed) : s(seed * 2654435761u + 12345u) {}
  int next(int span) {
    s = s * 1664525u + 1013904223u;
    const int a = static_cast<int>((s >> 8) & 0xff), b = static_cast<int>((s >> 20) & 0xff);
    return (a + b - 255) * span / 255;
  }
};

template <typename T>
struct Canvas {
  int n;
  float half;
  std::vector<T> px;
  explicit Canvas(int size, T fill) : n(size), half(size / 2.0f), px(static_cast<std::size_t>(size) * size, fill) {}
  float u(int x) const { return (x + 0.5f) / half - 1; }
  float v(int y) const { return (y + 0.5f) / half - 1; }

  /// Calls paint(pixel&, e) for every pixel inside the ellipse; e = normalised squared radius (0 centre, 1 edge).
  template <typename F>
  void ellipse(float cu, float cv, float ru, float rv, F&& paint) {
    if (ru <= 0 || rv <= 0) return;
    const int x0 = std::max(0, static_cast<int>(std::floor((cu - ru + 1) * half))),
              x1 = std::min(n - 1, static_cast<int>(std::ceil((cu + ru + 1) * half)));
    const int y0 = std::max(0, static_cast<int>(std::floor((cv - rv + 1) * half))),
              y1 = std::min(n - 1, static_cast<int>(std::ceil((cv + rv + 1) * half)));
    for (int y = y0; y <= y1; ++y) {
      const float dv = (v(y) - cv) / rv, dv2 = dv * dv;
      if (dv2 > 1) continue;
      T* row = px.data() + static_cast<std::size_t>(y) * n;
      for (int x = x0; x <= x1; ++x) {
        const float du = (u(x) - cu) / ru, e = du * du + dv2;
        if (e <= 1) paint(row[x], e);
      }
    }
  }
  void fillEllipse(float cu, float cv, float ru, float rv, T value) {
    ellipse(cu, cv, ru, rv, [value](T& p, float) { p = value; });
  }
};

// ---------------------------------------------------------------------------------------------
// CT chest phantom (HU). t = 0 at the lung apices, 1 in the upper abdomen; zFromTop in mm.

constexpr float kCtExtentMm = 300, kCtFovMm = 360;

void paintCtSlice(Canvas<std::int16_t>& c, float t, float zFromTop, float noduleRadiusMm) {
  const float mm = 2 / kCtFovMm;  // one millimetre in normalised units
  // Couch: a curved shell under the patient.
  for (int x = 0; x < c.n; ++x) {
    const float u = c.u(x);
    if (std::fabs(u) > 0.78f) continue;
    const float top = 0.64f + 0.06f * u * u;
    for (int y = 0; y < c.n; ++y) {
      const float v = c.v(y);
      if (v >= top && v < top + 0.022f) c.px[static_cast<std::size_t>(y) * c.n + x] = 220;
    }
  }
  const float bodyA = 0.74f + 0.08f * smoothstep(0, 0.35f, t), bodyB = 0.50f + 0.06f * smoothstep(0, 0.4f, t);
  const float v0 = 0.04f;
  c.fillEllipse(0, v0, bodyA, bodyB, -100);                 // subcutaneous fat
  c.fillEllipse(0, v0, bodyA * 0.93f, bodyB * 0.91f, 45);   // muscle, soft tissue
  const float sx = bodyA / 0.82f, sy = bodyB / 0.56f;
  // Lungs: grow from the apex, widest low in the chest, gone below the diaphragm.
  if (t > 0.02f && t < 0.84f) {
    const float tl = (t - 0.02f) / 0.82f, p = std::sqrt(std::sin(kPi * std::pow(tl, 0.7f)));
    for (float side : {-1.0f, 1.0f}) {
      const float cx = side * 0.35f * sx, rx = 0.28f * p * sx * (side > 0 ? 0.94f : 1.0f), ry = 0.42f * p * sy;
      c.fillEllipse(cx, v0 - 0.01f, rx, ry, -830);
    }
    // Pulmonary vessels: small dots drifting with z, only inside lung.
    for (int k = 0; k < 18; ++k) {
      const float side = (k % 2) ? 1.0f : -1.0f;
      const float a = 0.9f * k + zFromTop / 40.0f;
      const float cu = side * (0.33f + 0.15f * std::cos(a + k)) * sx;
      const float cv = v0 + 0.28f * std::sin(1.7f * a) * sy;
      const float r = (1.5f + (k % 3) * 0.7f) * mm;
      c.ellipse(cu, cv, r, r, [](std::int16_t& px, float) {
        if (px < -600) px = 35;
      });
    }
  }
  // Mediastinum: fat, trachea/bronchi, aorta, heart.
  if (t > 0.04f && t < 0.86f) c.fillEllipse(0, v0 - 0.05f, 0.12f * sx, 0.32f * sy, -90);
  if (t < 0.30f) {
    c.fillEllipse(0, v0 - 0.14f, 0.05f, 0.045f, 40);
    c.fillEllipse(0, v0 - 0.14f, 0.038f, 0.034f, -1000);
  } else if (t < 0.38f) {
    for (float side : {-1.0f, 1.0f}) c.fillEllipse(side * 0.06f, v0 - 0.10f, 0.03f, 0.028f, -1000);
  }
  if (t > 0.16f && t < 0.22f) c.fillEllipse(0.03f, v0 - 0.02f, 0.05f, 0.20f, 45);  // aortic arch
  if (t >= 0.22f && t < 0.46f) c.fillEllipse(0.0f, v0 - 0.18f, 0.055f, 0.055f, 45);  // ascending aorta
  if (t >= 0.20f) c.fillEllipse(0.09f, v0 + 0.15f, 0.05f, 0.05f, 45);                 // descending aorta
  if (t > 0.38f && t < 0.84f) {
    const float h = std::sqrt(std::sin(kPi * (t - 0.38f) / 0.46f));
    c.fillEllipse(0.08f, v0 - 0.10f, 0.29f * h * sx, 0.23f * h * sy, -90);  // epicardial fat
    c.fillEllipse(0.08f, v0 - 0.10f, 0.27f * h * sx, 0.21f * h * sy, 50);   // heart
  }
  // Upper abdomen: liver dome rises into the right lung base, stomach and spleen on the left.
  const float q = smoothstep(0.60f, 0.90f, t);
  if (q > 0) c.fillEllipse(-0.27f * sx, v0 + 0.02f, 0.47f * q * sx, 0.42f * q * sy, 60);
  const float q2 = smoothstep(0.72f, 0.95f, t);
  if (q2 > 0) {
    c.fillEllipse(0.30f * sx, v0 - 0.06f, 0.22f * q2, 0.19f * q2, 35);
    c.fillEllipse(0.30f * sx, v0 - 0.15f, 0.14f * q2, 0.07f * q2, -1000);
    c.fillEllipse(0.50f * sx, v0 + 0.24f, 0.12f * q2, 0.17f * q2, 50);
  }
  // Spine: vertebral body (a disc every 25 mm), posterior elements, canal.
  const float level = std::fmod(zFromTop + 1000.0f, 25.0f) / 25.0f;
  const std::int16_t vb = level < 0.18f ? 90 : 700;
  c.fillEllipse(0, v0 + 0.27f, 0.09f, 0.08f, vb);
  c.fillEllipse(0, v0 + 0.40f, 0.065f, 0.06f, 700);
  c.fillEllipse(0, v0 + 0.46f, 0.02f, 0.05f, 700);
  c.fillEllipse(0, v0 + 0.40f, 0.037f, 0.035f, 20);
  // Ribs along the chest wall; their oblique course makes each appear in a band of slices.
  if (t < 0.92f) {
    for (int k = 0; k < 24; ++k) {
      const float th = -kPi + (k + 0.5f) * 2 * kPi / 24;
      const float deg = th * 180 / kPi;
      if (std::fabs(deg + 90) < 22 || std::fabs(deg - 90) < 18) continue;  // sternum, spine
      if (std::sin(2 * kPi * zFromTop / 24.0f + 1.6f * th) < 0.15f) continue;
      c.fillEllipse(bodyA * 0.87f * std::cos(th), v0 + bodyB * 0.86f * std::sin(th), 0.028f, 0.02f, 650);
    }
  }
  if (t > 0.08f && t < 0.72f) c.fillEllipse(0, v0 - bodyB * 0.88f, 0.06f, 0.026f, 400);  // sternum
  // Nodule: a sphere in the right lung (image left), centred at 45 % of the extent, at
  // u = -0.40, v = -0.04 of the field of view (sx = 1 there).
  const float nz = zFromTop - 0.45f * kCtExtentMm, nr = noduleRadiusMm;
  if (std::fabs(nz) < nr) {
    const float r = std::sqrt(nr * nr - nz * nz) * mm;
    c.fillEllipse(-0.40f * sx, v0 - 0.08f, r, r, 30);
  }
}

// ---------------------------------------------------------------------------------------------
// MR brain (T1-like signal). t = 0 at the orbits, 1 at the vertex.

void paintMrSlice(Canvas<std::uint16_t>& c, float t, std::uint32_t seed) {
  const float s = std::sqrt(std::max(0.0f, 1 - std::pow((t - 0.25f) / 0.85f, 2.0f)));
  const float rx = 0.70f * s, ry = 0.84f * s, cy = 0.02f;
  Noise noise(seed);
  for (int y = 0; y < c.n; ++y) {
    for (int x = 0; x < c.n; ++x) {
      const float u = c.u(x), v = c.v(y);
      const float du = u / rx, dv = (v - cy) / ry;
      const float rho = std::sqrt(du * du + dv * dv);
      float val = 0;
      if (rho <= 1) {
        const float th = std::atan2(dv, du);
        const float gyri = 0.035f * std::sin(11 * th + 6 * t) + 0.02f * std::sin(23 * th - 4 * t);
        if (rho > 0.95f) val = 1100;                // scalp fat
        else if (rho > 0.89f) val = 90;             // skull
        else if (rho > 0.87f) val = 260;            // CSF
        else if (rho > 0.78f + gyri) val = 620;     // cortex
        else val = 880;                             // white matter
        // Deep grey nuclei in the mid slices.
        if (t > 0.30f && t < 0.55f) {
          for (float side : {-1.0f, 1.0f}) {
            const float a = (u - side * 0.16f) / 0.07f, b = (v + 0.02f) / 0.11f;
            if (a * a + b * b <= 1) val = 640;
          }
        }
        // Lateral ventricles (butterfly), third ventricle, interhemispheric fissure.
        if (t > 0.32f && t < 0.72f) {
          const float h = std::sin(kPi * (t - 0.32f) / 0.40f);
          for (float side : {-1.0f, 1.0f}) {
            const float cu = side * (0.07f + 0.05f * (v + 0.1f) * (v + 0.1f));
            const float a = (u - cu) / (0.035f + 0.02f * h), b = (v + 0.05f) / (0.30f * h + 0.02f);
            if (a * a + b * b <= 1) val = 230;
          }
        }
        if (t > 0.22f && t < 0.40f && std::fabs(u) < 0.012f && std::fabs(v - 0.03f) < 0.09f) val = 230;
        if (std::fabs(u) < 0.008f && rho > 0.3f && rho < 0.88f && (v < -0.2f || v > 0.45f)) val = 260;
      }
      // Orbits in the lowest slices.
      if (t < 0.16f) {
        const float e = std::sqrt(1 - t / 0.16f);
        for (float side : {-1.0f, 1.0f}) {
          const float a = (u - side * 0.25f) / (0.11f * e), b = (v + 0.62f) / (0.11f * e);
          const float r2 = a * a + b * b;
          if (r2 <= 1) val = r2 < 0.6f ? 180 : 1000;  // vitreous, orbital fat
        }
      }
      if (val > 0) val = val * (1.0f - 0.08f * v) + static_cast<float>(noise.next(40));  // coil shading
      else val = static_cast<float>(std::abs(noise.next(12)));
      c.px[static_cast<std::size_t>(y) * c.n + x] = static_cast<std::uint16_t>(std::clamp(val, 0.0f, 4095.0f));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// CR chest PA (12-bit, MONOCHROME2: attenuating = bright). Attenuation is a sum of projected
// thickness profiles, so edges fall off like a radiograph's.

void paintCrChest(Canvas<std::uint16_t>& c) {
  Noise noise(7);
  auto profile = [](float e) { return std::sqrt(std::max(0.0f, 1 - e)); };
  for (int y = 0; y < c.n; ++y) {
    for (int x = 0; x < c.n; ++x) {
      const float u = c.u(x), v = c.v(y), au = std::fabs(u);
      float a = 0;
      // Trunk with rounded shoulders and neck, a little narrower at the waist.
      const float w = 0.20f + 0.64f * smoothstep(-0.78f, -0.50f, v) - 0.05f * smoothstep(0.45f, 1.0f, v);
      if (au < w) a += 1.2f * profile((u / w) * (u / w));
      // Trachea: a dark column in the upper mediastinum.
      if (v < -0.22f) a -= 0.22f * profile((u / 0.035f) * (u / 0.035f)) * (1 - smoothstep(-0.35f, -0.22f, v));
      // Lungs lower the attenuation; their bases are cut by the diaphragm domes.
      for (float side : {-1.0f, 1.0f}) {
        const float cu = side * 0.36f, rx = side > 0 ? 0.27f : 0.29f;
        const float du = (u - cu) / rx, dv = (v + 0.02f) / 0.60f, e = du * du + dv * dv;
        const float dome = (side > 0 ? 0.40f : 0.36f) + 0.22f * du * du;
        if (e < 1 && v < dome) a -= 0.75f * profile(e) * smoothstep(0.0f, 0.06f, dome - v);
      }
      // Gas in the stomach under the left dome (image right).
      {
        const float du = (u - 0.32f) / 0.11f, dv = (v - 0.52f) / 0.06f;
        a -= 0.25f * profile(du * du + dv * dv);
      }
      // Mediastinum, heart (to the patient's left = image right), spine.
      a += 0.35f * profile(std::min(1.0f, (u / 0.12f) * (u / 0.12f))) * smoothstep(-0.80f, -0.60f, v) *
           (1 - smoothstep(0.30f, 0.50f, v));
      {
        const float du = (u - 0.09f) / 0.29f, dv = (v - 0.20f) / 0.23f;
        a += 0.7f * profile(du * du + dv * dv);
      }
      if (au < 0.065f) a += 0.5f * profile((u / 0.065f) * (u / 0.065f));
      // Posterior ribs run out from the spine and curve down at the chest wall; the fainter
      // anterior ribs run down towards the sternum. Clavicles on top.
      if (au > 0.07f && au < 0.80f && v < 0.50f) {
        const float s = (au - 0.07f) / 0.73f, fade = smoothstep(0.0f, 0.12f, s);
        for (int k = 0; k < 10; ++k) {
          const float d = v - (-0.62f + 0.105f * k - 0.05f * s + 0.22f * s * s * s);
          if (std::fabs(d) < 0.018f) a += 0.20f * fade * profile((d / 0.018f) * (d / 0.018f));
          if (s > 0.3f && k < 6) {
            const float da = v - (-0.52f + 0.12f * k + 0.24f * (1 - s));
            if (std::fabs(da) < 0.02f) a += 0.08f * profile((da / 0.02f) * (da / 0.02f));
          }
        }
      }
      if (au > 0.05f && au < 0.58f) {
        const float d = v - (-0.62f - 0.14f * (au - 0.05f) + 0.04f * std::sin(kPi * (au - 0.05f) / 0.53f));
        if (std::fabs(d) < 0.024f) a += 0.45f * profile((d / 0.024f) * (d / 0.024f));
      }
      // Diaphragm and abdomen below the lungs are soft tissue already in the trunk term.
      float val = a <= 0.02f ? 180 : 180 + 3600 * (1 - std::exp(-1.3f * a));
      val += static_cast<float>(noise.next(30));
      c.px[static_cast<std::size_t>(y) * c.n + x] = static_cast<std::uint16_t>(std::clamp(val, 0.0f, 4095.0f));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// DXA AP lumbar spine (8-bit), with the analysis outline burned in as lines (no text):
// the L1-L4 region box and the intervertebral lines.

void paintDxaSpine(Canvas<std::uint8_t>& c) {
  Noise noise(11);
  const float top = -0.86f, pitch = 0.34f, height = 0.27f;  // L1 .. L5
  for (int y = 0; y < c.n; ++y) {
    for (int x = 0; x < c.n; ++x) {
      const float u = c.u(x), v = c.v(y), au = std::fabs(u);
      float val = 30 + 25 * std::sqrt(std::max(0.0f, 1 - u * u / 0.9f));  // soft tissue
      // Iliac crests low, lowest ribs high.
      const float crest = 0.95f - 0.5f * std::pow(std::max(0.0f, au - 0.35f) / 0.6f, 0.7f) + 0.25f;
      if (au > 0.35f && v > crest && v < crest + 0.12f) val += 90;
      if (au > 0.35f && v > crest + 0.12f) val += 45;
      if (au > 0.25f && std::fabs(v - (-0.95f + 0.25f * (au - 0.25f))) < 0.03f) val += 60;
      for (int k = 0; k < 5; ++k) {
        const float vc = top + height / 2 + k * pitch, dv = (v - vc) / (height / 2);
        if (std::fabs(dv) > 1) continue;
        const float hw = 0.17f + 0.013f * k - 0.02f * (1 - dv * dv);  // concave waist
        if (au < hw) {
          const float edge = std::min(1.0f, (hw - au) / 0.05f);
          val += 90 + 40 * (1 - edge) + 10 * (1 - std::fabs(dv));  // cortical rim brighter
        }
        if (std::fabs(dv) < 0.22f && au >= hw && au < 0.36f + 0.01f * k) val += 50;  // transverse processes
        for (float side : {-1.0f, 1.0f}) {
          const float a = (u - side * (hw - 0.06f)) / 0.045f, b = (v - vc + 0.05f) / 0.07f;
          if (a * a + b * b <= 1) val += 45;  // pedicles
        }
        if (au < 0.03f && dv > 0.0f) val += 30;  // spinous process
      }
      val += static_cast<float>(noise.next(5));
      c.px[static_cast<std::size_t>(y) * c.n + x] = static_cast<std::uint8_t>(std::clamp(val, 0.0f, 254.0f));
    }
  }
  auto px = [&](float u, float v) -> std::uint8_t* {
    const int x = static_cast<int>((u + 1) * c.half), y = static_cast<int>((v + 1) * c.half);
    if (x < 0 || y < 0 || x >= c.n || y >= c.n) return nullptr;
    return &c.px[static_cast<std::size_t>(y) * c.n + x];
  };
  auto line = [&](float u0, float v0, float u1, float v1) {
    const int steps = 2 * c.n;
    for (int i = 0; i <= steps; ++i) {
      const float f = static_cast<float>(i) / steps;
      if (auto* p = px(u0 + (u1 - u0) * f, v0 + (v1 - v0) * f)) *p = 255;
    }
  };
  const float l = -0.30f, r = 0.30f, t = top - 0.03f, b = top + 3 * pitch + height + 0.03f;
  line(l, t, r, t);
  line(l, b, r, b);
  line(l, t, l, b);
  line(r, t, r, b);
  for (int k = 1; k < 4; ++k) {
    const float vd = top + k * pitch - (pitch - height) / 2;
    line(l, vd, r, vd);
  }
}

// ---------------------------------------------------------------------------------------------
// DICOM

struct Codecs {
  Codecs() {
    DJEncoderRegistration::registerCodecs();
    // Raw (not "cooked") JPEG-LS encoding: the stored bits as they are, without dcmimgle.
    DJLSEncoderRegistration::registerCodecs(0, 0, 0, 0, OFFalse);
    DcmRLEEncoderRegistration::registerCodecs();
  }
  ~Codecs() {
    DcmRLEEncoderRegistration::cleanup();
    DJLSEncoderRegistration::cleanup();
    DJEncoderRegistration::cleanup();
  }
};

void ensureCodecs() { static Codecs codecs; }

struct Syntax {
  E_TransferSyntax xfer;
  std::unique_ptr<DcmRepresentationParameter> param;  // null = uncompressed
};

Syntax syntaxFor(const std::string& name) {
  if (name.empty() || name == "explicit") return {EXS_LittleEndianExplicit, nullptr};
  if (name == "implicit") return {EXS_LittleEndianImplicit, nullptr};
  if (name == "deflate") return {EXS_DeflatedLittleEndianExplicit, nullptr};
  if (name == "jpeg-lossless") return {EXS_JPEGProcess14SV1, std::make_unique<DJ_RPLossless>(1, 0)};
  if (name == "jpeg-ls") return {EXS_JPEGLSLossless, std::make_unique<DJLSRepresentationParameter>(2, OFTrue)};
  if (name == "rle") return {EXS_RLELossless, std::make_unique<DcmRLERepresentationParameter>()};
  fail("unknown transfer syntax '" + name + "' (explicit, implicit, jpeg-lossless, jpeg-ls, rle, deflate)");
}

void check(const OFCondition& c, const char* what) {
  if (c.bad()) fail(std::string(what) + ": " + c.text());
}

void put(DcmDataset& ds, const DcmTagKey& tag, const std::string& value) {
  check(ds.putAndInsertString(DcmTag(tag), value.c_str()), DcmTag(tag).getTagName());
}

void putU16(DcmDataset& ds, const DcmTagKey& tag, Uint16 value) {
  check(ds.putAndInsertUint16(DcmTag(tag), value), DcmTag(tag).getTagName());
}

std::string newUid(const char* root) {
  char buf[100];
  return dcmGenerateUniqueIdentifier(buf, root);
}

/// Today's date and the time now in Japan (the hospital's calendar).
std::pair<std::string, std::string> nowJst() {
  const std::time_t t = std::time(nullptr) + 9 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char d[16], h[16];
  std::strftime(d, sizeof d, "%Y%m%d", &tm);
  std::strftime(h, sizeof h, "%H%M%S", &tm);
  return {d, h};
}

struct StudyContext {
  std::string patientName, studyUid, seriesUid, frameUid, date, time, accession, description;
};

void putCommon(DcmDataset& ds, const SyntheticStudySpec& spec, const StudyContext& st, const char* sopClass,
               const char* modality, const std::string& seriesDescription, int instance) {
  if (spec.japaneseNames) put(ds, DCM_SpecificCharacterSet, "\\ISO 2022 IR 87");
  put(ds, DCM_ImageType, modality == std::string("BMD") ? "DERIVED\\SECONDARY" : "ORIGINAL\\PRIMARY");
  put(ds, DCM_SOPClassUID, sopClass);
  put(ds, DCM_SOPInstanceUID, newUid(SITE_INSTANCE_UID_ROOT));
  put(ds, DCM_StudyDate, st.date);
  put(ds, DCM_SeriesDate, st.date);
  put(ds, DCM_ContentDate, st.date);
  put(ds, DCM_StudyTime, st.time);
  put(ds, DCM_SeriesTime, st.time);
  put(ds, DCM_ContentTime, st.time);
  put(ds, DCM_AccessionNumber, st.accession);
  put(ds, DCM_Modality, modality);
  put(ds, DCM_Manufacturer, "Renkei");
  put(ds, DCM_ManufacturerModelName, "SyntheticDicom");
  put(ds, DCM_InstitutionName, "Renkei Hospital");
  put(ds, DCM_ReferringPhysicianName, "");
  put(ds, DCM_StudyDescription, st.description);
  put(ds, DCM_SeriesDescription, seriesDescription);
  put(ds, DCM_PatientName, st.patientName);
  put(ds, DCM_PatientID, spec.patient.id);
  put(ds, DCM_PatientBirthDate, spec.patient.birthDate);
  put(ds, DCM_PatientSex, spec.patient.sex);
  put(ds, DCM_StudyInstanceUID, st.studyUid);
  put(ds, DCM_SeriesInstanceUID, st.seriesUid);
  put(ds, DCM_StudyID, st.accession.substr(0, 16));
  put(ds, DCM_SeriesNumber, "1");
  put(ds, DCM_InstanceNumber, std::to_string(instance));
  putU16(ds, DCM_SamplesPerPixel, 1);
}

void putPixels16(DcmDataset& ds, int n, const std::vector<std::uint16_t>& px, Uint16 stored, bool isSigned,
                 const char* photometric = "MONOCHROME2") {
  put(ds, DCM_PhotometricInterpretation, photometric);
  putU16(ds, DCM_Rows, static_cast<Uint16>(n));
  putU16(ds, DCM_Columns, static_cast<Uint16>(n));
  putU16(ds, DCM_BitsAllocated, 16);
  putU16(ds, DCM_BitsStored, stored);
  putU16(ds, DCM_HighBit, static_cast<Uint16>(stored - 1));
  putU16(ds, DCM_PixelRepresentation, isSigned ? 1 : 0);
  check(ds.putAndInsertUint16Array(DCM_PixelData, px.data(), static_cast<unsigned long>(px.size())), "PixelData");
}

std::filesystem::path save(DcmFileFormat& ff, const Syntax& syntax, const std::filesystem::path& dir) {
  DcmDataset* ds = ff.getDataset();
  if (syntax.param) {
    ensureCodecs();
    check(ds->chooseRepresentation(syntax.xfer, syntax.param.get()), "compressing the pixel data");
    if (!ds->canWriteXfer(syntax.xfer))
      fail(std::string("cannot write transfer syntax ") + DcmXfer(syntax.xfer).getXferName());
  }
  OFString uid;
  check(ds->findAndGetOFString(DCM_SOPInstanceUID, uid), "SOPInstanceUID");
  const std::filesystem::path path = dir / (std::string(uid.c_str()) + ".dcm");
  const OFCondition c = ff.saveFile(path.c_str(), syntax.xfer);
  if (c.bad()) fail("cannot write " + path.string() + ": " + c.text());
  return path;
}

void putAxialGeometry(DcmDataset& ds, int n, double fovMm, double thickness, double z, const StudyContext& st) {
  const double spacing = fovMm / n, origin = -fovMm / 2 + spacing / 2;
  put(ds, DCM_FrameOfReferenceUID, st.frameUid);
  put(ds, DCM_PositionReferenceIndicator, "");
  put(ds, DCM_PatientPosition, "HFS");
  put(ds, DCM_PixelSpacing, fmt("%.6g", spacing) + "\\" + fmt("%.6g", spacing));
  put(ds, DCM_SliceThickness, fmt("%.6g", thickness));
  put(ds, DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0");
  put(ds, DCM_ImagePositionPatient, fmt3("%.4f\\%.4f\\%.4f", origin, origin, z));
  put(ds, DCM_SliceLocation, fmt("%.4f", z));
}

}  // namespace

std::string toIso2022Jp(const std::string& utf8) {
  if (utf8.empty()) return {};
  iconv_t cd = iconv_open("ISO-2022-JP", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) fail("iconv cannot convert UTF-8 to ISO-2022-JP");
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t inLeft = utf8.size(), outLeft = out.size();
  char* o = out.data();
  const std::size_t r = iconv(cd, &in, &inLeft, &o, &outLeft);
  const int err = errno;
  const std::size_t flushed = r == static_cast<std::size_t>(-1) ? r : iconv(cd, nullptr, nullptr, &o, &outLeft);
  iconv_close(cd);
  if (r == static_cast<std::size_t>(-1) || flushed == static_cast<std::size_t>(-1)) {
    if (err == EILSEQ)
      fail("'" + utf8 + "' has a character that ISO 2022 IR 87 (JIS X 0208) cannot encode (half-width kana, rare kanji?)");
    fail("'" + utf8 + "' is not valid UTF-8");
  }
  out.resize(out.size() - outLeft);
  // Only ASCII and JIS X 0208 (ESC $ B ... ESC ( B) belong in ISO 2022 IR 87 text.
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i] != '\x1b') continue;
    const std::string seq = out.substr(i + 1, 2);
    if (seq != "$B" && seq != "(B") fail("'" + utf8 + "' needs a character set other than JIS X 0208");
  }
  if (out.find('\\') != std::string::npos && out.find('\x1b') == std::string::npos)
    fail("a patient name must not contain '\\'");
  return out;
}

std::vector<std::filesystem::path> writeSyntheticStudy(const SyntheticStudySpec& spec, const std::filesystem::path& dir) {
  // Validate everything before writing anything.
  requireAscii(spec.patient.id, "the patient ID", 64);
  if (spec.patient.id.empty()) fail("the patient ID is empty");
  if (!spec.patient.sex.empty() && spec.patient.sex != "M" && spec.patient.sex != "F" && spec.patient.sex != "O")
    fail("patient sex must be M, F, O or empty");
  if (!spec.patient.birthDate.empty() && !isDate(spec.patient.birthDate)) fail("birth date must be YYYYMMDD");
  if (!spec.studyDate.empty() && !isDate(spec.studyDate)) fail("study date must be YYYYMMDD");
  requireAscii(spec.accessionNumber, "the accession number", 16);
  requireAscii(spec.studyDescription, "the study description (keep it ASCII)", 64);
  if (spec.slices < 0 || spec.slices > 2000) fail("slices must be between 1 and 2000");
  if (spec.size != 0 && (spec.size < 32 || spec.size > 2048)) fail("size must be between 32 and 2048");
  const Syntax syntax = syntaxFor(spec.transferSyntax);

  const auto [today, timeNow] = nowJst();
  StudyContext st;
  st.patientName = personName(spec.patient, spec.japaneseNames);
  st.studyUid = spec.studyUid.empty() ? newUid(SITE_STUDY_UID_ROOT) : spec.studyUid;
  st.seriesUid = newUid(SITE_SERIES_UID_ROOT);
  st.frameUid = newUid(SITE_SERIES_UID_ROOT);
  st.date = spec.studyDate.empty() ? today : spec.studyDate;
  st.time = timeNow;
  st.accession = spec.accessionNumber;
  if (st.accession.empty()) {
    std::random_device rd;
    st.accession = "S" + st.date.substr(2) + std::to_string(1000 + rd() % 9000);
  }

  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) fail("cannot create " + dir.string() + ": " + ec.message());
  std::vector<std::filesystem::path> files;

  switch (spec.kind) {
    case SyntheticKind::CtChestPhantom: {
      const int n = spec.size ? spec.size : 256, slices = spec.slices ? spec.slices : 100;
      const double thickness = kCtExtentMm / slices, zTop = -40.0;
      st.description = spec.studyDescription.empty() ? "CT Chest" : spec.studyDescription;
      Canvas<std::int16_t> hu(n, -1000);
      std::vector<std::uint16_t> px(static_cast<std::size_t>(n) * n);
      for (int i = 0; i < slices; ++i) {
        const float fromTop = static_cast<float>((i + 0.5) * thickness);
        std::fill(hu.px.begin(), hu.px.end(), static_cast<std::int16_t>(-1000));
        paintCtSlice(hu, fromTop / kCtExtentMm, fromTop, static_cast<float>((spec.noduleMm > 0 ? spec.noduleMm : 14.0) / 2));
        Noise noise(static_cast<std::uint32_t>(i + 1));
        for (std::size_t k = 0; k < px.size(); ++k) {
          const int v = std::clamp(hu.px[k] + noise.next(14), -1024, 3071);
          px[k] = static_cast<std::uint16_t>(static_cast<std::int16_t>(v + 1024));  // stored = HU + 1024 (signed)
        }
        DcmFileFormat ff;
        DcmDataset& ds = *ff.getDataset();
        putCommon(ds, spec, st, UID_CTImageStorage, "CT", fmt("Chest %.3g mm", thickness), i + 1);
        put(ds, DCM_ImageType, "ORIGINAL\\PRIMARY\\AXIAL");
        put(ds, DCM_BodyPartExamined, "CHEST");
        put(ds, DCM_KVP, "120");
        put(ds, DCM_AcquisitionNumber, "1");
        put(ds, DCM_ConvolutionKernel, "STANDARD");
        putAxialGeometry(ds, n, kCtFovMm, thickness, zTop - (i + 0.5) * thickness, st);
        put(ds, DCM_RescaleIntercept, "-1024");
        put(ds, DCM_RescaleSlope, "1");
        put(ds, DCM_RescaleType, "HU");
        put(ds, DCM_WindowCenter, "40\\-600");
        put(ds, DCM_WindowWidth, "400\\1500");
        put(ds, DCM_WindowCenterWidthExplanation, "MEDIASTINUM\\LUNG");
        putPixels16(ds, n, px, 16, true);
        files.push_back(save(ff, syntax, dir));
      }
      break;
    }
    case SyntheticKind::MrBrain: {
      const int n = spec.size ? spec.size : 192, slices = spec.slices ? spec.slices : 20;
      const double extent = 130, thickness = extent / slices, fov = 240, zTop = -10.0;
      st.description = spec.studyDescription.empty() ? "MR Brain" : spec.studyDescription;
      Canvas<std::uint16_t> img(n, 0);
      for (int i = 0; i < slices; ++i) {
        const double fromBottom = (i + 0.5) * thickness;
        paintMrSlice(img, static_cast<float>(fromBottom / extent), static_cast<std::uint32_t>(i + 101));
        DcmFileFormat ff;
        DcmDataset& ds = *ff.getDataset();
        putCommon(ds, spec, st, UID_MRImageStorage, "MR", "Ax T1 SE", i + 1);
        put(ds, DCM_ImageType, "ORIGINAL\\PRIMARY\\M\\ND");
        put(ds, DCM_BodyPartExamined, "HEAD");
        put(ds, DCM_ScanningSequence, "SE");
        put(ds, DCM_SequenceVariant, "NONE");
        put(ds, DCM_ScanOptions, "");
        put(ds, DCM_MRAcquisitionType, "2D");
        put(ds, DCM_RepetitionTime, "500");
        put(ds, DCM_EchoTime, "12");
        put(ds, DCM_EchoTrainLength, "1");
        put(ds, DCM_MagneticFieldStrength, "1.5");
        put(ds, DCM_SpacingBetweenSlices, fmt("%.6g", thickness));
        put(ds, DCM_AcquisitionNumber, "1");
        // Slices go from the skull base up: z increases (LPS, +z = head).
        putAxialGeometry(ds, n, fov, thickness, zTop + fromBottom, st);
        put(ds, DCM_WindowCenter, "600");
        put(ds, DCM_WindowWidth, "1200");
        putPixels16(ds, n, img.px, 12, false);
        files.push_back(save(ff, syntax, dir));
      }
      break;
    }
    case SyntheticKind::CrChest: {
      const int n = spec.size ? spec.size : 512;
      st.description = spec.studyDescription.empty() ? "Chest X-ray" : spec.studyDescription;
      Canvas<std::uint16_t> img(n, 0);
      paintCrChest(img);
      DcmFileFormat ff;
      DcmDataset& ds = *ff.getDataset();
      putCommon(ds, spec, st, UID_ComputedRadiographyImageStorage, "CR", "Chest PA", 1);
      put(ds, DCM_BodyPartExamined, "CHEST");
      put(ds, DCM_ViewPosition, "PA");
      put(ds, DCM_PatientOrientation, "L\\F");
      put(ds, DCM_KVP, "120");
      const double spacing = 430.0 / n;
      put(ds, DCM_ImagerPixelSpacing, fmt("%.6g", spacing) + "\\" + fmt("%.6g", spacing));
      put(ds, DCM_WindowCenter, "2000");
      put(ds, DCM_WindowWidth, "3800");
      putPixels16(ds, n, img.px, 12, false);
      files.push_back(save(ff, syntax, dir));
      break;
    }
    case SyntheticKind::DxaReport: {
      // Modality "BMD" (Bone Mineral Densitometry) is DICOM's defined term for DXA (PS3.3
      // C.7.3.1.1.1); "OT" would say nothing. The SOP class is Secondary Capture, as DXA
      // scanners send their analysis images, and ConversionType "SYN" says it is synthetic.
      const int n = spec.size ? spec.size : 256;
      st.description = spec.studyDescription.empty() ? "Bone densitometry (DXA)" : spec.studyDescription;
      Canvas<std::uint8_t> img(n, 0);
      paintDxaSpine(img);
      DcmFileFormat ff;
      DcmDataset& ds = *ff.getDataset();
      putCommon(ds, spec, st, UID_SecondaryCaptureImageStorage, "BMD", "AP Spine L1-L4", 1);
      put(ds, DCM_ConversionType, "SYN");
      put(ds, DCM_BodyPartExamined, "LSPINE");
      put(ds, DCM_PatientOrientation, "L\\F");
      put(ds, DCM_BurnedInAnnotation, "NO");  // the burned-in region lines carry no text
      put(ds, DCM_PhotometricInterpretation, "MONOCHROME2");
      putU16(ds, DCM_Rows, static_cast<Uint16>(n));
      putU16(ds, DCM_Columns, static_cast<Uint16>(n));
      putU16(ds, DCM_BitsAllocated, 8);
      putU16(ds, DCM_BitsStored, 8);
      putU16(ds, DCM_HighBit, 7);
      putU16(ds, DCM_PixelRepresentation, 0);
      check(ds.putAndInsertUint8Array(DCM_PixelData, img.px.data(), static_cast<unsigned long>(img.px.size())),
            "PixelData");
      files.push_back(save(ff, syntax, dir));
      break;
    }
  }
  return files;
}

const char* const kSynthesizeDicomUsage =
    "usage: renkei-admin synthesize-dicom --out DIR --patient ID --kind ct|mr|cr|dxa [--date YYYYMMDD]\n"
    "         [--slices N] [--size N] [--nodule-mm N (CT)] [--syntax explicit|implicit|jpeg-lossless|jpeg-ls|rle|deflate]\n"
    "         [--name Yamada^Tarou] [--name-kanji 山田^太郎] [--name-kana やまだ^たろう]\n"
    "         [--accession A] [--sex M|F|O] [--birth-date YYYYMMDD] [--description TEXT]\n";

int synthesizeDicomCommand(const std::vector<std::string>& args) {
  SyntheticStudySpec spec;
  std::string out, kind;
  bool nameGiven = false;
  auto toInt = [](const std::string& s, const std::string& opt) {
    std::size_t used = 0;
    int v = 0;
    try {
      v = std::stoi(s, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != s.size() || v < 1) throw std::invalid_argument(opt + " needs a positive number, not '" + s + "'");
    return v;
  };
  try {
    for (std::size_t i = 0; i < args.size(); i += 2) {
      const std::string& opt = args[i];
      if (i + 1 >= args.size()) throw std::invalid_argument(opt + " needs a value");
      const std::string& val = args[i + 1];
      if (opt == "--out") out = val;
      else if (opt == "--patient") spec.patient.id = val;
      else if (opt == "--kind") kind = val;
      else if (opt == "--date") spec.studyDate = val;
      else if (opt == "--slices") spec.slices = toInt(val, opt);
      else if (opt == "--nodule-mm") spec.noduleMm = toInt(val, opt);
      else if (opt == "--size") spec.size = toInt(val, opt);
      else if (opt == "--syntax") spec.transferSyntax = val;
      else if (opt == "--name") spec.patient.nameAlphabetic = val, nameGiven = true;
      else if (opt == "--name-kanji") spec.patient.nameKanji = val;
      else if (opt == "--name-kana") spec.patient.nameKana = val;
      else if (opt == "--accession") spec.accessionNumber = val;
      else if (opt == "--sex") spec.patient.sex = val;
      else if (opt == "--birth-date") spec.patient.birthDate = val;
      else if (opt == "--description") spec.studyDescription = val;
      else throw std::invalid_argument("unknown option " + opt);
    }
    if (out.empty() || spec.patient.id.empty() || kind.empty())
      throw std::invalid_argument("--out, --patient and --kind are required");
    if (kind == "ct") spec.kind = SyntheticKind::CtChestPhantom;
    else if (kind == "mr") spec.kind = SyntheticKind::MrBrain;
    else if (kind == "cr") spec.kind = SyntheticKind::CrChest;
    else if (kind == "dxa") spec.kind = SyntheticKind::DxaReport;
    else throw std::invalid_argument("--kind must be ct, mr, cr or dxa");
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "renkei-admin: %s\n%s", e.what(), kSynthesizeDicomUsage);
    return 2;
  }
  spec.japaneseNames = !spec.patient.nameKanji.empty() || !spec.patient.nameKana.empty();
  if (!nameGiven && !spec.japaneseNames) spec.patient.nameAlphabetic = "Synthetic^Patient";
  try {
    const auto files = writeSyntheticStudy(spec, out);
    std::printf("%zu files written to %s\n", files.size(), out.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "renkei-admin: error: %s\n", e.what());
    return 1;
  }
}

}  // namespace renkei::tools
