// SPDX-License-Identifier: MIT
#include "server/imaging/Jpeg2000Codec.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dccodec.h>
#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcstack.h>
#include <dcmtk/dcmdata/dcvrpobw.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <openjpeg.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace renkei::server {
namespace {

// ---- OpenJPEG over a memory buffer ----

struct Source {
  const unsigned char* data;
  std::size_t size, at;
};

OPJ_SIZE_T readFrom(void* buffer, OPJ_SIZE_T n, void* user) {
  auto* s = static_cast<Source*>(user);
  if (s->at >= s->size) return static_cast<OPJ_SIZE_T>(-1);
  n = std::min<OPJ_SIZE_T>(n, s->size - s->at);
  std::memcpy(buffer, s->data + s->at, n);
  s->at += n;
  return n;
}
OPJ_OFF_T skipIn(OPJ_OFF_T n, void* user) {
  auto* s = static_cast<Source*>(user);
  const OPJ_OFF_T to = std::clamp<OPJ_OFF_T>(static_cast<OPJ_OFF_T>(s->at) + n, 0, static_cast<OPJ_OFF_T>(s->size));
  const OPJ_OFF_T moved = to - static_cast<OPJ_OFF_T>(s->at);
  s->at = static_cast<std::size_t>(to);
  return moved;
}
OPJ_BOOL seekIn(OPJ_OFF_T n, void* user) {
  auto* s = static_cast<Source*>(user);
  if (n < 0 || static_cast<std::size_t>(n) > s->size) return OPJ_FALSE;
  s->at = static_cast<std::size_t>(n);
  return OPJ_TRUE;
}

// opj_codec_t and opj_stream_t are both void*: one deleter each.
struct ReleasedCodec {
  void operator()(opj_codec_t* c) const { opj_destroy_codec(c); }
};
struct ReleasedStream {
  void operator()(opj_stream_t* s) const { opj_stream_destroy(s); }
};
struct ReleasedImage {
  void operator()(opj_image_t* i) const { opj_image_destroy(i); }
};

bool isJp2(const std::string& b) { return b.size() >= 12 && std::memcmp(b.data(), "\x00\x00\x00\x0CjP  \r\n\x87\n", 12) == 0; }
bool startsFrame(DcmPixelItem* item) {
  Uint8* p = nullptr;
  if (item->getUint8Array(p).bad() || !p || item->getLength() < 4) return false;
  return (p[0] == 0xFF && p[1] == 0x4F) || (item->getLength() >= 12 && std::memcmp(p, "\x00\x00\x00\x0CjP  ", 8) == 0);
}

/// The image module of the data set the pixel data is in.
struct Layout {
  Uint16 rows = 0, columns = 0, samples = 1, bitsAllocated = 16, pixelRepresentation = 0;
  Sint32 frames = 1;
  OFString photometric;
  std::size_t frameBytes() const { return std::size_t(rows) * columns * samples * (bitsAllocated / 8); }
};

Layout layoutOf(DcmItem* dataset) {
  Layout l;
  dataset->findAndGetUint16(DCM_Rows, l.rows);
  dataset->findAndGetUint16(DCM_Columns, l.columns);
  dataset->findAndGetUint16(DCM_SamplesPerPixel, l.samples);
  dataset->findAndGetUint16(DCM_BitsAllocated, l.bitsAllocated);
  dataset->findAndGetUint16(DCM_PixelRepresentation, l.pixelRepresentation);
  if (dataset->findAndGetSint32(DCM_NumberOfFrames, l.frames).bad() || l.frames < 1) l.frames = 1;
  dataset->findAndGetOFString(DCM_PhotometricInterpretation, l.photometric);
  if (l.rows == 0 || l.columns == 0 || (l.bitsAllocated != 8 && l.bitsAllocated != 16) || (l.samples != 1 && l.samples != 3))
    throw std::runtime_error("JPEG 2000: an image layout this decoder does not handle");
  return l;
}

/// The colour model after decoding: OpenJPEG undoes the reversible and irreversible colour transforms.
OFString decodedColourModel(const OFString& photometric) {
  return photometric == "YBR_RCT" || photometric == "YBR_ICT" ? OFString("RGB") : photometric;
}

/// Fragment ranges [first, last) of each frame: one fragment per frame, or fragments grouped by the
/// codestream's start (SOC marker, or a JP2 signature box) when there are more.
std::vector<std::pair<unsigned long, unsigned long>> frameFragments(DcmPixelSequence* seq, Sint32 frames) {
  const unsigned long items = seq->card();  // item 0 is the offset table
  std::vector<std::pair<unsigned long, unsigned long>> out;
  if (items <= 1) return out;
  if (items - 1 == static_cast<unsigned long>(frames) || frames == 1) {
    if (frames == 1) return {{1, items}};
    for (unsigned long k = 1; k < items; ++k) out.push_back({k, k + 1});
    return out;
  }
  for (unsigned long k = 1; k < items; ++k) {
    DcmPixelItem* item = nullptr;
    if (seq->getItem(item, k).bad()) break;
    if (out.empty() || startsFrame(item)) out.push_back({k, k + 1});
    else out.back().second = k + 1;
  }
  return out;
}

std::string joined(DcmPixelSequence* seq, std::pair<unsigned long, unsigned long> range) {
  std::string bytes;
  for (unsigned long k = range.first; k < range.second; ++k) {
    DcmPixelItem* item = nullptr;
    Uint8* p = nullptr;
    if (seq->getItem(item, k).bad() || item->getUint8Array(p).bad() || !p) throw std::runtime_error("JPEG 2000: unreadable fragment");
    bytes.append(reinterpret_cast<const char*>(p), item->getLength());
  }
  return bytes;
}

/// Decodes one frame's bitstream into `out` (frameBytes of the layout, colour-by-pixel, host order).
void decodeInto(const std::string& bytes, const Layout& l, unsigned char* out) {
  std::unique_ptr<opj_codec_t, ReleasedCodec> codec(opj_create_decompress(isJp2(bytes) ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K));
  opj_dparameters_t parameters;
  opj_set_default_decoder_parameters(&parameters);
  if (!codec || !opj_setup_decoder(codec.get(), &parameters)) throw std::runtime_error("JPEG 2000: cannot set up the decoder");
  Source source{reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), 0};
  std::unique_ptr<opj_stream_t, ReleasedStream> stream(opj_stream_create(64 * 1024, OPJ_TRUE));
  opj_stream_set_user_data(stream.get(), &source, nullptr);
  opj_stream_set_user_data_length(stream.get(), bytes.size());
  opj_stream_set_read_function(stream.get(), readFrom);
  opj_stream_set_skip_function(stream.get(), skipIn);
  opj_stream_set_seek_function(stream.get(), seekIn);
  opj_image_t* raw = nullptr;
  if (!opj_read_header(stream.get(), codec.get(), &raw)) throw std::runtime_error("JPEG 2000: unreadable header");
  std::unique_ptr<opj_image_t, ReleasedImage> image(raw);
  if (!opj_decode(codec.get(), stream.get(), image.get()) || !opj_end_decompress(codec.get(), stream.get()))
    throw std::runtime_error("JPEG 2000: the bitstream does not decode");
  if (image->numcomps != l.samples) throw std::runtime_error("JPEG 2000: the bitstream has another number of components than the image");
  for (OPJ_UINT32 c = 0; c < image->numcomps; ++c) {
    const opj_image_comp_t& comp = image->comps[c];
    if (comp.w != l.columns || comp.h != l.rows || !comp.data) throw std::runtime_error("JPEG 2000: the bitstream's size is not the image's");
  }
  const std::size_t pixels = std::size_t(l.rows) * l.columns;
  for (std::size_t i = 0; i < pixels; ++i)
    for (OPJ_UINT32 c = 0; c < image->numcomps; ++c) {
      const OPJ_INT32 v = image->comps[c].data[i];
      const std::size_t at = i * l.samples + c;
      if (l.bitsAllocated == 8) out[at] = static_cast<unsigned char>(v);
      else reinterpret_cast<Uint16*>(out)[at] = static_cast<Uint16>(v);  // two's complement kept as stored
    }
}

