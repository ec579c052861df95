// SPDX-License-Identifier: MIT
#include "wasm-app/viewer/ViewerJson.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cctype>
#include <cstring>

#include "wasm-app/JsonField.h"

namespace renkei::app {
namespace {

using nlohmann::json;

/// The Value array of a DICOM JSON attribute ("00280010": {"vr": "US", "Value": [512]}).
const json& values(const json& dataset, const char* tag) {
  return jsonArray(jsonObject(dataset, tag), "Value");
}

double number(const json& dataset, const char* tag, std::size_t i = 0, double fallback = 0.0) {
  const json& v = values(dataset, tag);
  if (v.size() <= i) return fallback;
  if (v[i].is_number()) return v[i].get<double>();
  if (v[i].is_string()) {
    const std::string s = v[i].get<std::string>();
    char* end = nullptr;
    const double d = std::strtod(s.c_str(), &end);
    if (end != s.c_str()) return d;
  }
  return fallback;
}

std::string text(const json& dataset, const char* tag) {
  const json& v = values(dataset, tag);
  return !v.empty() && v[0].is_string() ? v[0].get<std::string>() : std::string();
}

// RFC 4648 base64 (DICOM JSON's InlineBinary); characters outside the alphabet end the value.
std::vector<std::uint8_t> fromBase64(const std::string& in) {
  std::vector<std::uint8_t> out;
  out.reserve(in.size() / 4 * 3);
  std::uint32_t bits = 0;
  int count = 0;
  for (const char c : in) {
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+') v = 62;
    else if (c == '/') v = 63;
    else break;  // '=' padding or garbage
    bits = (bits << 6) | std::uint32_t(v);
    if ((count += 6) >= 8) {
      count -= 8;
      out.push_back(static_cast<std::uint8_t>(bits >> count));
    }
  }
  return out;
}

// A Palette Color Lookup Table: descriptor (0028,110x) and data (0028,120x) as InlineBinary
// (little-endian 16-bit words, as DCMTK writes OW in DICOM JSON).
viewer::PaletteLut paletteLut(const json& d, const char* descriptor, const char* data) {
  viewer::PaletteLut lut;
  lut.entries = static_cast<int>(number(d, descriptor, 0));
  lut.firstMapped = static_cast<int>(number(d, descriptor, 1));
  lut.bits = static_cast<int>(number(d, descriptor, 2));
  {
    const std::vector<std::uint8_t> bytes = fromBase64(jsonText(jsonObject(d, data), "InlineBinary"));
    for (std::size_t k = 0; k + 1 < bytes.size(); k += 2)
      lut.data.push_back(static_cast<std::uint16_t>(bytes[k] | (bytes[k + 1] << 8)));
  }
  return lut;
}

// The VOI LUTs of an image (0028,3010): descriptor (entries, 0 for 65536; first value mapped;
// bits), data as Value (US) or InlineBinary (OW, little endian), explanation. A first value past
// 32767 of a US descriptor is negative when the modality values can be (C.11.2.1.1).
std::vector<std::shared_ptr<const VoiLut>> voiLutsOf(const json& d, bool signedValues) {
  std::vector<std::shared_ptr<const VoiLut>> out;
  for (const json& item : values(d, "00283010")) {
    auto lut = std::make_shared<VoiLut>();
    const std::size_t entries = static_cast<std::size_t>(number(item, "00283002", 0)) == 0
                                    ? 65536
                                    : static_cast<std::size_t>(number(item, "00283002", 0));
    lut->first = static_cast<int>(number(item, "00283002", 1));
    if (jsonText(jsonObject(item, "00283002"), "vr") != "SS" && lut->first > 32767 && signedValues) lut->first -= 65536;
    lut->bits = static_cast<int>(number(item, "00283002", 2, 16));
    const json& listed = values(item, "00283006");
    if (!listed.empty()) {
      for (const json& v : listed) lut->data.push_back(static_cast<std::uint16_t>(v.is_number() ? v.get<double>() : 0));
    } else {
      const std::vector<std::uint8_t> bytes = fromBase64(jsonText(jsonObject(item, "00283006"), "InlineBinary"));
      for (std::size_t k = 0; k + 1 < bytes.size(); k += 2)
        lut->data.push_back(static_cast<std::uint16_t>(bytes[k] | (bytes[k + 1] << 8)));
    }
    lut->explanation = text(item, "00283003");
    if (lut->data.size() != entries || lut->bits < 1 || lut->bits > 16) continue;  // unusable: the window instead
    out.push_back(std::move(lut));
  }
  return out;
}

bool sameLut(const VoiLut& a, const VoiLut& b) { return a.first == b.first && a.bits == b.bits && a.data == b.data; }

}  // namespace

std::vector<SeriesInfo> seriesFrom(const json& answer) {
  std::vector<SeriesInfo> out;
  if (!answer.is_array()) return out;
  for (const json& s : answer)
    out.push_back({text(s, "0020000E"), text(s, "00080060"), text(s, "0008103E"), static_cast<int>(number(s, "00200011")),
                   static_cast<int>(number(s, "00201209"))});
  std::stable_sort(out.begin(), out.end(), [](const SeriesInfo& a, const SeriesInfo& b) { return a.number < b.number; });
  return out;
}

std::vector<ImageInfo> imagesFrom(const json& answer) {
  std::vector<ImageInfo> out;
  if (!answer.is_array()) return out;
  bool allPositioned = true;
  for (const json& d : answer) {
    ImageInfo i;
    i.sopUid = text(d, "00080018");
    i.instanceNumber = static_cast<int>(number(d, "00200013"));
    i.rows = static_cast<int>(number(d, "00280010"));
    i.columns = static_cast<int>(number(d, "00280011"));
    i.bitsAllocated = static_cast<int>(number(d, "00280100", 0, 16));
    i.bitsStored = static_cast<int>(number(d, "00280101", 0, i.bitsAllocated));
    i.highBit = static_cast<int>(number(d, "00280102", 0, i.bitsStored - 1));
    i.planar = static_cast<int>(number(d, "00280006"));
    i.samples = static_cast<int>(number(d, "00280002", 0, 1));
    i.isSigned = number(d, "00280103") == 1;
    i.slope = number(d, "00281053", 0, 1.0);
    if (i.slope == 0) i.slope = 1.0;
    i.intercept = number(d, "00281052");
    i.windowCenter = number(d, "00281050");
    i.windowWidth = number(d, "00281051");
    for (std::size_t k = 0; k < values(d, "00281050").size() && k < values(d, "00281051").size(); ++k) {
      const double width = number(d, "00281051", k);
      const json& why = values(d, "00281055");
      if (width > 0)
        i.windows.push_back({number(d, "00281050", k), width, why.size() > k && why[k].is_string() ? why[k].get<std::string>() : ""});
    }
    // Pixel Spacing (in the patient), else Imager Pixel Spacing (at the detector: projection images).
    const bool inPatient = number(d, "00280030", 0) > 0 && number(d, "00280030", 1) > 0;
    const char* spacing = inPatient ? "00280030" : "00181164";
    i.calibration = {number(d, spacing, 0), number(d, spacing, 1), !inPatient};
    if (!i.calibration.calibrated()) i.calibration = {};
    i.sliceLocation = number(d, "00201041");
    i.sliceThickness = number(d, "00180050");
    i.photometric = text(d, "00280004");
    i.voiLuts = voiLutsOf(d, i.isSigned || i.intercept < 0);
    // The same tables in every image of a series: one copy (and one upload to the GPU).
    if (!out.empty() && out.back().voiLuts.size() == i.voiLuts.size())
      for (std::size_t k = 0; k < i.voiLuts.size(); ++k)
        if (sameLut(*out.back().voiLuts[k], *i.voiLuts[k])) i.voiLuts[k] = out.back().voiLuts[k];
    if (i.photometric == "PALETTE COLOR") {
      auto palette = std::make_shared<viewer::Palette>();
      palette->red = paletteLut(d, "00281101", "00281201");
      palette->green = paletteLut(d, "00281102", "00281202");
      palette->blue = paletteLut(d, "00281103", "00281203");
      i.palette = std::move(palette);
    }
    i.bodyPart = text(d, "00180015");
    // The position along the slice normal: Image Position Patient · (row × column direction).
    const json& pos = values(d, "00200032");
    const json& ori = values(d, "00200037");
    if (pos.size() == 3 && ori.size() == 6) {
      double o[6], p[3];
      for (int k = 0; k < 6; ++k) i.orientation[static_cast<std::size_t>(k)] = o[k] = number(d, "00200037", k);
      for (int k = 0; k < 3; ++k) p[k] = number(d, "00200032", k);
      const double n[3] = {o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]};
      i.position = p[0] * n[0] + p[1] * n[1] + p[2] * n[2];
      i.hasPosition = true;
    }
    if (i.sopUid.empty()) continue;
    // A multi-frame instance is a stack (or a cine) of its own: one entry per frame, each with the
    // position its per-frame functional group gives (enhanced CT/MR), else in frame order.
    const int frames = std::clamp(static_cast<int>(number(d, "00280008", 0, 1)), 1, 10000);
    if (frames == 1) {
      if (!i.hasPosition) allPositioned = false;
      out.push_back(std::move(i));
      continue;
    }
    const json& perFrame = values(d, "52009230");
    const json& shared = values(d, "52009229");
    const auto group = [](const json& items, std::size_t k, const char* sequence) -> const json& {
      static const json none = json::object();
      if (!items.is_array() || items.size() <= k) return none;
      const json& seq = values(items[k], sequence);
      return seq.is_array() && !seq.empty() ? seq[0] : none;
    };
    const json& sharedOrientation = group(shared, 0, "00209116");
    const json& sharedMeasures = group(shared, 0, "00289110");
    bool framesPositioned = true;
    std::vector<ImageInfo> entries;
    for (int k = 0; k < frames; ++k) {
      ImageInfo f = i;
      f.frame = k + 1;
      const json& measures = values(group(perFrame, k, "00289110"), "00280030").empty() ? sharedMeasures : group(perFrame, k, "00289110");
      if (number(measures, "00280030", 0) > 0) f.calibration = {number(measures, "00280030", 0), number(measures, "00280030", 1), false};
      if (number(measures, "00180050") > 0) f.sliceThickness = number(measures, "00180050");
      const json& orientation = values(group(perFrame, k, "00209116"), "00200037").empty() ? sharedOrientation : group(perFrame, k, "00209116");
      const json& position = group(perFrame, k, "00209113");
      if (values(orientation, "00200037").size() == 6 && values(position, "00200032").size() == 3) {
        for (int c = 0; c < 6; ++c) f.orientation[static_cast<std::size_t>(c)] = number(orientation, "00200037", c);
        const auto& o = f.orientation;
        const double n[3] = {o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]};
        f.position = number(position, "00200032", 0) * n[0] + number(position, "00200032", 1) * n[1] + number(position, "00200032", 2) * n[2];
        f.sliceLocation = number(position, "00200032", 2);
        f.hasPosition = true;
      } else {
        f.hasPosition = i.hasPosition && k == 0;
        framesPositioned = false;
      }
      entries.push_back(std::move(f));
    }
    if (!framesPositioned) allPositioned = false;
    for (ImageInfo& f : entries) out.push_back(std::move(f));
  }
  std::stable_sort(out.begin(), out.end(), [allPositioned](const ImageInfo& a, const ImageInfo& b) {
    if (allPositioned) return a.position > b.position;
    return a.instanceNumber != b.instanceNumber ? a.instanceNumber < b.instanceNumber : a.frame < b.frame;
  });
  return out;
}

