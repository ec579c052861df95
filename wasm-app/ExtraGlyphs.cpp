// SPDX-License-Identifier: MIT
// The second font (Glyphs.h): fetched when first needed, rasterised for the code points seen.
#include "wasm-app/Glyphs.h"

#include <set>
#include <string>
#include <vector>

#include "core/text/Utf8.h"
#include "wasm-app/platform/Http.h"

namespace renkei::app {
namespace {

constexpr const char* kExtraFontPath = "/fonts/renkei-jp-extra.ttf";

enum class FontState { NotNeeded, Fetching, Here, Failed };

struct Extra {
  std::vector<bool> inFirst;  // by code point, U+0000..U+FFFF
  std::set<ImWchar> seen;
  bool changed = false;
  FontState state = FontState::NotNeeded;
  std::string font;
  ImVector<ImWchar> ranges;
};

Extra& extra() {
  static Extra e;
  if (e.inFirst.empty()) {
    e.inFirst.assign(0x10000, false);
    for (const ImWchar* r = appGlyphRanges(); r[0]; r += 2)
      for (unsigned c = r[0]; c <= r[1]; ++c) e.inFirst[c] = true;
  }
  return e;
}

void fetchFont(Extra& e) {
  if (e.state != FontState::NotNeeded) return;
  e.state = FontState::Fetching;
  HttpRequest r;
  r.path = kExtraFontPath;
  r.accept = "font/ttf";
  r.priority = 3000000;  // before frames and thumbnails: text is on screen now
  httpSend(std::move(r), [](const HttpResponse& answer) {
    Extra& x = extra();
    if (answer.status == 200 && answer.body.size() > 1000) {
      x.font = answer.body;
      x.state = FontState::Here;
      x.changed = true;
    } else {
      x.state = FontState::Failed;  // the first font's fallback glyph stays; not retried
    }
  });
}

}  // namespace

void noteGlyph(unsigned c) {
  Extra& e = extra();
  if (c >= 0x10000 || c < 0x80 || e.inFirst[c]) return;  // outside ImWchar16, or drawable already
  if (!e.seen.insert(static_cast<ImWchar>(c)).second) return;
  if (e.state == FontState::Here) e.changed = true;
  fetchFont(e);
}

void noteGlyphs(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {  // ASCII, most of any answer: drawable
      ++i;
      continue;
    }
    const text::Utf8Char c = text::decodeUtf8At(s, i);
    if (c.ok) noteGlyph(static_cast<unsigned>(c.codePoint));
    i += c.length;
  }
}

bool glyphsChanged(double nowMs) {
  // At most one atlas rebuild per 400 ms: typing kanji one by one would otherwise rebuild it
  // (3,000+ glyphs) for each.
  static double last = -1e9;
  Extra& e = extra();
  if (!e.changed || nowMs - last < 400) return false;
  e.changed = false;
  last = nowMs;
  return true;
}

bool glyphsPending() { return extra().changed; }

ExtraGlyphs extraGlyphs() {
  Extra& e = extra();
  if (e.state != FontState::Here || e.seen.empty()) return {};
  e.ranges.clear();
  for (const ImWchar c : e.seen) {
    e.ranges.push_back(c);
    e.ranges.push_back(c);
  }
  e.ranges.push_back(0);
  return {e.font.data(), static_cast<int>(e.font.size()), e.ranges.Data};
}

namespace {
int gAtlasBuilds = 0;
double gLastAtlasMs = 0;
}  // namespace

void noteAtlasBuilt(double ms) {
  ++gAtlasBuilds;
  gLastAtlasMs = ms;
}
int atlasBuilds() { return gAtlasBuilds; }
double lastAtlasBuildMs() { return gLastAtlasMs; }

int extraGlyphsSeen() { return static_cast<int>(extra().seen.size()); }

const char* extraFontState() {
  switch (extra().state) {
    case FontState::NotNeeded: return "not needed";
    case FontState::Fetching: return "fetching";
    case FontState::Here: return "here";
    case FontState::Failed: return "failed";
  }
  return "";
}

}  // namespace renkei::app
