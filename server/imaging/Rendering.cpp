// SPDX-License-Identifier: MIT
#include "server/imaging/Rendering.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcistrmb.h>
#include <dcmtk/dcmdata/dctk.h>
#include <dcmtk/dcmimage/diregist.h>
#include <dcmtk/dcmimage/dipipng.h>
#include <dcmtk/dcmimgle/dcmimage.h>
#include <dcmtk/dcmjpeg/dipijpeg.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

#include "server/imaging/DicomCodec.h"
#include "server/imaging/DicomInstance.h"

namespace renkei::server {
namespace {

/// A 5×7 dot-matrix font (the classic character-LCD shapes): 7 rows of 5 bits, top first.
struct Glyph {
  char c;
  unsigned char rows[7];
};
constexpr Glyph kFont[] = {
    {'0', {0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E}}, {'1', {0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E}},
    {'2', {0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F}}, {'3', {0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E}},
    {'4', {0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02}}, {'5', {0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E}},
    {'6', {0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E}}, {'7', {0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08}},
    {'8', {0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E}}, {'9', {0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C}},
    {'A', {0x0E, 0x11, 0x11, 0x11, 0x1F, 0x11, 0x11}}, {'B', {0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E}},
    {'C', {0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E}}, {'D', {0x1C, 0x12, 0x11, 0x11, 0x11, 0x12, 0x1C}},
    {'E', {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F}}, {'F', {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10}},
    {'G', {0x0E, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0F}}, {'H', {0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11}},
    {'I', {0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E}}, {'J', {0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0C}},
    {'K', {0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11}}, {'L', {0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F}},
    {'M', {0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11}}, {'N', {0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11}},
    {'O', {0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}}, {'P', {0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10}},
    {'Q', {0x0E, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0D}}, {'R', {0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11}},
    {'S', {0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E}}, {'T', {0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04}},
    {'U', {0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}}, {'V', {0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04}},
    {'W', {0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A}}, {'X', {0x11, 0x11, 0x0A, 0x04, 0x0A, 0x11, 0x11}},
    {'Y', {0x11, 0x11, 0x11, 0x0A, 0x04, 0x04, 0x04}}, {'Z', {0x1F, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1F}},
    {'-', {0x00, 0x00, 0x00, 0x1F, 0x00, 0x00, 0x00}}, {':', {0x00, 0x0C, 0x0C, 0x00, 0x0C, 0x0C, 0x00}},
    {'.', {0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x0C}}, {'_', {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x1F}},
    {'/', {0x00, 0x01, 0x02, 0x04, 0x08, 0x10, 0x00}}, {'+', {0x00, 0x04, 0x04, 0x1F, 0x04, 0x04, 0x00}},
    {'@', {0x0E, 0x11, 0x17, 0x15, 0x17, 0x10, 0x0E}}, {' ', {0, 0, 0, 0, 0, 0, 0}},
};
constexpr unsigned char kUnknown[7] = {0x1F, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1F};

const unsigned char* glyph(char c) {
  const char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const Glyph& g : kFont)
    if (g.c == u) return g.rows;
  return kUnknown;
}

/// Writes `image` (frame 0 of it) with `plugin` into memory.
std::string encode(DicomImage& image, const DiPluginFormat& plugin) {
  char* data = nullptr;
  size_t size = 0;
  FILE* out = open_memstream(&data, &size);
  if (!out) throw std::runtime_error("cannot open a memory stream");
  const int ok = image.writePluginFormat(&plugin, out, 0);
  std::fclose(out);
  std::string bytes(data ? data : "", size);
  std::free(data);
  if (!ok) throw std::runtime_error("the picture could not be encoded");
  return bytes;
}

}  // namespace

void burnWatermark(unsigned char* pixels, int width, int height, int samples, const std::string& text) {
  if (text.empty() || width < 16 || height < 16) return;
  // Large enough to read on a full image (one dot per 1/400 of the width), at least 1 pixel.
  const int dot = std::max(1, width / 400);
  const int advance = 6 * dot, lineHeight = 7 * dot;
  const int maxChars = std::max(1, (width - 4 * dot) / advance);
  const std::string shown = text.substr(0, static_cast<std::size_t>(maxChars));
  const int x0 = 2 * dot, y0 = height - lineHeight - 2 * dot;
  if (y0 < 0) return;
  std::vector<unsigned char> ink(static_cast<std::size_t>(width) * height, 0);  // 1 text, 2 outline
  for (std::size_t i = 0; i < shown.size(); ++i) {
    const unsigned char* rows = glyph(shown[i]);
    for (int r = 0; r < 7; ++r)
      for (int col = 0; col < 5; ++col) {
        if (!(rows[r] & (0x10 >> col))) continue;
        for (int dy = 0; dy < dot; ++dy)
          for (int dx = 0; dx < dot; ++dx) {
            const int x = x0 + static_cast<int>(i) * advance + col * dot + dx, y = y0 + r * dot + dy;
            if (x >= 0 && x < width && y >= 0 && y < height) ink[static_cast<std::size_t>(y) * width + x] = 1;
          }
      }
  }
  // A one-dot dark outline keeps the text legible on white bone and black air alike.
  std::vector<unsigned char> outlined = ink;
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      if (ink[static_cast<std::size_t>(y) * width + x] != 1) continue;
      for (int dy = -dot; dy <= dot; ++dy)
        for (int dx = -dot; dx <= dot; ++dx) {
          const int nx = x + dx, ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          unsigned char& o = outlined[static_cast<std::size_t>(ny) * width + nx];
          if (o == 0) o = 2;
        }
    }
  for (std::size_t p = 0; p < outlined.size(); ++p) {
    if (!outlined[p]) continue;
    const unsigned char v = outlined[p] == 1 ? 255 : 0;
    for (int s = 0; s < samples; ++s) pixels[p * samples + s] = v;
  }
}