DcmItem* datasetOf(const DcmStack& objStack) {
  DcmStack stack(objStack);
  stack.pop();  // the pixel data element
  DcmObject* o = stack.pop();
  if (!o || (o->ident() != EVR_dataset && o->ident() != EVR_item)) return nullptr;
  return static_cast<DcmItem*>(o);
}

class Jpeg2000Parameter : public DcmCodecParameter {
 public:
  DcmCodecParameter* clone() const override { return new Jpeg2000Parameter; }
  const char* className() const override { return "renkei::Jpeg2000Parameter"; }
};
class Jpeg2000Representation : public DcmRepresentationParameter {
 public:
  DcmRepresentationParameter* clone() const override { return new Jpeg2000Representation; }
  const char* className() const override { return "renkei::Jpeg2000Representation"; }
  OFBool operator==(const DcmRepresentationParameter& other) const override { return std::strcmp(other.className(), className()) == 0; }
};

class Jpeg2000Decoder : public DcmCodec {
 public:
  OFCondition decode(const DcmRepresentationParameter*, DcmPixelSequence* seq, DcmPolymorphOBOW& out, const DcmCodecParameter*,
                     const DcmStack& objStack, OFBool& removeOldRep) const override {
    removeOldRep = OFFalse;
    DcmItem* dataset = datasetOf(objStack);
    if (!dataset || !seq) return EC_InvalidTag;
    try {
      const Layout l = layoutOf(dataset);
      const auto ranges = frameFragments(seq, l.frames);
      if (ranges.size() < static_cast<std::size_t>(l.frames)) return makeOFCondition(0, 1, OF_error, "JPEG 2000: fewer frames than Number of Frames");
      const std::size_t total = l.frameBytes() * static_cast<std::size_t>(l.frames);
      unsigned char* target = nullptr;
      if (l.bitsAllocated == 8) {
        Uint8* p = nullptr;
        if (out.createUint8Array(static_cast<Uint32>(total + (total & 1)), p).bad()) return EC_MemoryExhausted;
        target = p;
      } else {
        Uint16* p = nullptr;
        if (out.createUint16Array(static_cast<Uint32>(total / 2), p).bad()) return EC_MemoryExhausted;
        target = reinterpret_cast<unsigned char*>(p);
      }
      for (Sint32 f = 0; f < l.frames; ++f) decodeInto(joined(seq, ranges[static_cast<std::size_t>(f)]), l, target + l.frameBytes() * f);
      if (l.samples == 3) {
        dataset->putAndInsertString(DCM_PhotometricInterpretation, decodedColourModel(l.photometric).c_str());
        dataset->putAndInsertUint16(DCM_PlanarConfiguration, 0);
      }
      return EC_Normal;
    } catch (const std::exception& e) {
      return makeOFCondition(0, 2, OF_error, e.what());
    }
  }