std::vector<Part> multipartParts(std::string_view contentType, std::string_view body) {
  std::vector<Part> parts;
  const auto b = contentType.find("boundary=");
  if (b == std::string_view::npos) return parts;
  std::string boundary(contentType.substr(b + 9));
  if (const auto semi = boundary.find(';'); semi != std::string::npos) boundary.resize(semi);
  if (boundary.size() >= 2 && boundary.front() == '"') boundary = boundary.substr(1, boundary.size() - 2);
  const std::string delimiter = "--" + boundary;
  std::size_t at = body.find(delimiter);
  while (at != std::string_view::npos) {
    std::size_t start = at + delimiter.size();
    if (body.substr(start, 2) == "--") break;  // the closing delimiter
    const std::size_t headersEnd = body.find("\r\n\r\n", start);
    if (headersEnd == std::string_view::npos) break;
    const std::size_t next = body.find("\r\n" + delimiter, headersEnd + 4);
    if (next == std::string_view::npos) break;
    // The part's own Content-Type, among its headers (names are case-insensitive).
    Part part{"", std::string(body.substr(headersEnd + 4, next - headersEnd - 4))};
    std::string headers(body.substr(start, headersEnd - start));
    std::string lower = headers;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (const auto h = lower.find("content-type:"); h != std::string::npos) {
      const auto end = headers.find("\r\n", h);
      part.contentType = headers.substr(h + 13, end == std::string::npos ? std::string::npos : end - h - 13);
      const auto first = part.contentType.find_first_not_of(' ');
      part.contentType = first == std::string::npos ? "" : part.contentType.substr(first);
    }
    parts.push_back(std::move(part));
    at = next + 2;
  }
  return parts;
}