std::string render(std::string_view bytes, const RenderRequest& request) {
  auto file = loadInstance(bytes);
  DcmDataset* ds = file->getDataset();
  Sint32 frames = 1;
  ds->findAndGetSint32(DCM_NumberOfFrames, frames);
  if (!ds->tagExists(DCM_PixelData)) throw std::out_of_range("the instance has no pixel data");
  if (request.frame < 1 || request.frame > std::max<Sint32>(frames, 1))
    throw std::out_of_range("frame " + std::to_string(request.frame) + " does not exist");
  DicomImage image(ds, ds->getOriginalXfer(), CIF_UsePartialAccessToPixelData, static_cast<unsigned long>(request.frame - 1), 1);
  if (image.getStatus() != EIS_Normal)
    throw std::runtime_error(std::string("cannot decode the image: ") + DicomImage::getString(image.getStatus()));
  if (image.isMonochrome()) {
    if (request.windowCenter && request.windowWidth && *request.windowWidth >= 1) image.setWindow(*request.windowCenter, *request.windowWidth);
    else if (image.getWindowCount() > 0) image.setWindow(0);
    else if (image.getVoiLutCount() > 0) image.setVoiLut(0);  // the file's VOI LUT, as the viewer shows it
    else image.setMinMaxWindow();
  }
  std::unique_ptr<DicomImage> scaled;
  DicomImage* out = &image;
  if (request.maxSize > 0 && (image.getWidth() > static_cast<unsigned long>(request.maxSize) ||
                              image.getHeight() > static_cast<unsigned long>(request.maxSize))) {
    const bool wide = image.getWidth() >= image.getHeight();
    scaled.reset(image.createScaledImage(wide ? static_cast<unsigned long>(request.maxSize) : 0UL,
                                         wide ? 0UL : static_cast<unsigned long>(request.maxSize), 1, 1));
    if (!scaled || scaled->getStatus() != EIS_Normal) throw std::runtime_error("cannot scale the image");
    out = scaled.get();
  }
  const int width = static_cast<int>(out->getWidth()), height = static_cast<int>(out->getHeight());
  const int samples = out->isMonochrome() ? 1 : 3;
  // 8-bit pixels after the transforms; the watermark goes into them, then an 8-bit secondary
  // picture of exactly those pixels is what the plugin encodes.
  const void* rendered = out->getOutputData(8, 0, 0);
  if (!rendered) throw std::runtime_error("cannot render the image");
  std::vector<unsigned char> pixels(static_cast<const unsigned char*>(rendered),
                                    static_cast<const unsigned char*>(rendered) + static_cast<std::size_t>(width) * height * samples);
  burnWatermark(pixels.data(), width, height, samples, request.watermark);
  DcmDataset frame;
  frame.putAndInsertUint16(DCM_Rows, static_cast<Uint16>(height));
  frame.putAndInsertUint16(DCM_Columns, static_cast<Uint16>(width));
  frame.putAndInsertUint16(DCM_SamplesPerPixel, static_cast<Uint16>(samples));
  frame.putAndInsertString(DCM_PhotometricInterpretation, samples == 1 ? "MONOCHROME2" : "RGB");
  if (samples == 3) frame.putAndInsertUint16(DCM_PlanarConfiguration, 0);
  frame.putAndInsertUint16(DCM_BitsAllocated, 8);
  frame.putAndInsertUint16(DCM_BitsStored, 8);
  frame.putAndInsertUint16(DCM_HighBit, 7);
  frame.putAndInsertUint16(DCM_PixelRepresentation, 0);
  frame.putAndInsertUint8Array(DCM_PixelData, pixels.data(), static_cast<unsigned long>(pixels.size()));
  DicomImage picture(&frame, EXS_LittleEndianExplicit);
  if (picture.getStatus() != EIS_Normal) throw std::runtime_error("cannot build the picture");
  if (picture.isMonochrome()) picture.setWindow(127.5, 256.0);  // identity: the pixels are final
  if (request.png) {
    DiPNGPlugin png;
    png.setInterlaceType(E_pngInterlaceNone);
    png.setMetainfoType(E_pngNoMetainfo);
    return encode(picture, png);
  }
  DiJPEGPlugin jpeg;
  jpeg.setQuality(static_cast<unsigned int>(std::clamp(request.quality, 1, 100)));
  jpeg.setSampling(ESS_444);
  return encode(picture, jpeg);
}

}  // namespace renkei::server