  OFCondition decodeFrame(const DcmRepresentationParameter*, DcmPixelSequence* seq, const DcmCodecParameter*, DcmItem* dataset,
                          Uint32 frameNo, Uint32& startFragment, void* buffer, Uint32 bufSize, OFString& colourModel) const override {
    if (!dataset || !seq) return EC_InvalidTag;
    try {
      const Layout l = layoutOf(dataset);
      const auto ranges = frameFragments(seq, l.frames);
      if (frameNo >= ranges.size()) return EC_IllegalCall;
      if (bufSize < l.frameBytes()) return EC_IllegalCall;
      decodeInto(joined(seq, ranges[frameNo]), l, static_cast<unsigned char*>(buffer));
      startFragment = static_cast<Uint32>(ranges[frameNo].second - 1);
      colourModel = decodedColourModel(l.photometric);
      return EC_Normal;
    } catch (const std::exception& e) {
      return makeOFCondition(0, 2, OF_error, e.what());
    }
  }

  OFCondition encode(const Uint16*, const Uint32, const DcmRepresentationParameter*, DcmPixelSequence*&, const DcmCodecParameter*,
                     DcmStack&, OFBool&) const override {
    return EC_IllegalCall;  // decoding only: nothing here writes JPEG 2000
  }
  OFCondition encode(const E_TransferSyntax, const DcmRepresentationParameter*, DcmPixelSequence*, const DcmRepresentationParameter*,
                     DcmPixelSequence*&, const DcmCodecParameter*, DcmStack&, OFBool&) const override {
    return EC_IllegalCall;
  }
  OFBool canChangeCoding(const E_TransferSyntax from, const E_TransferSyntax to) const override {
    return (from == EXS_JPEG2000LosslessOnly || from == EXS_JPEG2000) && DcmXfer(to).isNotEncapsulated();
  }
  OFCondition determineDecompressedColorModel(const DcmRepresentationParameter*, DcmPixelSequence*, const DcmCodecParameter*,
                                              DcmItem* dataset, OFString& colourModel) const override {
    if (!dataset) return EC_IllegalParameter;
    OFString photometric;
    const OFCondition c = dataset->findAndGetOFString(DCM_PhotometricInterpretation, photometric);
    colourModel = decodedColourModel(photometric);
    return c;
  }
};

}  // namespace

void registerJpeg2000Decoder() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Kept for the life of the process, as DCMTK's own codec registrations are.
    static const Jpeg2000Decoder decoder;
    static const Jpeg2000Representation representation;
    static const Jpeg2000Parameter parameter;
    DcmCodecList::registerCodec(&decoder, &representation, &parameter);
  });
}

}  // namespace renkei::server