std::string transferSyntaxOf(std::string_view contentType) {
  const auto p = contentType.find("transfer-syntax=");
  if (p == std::string_view::npos) return "1.2.840.10008.1.2.1";
  std::string ts(contentType.substr(p + 16));
  if (const auto end = ts.find_first_of("; "); end != std::string::npos) ts.resize(end);
  if (ts.size() >= 2 && ts.front() == '"') ts = ts.substr(1, ts.size() - 2);
  return ts;
}

Frame decodeTravelled(const ImageInfo& image, std::string_view bytes, const std::string& transferSyntax) {
  if (transferSyntax == "1.2.840.10008.1.2.1" && image.samples == 1 && image.bitsStored == image.bitsAllocated &&
      !image.palette) {
    Frame f = frameFrom(image, bytes);  // the common case, without a copy through the decoder
    f.transferSyntax = transferSyntax;
    return f;
  }
  viewer::ImageDescription d;
  d.rows = image.rows;
  d.columns = image.columns;
  d.samplesPerPixel = image.samples;
  d.bitsAllocated = image.bitsAllocated;
  d.bitsStored = image.bitsStored;
  d.highBit = image.highBit;
  d.pixelRepresentation = image.isSigned ? 1 : 0;
  d.photometricInterpretation = image.photometric.empty() ? "MONOCHROME2" : image.photometric;
  d.planarConfiguration = image.planar;
  d.palette = image.palette;
  const viewer::DecodeResult r = viewer::decodeFrame(
      std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), transferSyntax, d);
  Frame f;
  f.transferSyntax = transferSyntax;
  if (!r.ok()) {
    f.error = r.error;
    return f;
  }
  const viewer::DecodedFrame& x = r.frame;
  const std::size_t pixels = static_cast<std::size_t>(x.width) * static_cast<std::size_t>(x.height);
  if (x.samples == 1) {
    f.values.resize(pixels);
    for (std::size_t k = 0; k < pixels; ++k) f.values[k] = static_cast<float>(x.valueAt(k) * image.slope + image.intercept);
  } else if (x.samples == 3) {
    // Colour as decoded (RGB, colour-by-pixel); a frame with more bits is scaled to 8.
    const int shift = std::max(0, x.bitsStored - 8);
    f.rgba.resize(pixels * 4);
    for (std::size_t k = 0; k < pixels; ++k) {
      for (int c = 0; c < 3; ++c)
        f.rgba[4 * k + c] = static_cast<std::uint8_t>(std::clamp(x.valueAt(3 * k + c) >> shift, 0, 255));
      f.rgba[4 * k + 3] = 255;
    }
  } else {
    f.error = "unsupported samples per pixel: " + std::to_string(x.samples);
  }
  return f;
}

Frame frameFrom(const ImageInfo& image, std::string_view bytes) {
  Frame f;
  const std::size_t pixels = static_cast<std::size_t>(image.rows) * static_cast<std::size_t>(image.columns);
  const std::size_t bytesPer = image.bitsAllocated <= 8 ? 1 : 2;
  if (pixels == 0 || image.samples != 1 || image.bitsAllocated > 16) {
    f.error = "unsupported image layout";
    return f;
  }
  if (bytes.size() < pixels * bytesPer) {
    f.error = "the frame is shorter than the image (" + std::to_string(bytes.size()) + " bytes)";
    return f;
  }
  f.values.resize(pixels);
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  for (std::size_t k = 0; k < pixels; ++k) {
    double raw;
    if (bytesPer == 1) {
      raw = image.isSigned ? static_cast<double>(static_cast<std::int8_t>(p[k])) : p[k];
    } else {
      const std::uint16_t u = static_cast<std::uint16_t>(p[2 * k] | (p[2 * k + 1] << 8));
      raw = image.isSigned ? static_cast<double>(static_cast<std::int16_t>(u)) : u;
    }
    f.values[k] = static_cast<float>(raw * image.slope + image.intercept);
  }
  return f;
}

std::vector<std::uint8_t> windowed(const std::vector<float>& values, double center, double width, bool invert) {
  std::vector<std::uint8_t> rgba(values.size() * 4);
  const double w = std::max(width, 1.0), low = center - 0.5 - (w - 1) / 2, high = center - 0.5 + (w - 1) / 2;
  for (std::size_t k = 0; k < values.size(); ++k) {
    const double v = values[k];
    double g = v <= low ? 0.0 : v > high ? 255.0 : ((v - (center - 0.5)) / (w - 1) + 0.5) * 255.0;
    if (invert) g = 255.0 - g;
    const auto byte = static_cast<std::uint8_t>(std::lround(std::clamp(g, 0.0, 255.0)));
    rgba[4 * k] = rgba[4 * k + 1] = rgba[4 * k + 2] = byte;
    rgba[4 * k + 3] = 255;
  }
  return rgba;
}

}  // namespace renkei::app
