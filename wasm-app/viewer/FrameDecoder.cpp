// SPDX-License-Identifier: MIT
#include "wasm-app/viewer/FrameDecoder.h"

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcdatset.h"
#include "dcmtk/dcmdata/dcdeftag.h"
#include "dcmtk/dcmdata/dcpixel.h"
#include "dcmtk/dcmdata/dcpixseq.h"
#include "dcmtk/dcmdata/dcpxitem.h"
#include "dcmtk/dcmdata/dcrledec.h"
#include "dcmtk/dcmdata/dcrledrg.h"
#include "dcmtk/dcmdata/dcxfer.h"
#include "dcmtk/dcmjpeg/djdecode.h"
#include "dcmtk/dcmjpls/djdecode.h"

#include <openjpeg.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>

namespace renkei::viewer {

namespace {

constexpr std::string_view kImplicitLE = "1.2.840.10008.1.2";
constexpr std::string_view kExplicitLE = "1.2.840.10008.1.2.1";
constexpr std::string_view kDeflatedLE = "1.2.840.10008.1.2.1.99";
constexpr std::string_view kExplicitBE = "1.2.840.10008.1.2.2";
constexpr std::string_view kRle = "1.2.840.10008.1.2.5";
constexpr std::string_view kJpeg[] = {
    "1.2.840.10008.1.2.4.50",  // baseline (process 1)
    "1.2.840.10008.1.2.4.51",  // extended (processes 2 & 4)
    "1.2.840.10008.1.2.4.53",  // spectral selection, non-hierarchical (retired; DCMTK decodes it)
    "1.2.840.10008.1.2.4.55",  // full progression, non-hierarchical (retired; DCMTK decodes it)
    "1.2.840.10008.1.2.4.57",  // lossless (process 14)
    "1.2.840.10008.1.2.4.70",  // lossless, first-order prediction (process 14, SV1)
};
constexpr std::string_view kJpegLs[] = {"1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81"};
constexpr std::string_view kJpeg2000[] = {"1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91"};

// Enough for 8k × 8k colour; anything larger in one frame is not a picture we can show.
constexpr std::uint64_t kMaxSamples = std::uint64_t(1) << 28;

std::string_view trimUid(std::string_view uid) {
  // UIDs in DICOM values may carry a trailing NUL pad; headers may carry spaces.
  while (!uid.empty() && (uid.back() == '\0' || uid.back() == ' ')) uid.remove_suffix(1);
  while (!uid.empty() && uid.front() == ' ') uid.remove_prefix(1);
  return uid;
}

void registerDcmtkCodecs() {
  static std::once_flag once;
  std::call_once(once, [] {
    DcmRLEDecoderRegistration::registerCodecs();
    DJDecoderRegistration::registerCodecs();  // YBR → RGB per the photometric interpretation
    DJLSDecoderRegistration::registerCodecs();
  });
}

std::string checkDescription(const ImageDescription& d) {
  if (d.rows < 1 || d.rows > 65535 || d.columns < 1 || d.columns > 65535)
    return "rows and columns must be 1 to 65535 (got " + std::to_string(d.rows) + " x " + std::to_string(d.columns) + ")";
  if (d.samplesPerPixel != 1 && d.samplesPerPixel != 3)
    return "samples per pixel " + std::to_string(d.samplesPerPixel) + " is not supported (1 or 3)";
  if (d.bitsAllocated != 8 && d.bitsAllocated != 16 && d.bitsAllocated != 32)
    return "bits allocated " + std::to_string(d.bitsAllocated) + " is not supported (8, 16 or 32)";
  if (d.bitsStored < 1 || d.bitsStored > d.bitsAllocated)
    return "bits stored " + std::to_string(d.bitsStored) + " does not fit bits allocated " + std::to_string(d.bitsAllocated);
  if (d.highBit < d.bitsStored - 1 || d.highBit >= d.bitsAllocated)
    return "high bit " + std::to_string(d.highBit) + " does not fit bits stored/allocated";
  if (d.pixelRepresentation != 0 && d.pixelRepresentation != 1)
    return "pixel representation must be 0 or 1";
  if (d.samplesPerPixel > 1 && d.planarConfiguration != 0 && d.planarConfiguration != 1)
    return "planar configuration must be 0 or 1";
  if (std::uint64_t(d.rows) * std::uint64_t(d.columns) * std::uint64_t(d.samplesPerPixel) > kMaxSamples)
    return "frame too large";
  if (d.photometricInterpretation == "PALETTE COLOR") {
    if (d.samplesPerPixel != 1) return "a palette colour image must have one sample per pixel";
    if (!d.palette) return "the palette colour image comes without its lookup tables";
    if (std::string problem = checkPalette(*d.palette); !problem.empty()) return problem;
  }
  return {};
}

std::size_t frameBytes(const ImageDescription& d) {
  return std::size_t(d.rows) * std::size_t(d.columns) * std::size_t(d.samplesPerPixel) *
         std::size_t(d.bitsAllocated / 8);
}

// A frame result with its geometry set and room for the samples.
DecodedFrame makeFrame(const ImageDescription& d, bool isSigned, std::string photometric) {
  DecodedFrame f;
  f.width = d.columns;
  f.height = d.rows;
  f.samples = d.samplesPerPixel;
  f.bitsStored = d.bitsStored;
  f.isSigned = isSigned;
  f.photometricInterpretation = std::move(photometric);
  const std::size_t n = std::size_t(d.rows) * std::size_t(d.columns) * std::size_t(d.samplesPerPixel);
  if (d.samplesPerPixel == 1 && d.bitsStored <= 16) f.mono16.resize(n);
  else f.values.resize(n);
  return f;
}

void store(DecodedFrame& f, std::size_t i, std::int32_t v) {
  if (!f.mono16.empty()) f.mono16[i] = static_cast<std::uint16_t>(v);
  else f.values[i] = v;
}

// Unpacks little-endian words of bitsAllocated into stored values (masked at the high bit,
// sign-extended), reordering colour-by-plane to colour-by-pixel.
DecodedFrame unpackWords(const std::uint8_t* words, const ImageDescription& d, int planar, std::string photometric) {
  DecodedFrame f = makeFrame(d, d.pixelRepresentation == 1, std::move(photometric));
  const std::size_t pixels = std::size_t(d.rows) * std::size_t(d.columns);
  const int spp = d.samplesPerPixel;
  const int shift = d.highBit + 1 - d.bitsStored;
  const std::uint32_t mask = d.bitsStored >= 32 ? 0xffffffffu : ((std::uint32_t(1) << d.bitsStored) - 1);
  const std::uint32_t signBit = std::uint32_t(1) << (d.bitsStored - 1);
  const int bytes = d.bitsAllocated / 8;
  for (std::size_t p = 0; p < pixels; ++p) {
    for (int s = 0; s < spp; ++s) {
      const std::size_t src = (spp > 1 && planar == 1) ? std::size_t(s) * pixels + p : p * spp + s;
      const std::uint8_t* w = words + src * bytes;
      std::uint32_t word = w[0];
      if (bytes >= 2) word |= std::uint32_t(w[1]) << 8;
      if (bytes == 4) word |= (std::uint32_t(w[2]) << 16) | (std::uint32_t(w[3]) << 24);
      std::uint32_t v = (word >> shift) & mask;
      std::int64_t value = v;
      if (d.pixelRepresentation == 1 && (v & signBit)) value -= std::int64_t(1) << d.bitsStored;
      store(f, p * spp + s, static_cast<std::int32_t>(value));
    }
  }
  return f;
}

DecodeResult fail(std::string message) {
  DecodeResult r;
  r.error = std::move(message);
  return r;
}

// Uncompressed YBR_FULL_422 keeps two luminance samples and one Cb Cr pair for every two pixels
// (PS3.3 C.7.6.3.1.2): two thirds of the bytes of the full frame.
bool subsampled422(const ImageDescription& d) {
  return d.samplesPerPixel == 3 && d.photometricInterpretation == "YBR_FULL_422";
}

DecodeResult decodeNative(std::span<const std::uint8_t> data, const ImageDescription& d, bool bigEndian) {
  if (subsampled422(d)) {
    if (d.bitsAllocated != 8 || d.columns % 2 != 0 || d.planarConfiguration != 0)
      return fail("uncompressed YBR_FULL_422 is supported with 8 bits, an even number of columns, colour by pixel");
    const std::size_t want = std::size_t(d.rows) * std::size_t(d.columns) * 2;
    if (data.size() != want && data.size() != want + 1)
      return fail("uncompressed YBR_FULL_422 frame has " + std::to_string(data.size()) + " bytes, the description needs " +
                  std::to_string(want));
    DecodeResult r;
    upsampleYbr422(data, d.rows, d.columns, r.frame);
    return r;
  }
  const std::size_t want = frameBytes(d);
  if (data.size() != want && !(data.size() == want + 1 && (want & 1)))
    return fail("uncompressed frame has " + std::to_string(data.size()) + " bytes, the description needs " +
                std::to_string(want));
  if (!bigEndian || d.bitsAllocated == 8) {
    DecodeResult r;
    r.frame = unpackWords(data.data(), d, d.planarConfiguration, d.photometricInterpretation);
    return r;
  }
  std::vector<std::uint8_t> swapped(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(want));
  const std::size_t bytes = std::size_t(d.bitsAllocated / 8);
  for (std::size_t i = 0; i + bytes <= want; i += bytes) std::reverse(swapped.begin() + i, swapped.begin() + i + bytes);
  DecodeResult r;
  r.frame = unpackWords(swapped.data(), d, d.planarConfiguration, d.photometricInterpretation);
  return r;
}

std::uint32_t le32(const std::uint8_t* p) {
  return std::uint32_t(p[0]) | (std::uint32_t(p[1]) << 8) | (std::uint32_t(p[2]) << 16) | (std::uint32_t(p[3]) << 24);
}

// DCMTK's RLE frame decoder trusts the segment offsets (it reads the 64-byte header and the last
// segment unchecked) and fills a short last segment with copies of its last byte, so a truncated
// frame or a description with fewer pixels would decode "successfully". Checked here first:
// the header (PS3.5 G.5) and, with DCMTK's own RLE decoder, that every segment holds exactly
// rows × columns bytes.
std::string checkRle(std::span<const std::uint8_t> data, const ImageDescription& d) {
  if (data.size() < 64) return "the RLE frame is shorter than its 64-byte header";
  const std::uint32_t segments = le32(data.data());
  const std::uint32_t expected = std::uint32_t(d.samplesPerPixel) * std::uint32_t(d.bitsAllocated / 8);
  if (segments != expected)
    return "the RLE header lists " + std::to_string(segments) + " segments, the description needs " + std::to_string(expected);
  const std::size_t perSegment = std::size_t(d.rows) * std::size_t(d.columns);
  for (std::uint32_t i = 0; i < segments; ++i) {
    const std::uint32_t begin = le32(data.data() + 4 + 4 * i);
    const std::uint32_t end = i + 1 < segments ? le32(data.data() + 8 + 4 * i) : static_cast<std::uint32_t>(data.size());
    if (begin < 64 || begin > end || end > data.size()) return "the RLE segment offsets are out of range";
    // One byte more than needed: a segment that decodes to more than rows × columns is a mismatch.
    DcmRLEDecoder rle(perSegment + 1);
    if (rle.fail()) return "out of memory while checking the RLE frame";
    // decompress() only reads its input (it takes void*).
    if (end > begin) (void)rle.decompress(const_cast<std::uint8_t*>(data.data()) + begin, end - begin);
    if (rle.size() < perSegment) return "the RLE frame is truncated (segment " + std::to_string(i + 1) + " is short)";
    if (rle.size() > perSegment) return "the RLE frame holds more pixels than the description's rows × columns";
  }
  return {};
}

// JPEG and JPEG-LS: the frame header (SOFn) must describe the image we were told about; DCMTK's
// JPEG decoder would otherwise decode a larger image into part of the buffer, or a smaller one
// into part of the frame.
std::string checkJpegHeader(std::span<const std::uint8_t> data, const ImageDescription& d) {
  if (data.size() < 4 || data[0] != 0xff || data[1] != 0xd8) return "the frame does not start with a JPEG SOI marker";
  std::size_t pos = 2;
  while (pos + 4 <= data.size()) {
    if (data[pos] != 0xff) return "the JPEG header is corrupt";
    const std::uint8_t marker = data[pos + 1];
    if (marker == 0xff) {  // fill byte
      ++pos;
      continue;
    }
    if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {  // no length
      pos += 2;
      continue;
    }
    const std::size_t length = (std::size_t(data[pos + 2]) << 8) | data[pos + 3];
    if (length < 2 || pos + 2 + length > data.size()) return "the JPEG header is truncated";
    const bool sof = (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc) ||
                     marker == 0xf7;  // SOF55: JPEG-LS
    if (sof) {
      if (length < 8) return "the JPEG frame header is truncated";
      const int height = (data[pos + 5] << 8) | data[pos + 6];
      const int width = (data[pos + 7] << 8) | data[pos + 8];
      const int components = data[pos + 9];
      if (width != d.columns || (height != 0 && height != d.rows) || components != d.samplesPerPixel)
        return "the JPEG frame is " + std::to_string(width) + " x " + std::to_string(height) + " with " +
               std::to_string(components) + " components, the description " + std::to_string(d.columns) + " x " +
               std::to_string(d.rows) + " with " + std::to_string(d.samplesPerPixel);
      return {};
    }
    if (marker == 0xda || marker == 0xd9) break;  // scan or end before any frame header
    pos += 2 + length;
  }
  return "the JPEG frame header (SOF) is missing";
}

// RLE, JPEG, JPEG-LS: DCMTK decodes the frame from a data set holding the image description
// and the bitstream as the one fragment of an encapsulated pixel sequence.
DecodeResult decodeWithDcmtk(std::span<const std::uint8_t> data, std::string_view uid, const ImageDescription& d) {
  if (data.empty()) return fail("the frame is empty");
  if (data.size() > 0xfffffff0u) return fail("the frame is too large");
  registerDcmtkCodecs();
  const std::string uidText(uid);
  const E_TransferSyntax xfer = DcmXfer(uidText.c_str()).getXfer();
  if (xfer == EXS_Unknown) return fail("DCMTK does not know transfer syntax " + uidText);
  const std::string problem = frameEncodingOf(uid) == FrameEncoding::Rle ? checkRle(data, d) : checkJpegHeader(data, d);
  if (!problem.empty()) return fail(problem);

  DcmDataset ds;
  ds.putAndInsertUint16(DCM_SamplesPerPixel, static_cast<Uint16>(d.samplesPerPixel));
  ds.putAndInsertString(DCM_PhotometricInterpretation, d.photometricInterpretation.c_str());
  ds.putAndInsertUint16(DCM_Rows, static_cast<Uint16>(d.rows));
  ds.putAndInsertUint16(DCM_Columns, static_cast<Uint16>(d.columns));
  ds.putAndInsertUint16(DCM_BitsAllocated, static_cast<Uint16>(d.bitsAllocated));
  ds.putAndInsertUint16(DCM_BitsStored, static_cast<Uint16>(d.bitsStored));
  ds.putAndInsertUint16(DCM_HighBit, static_cast<Uint16>(d.highBit));
  ds.putAndInsertUint16(DCM_PixelRepresentation, static_cast<Uint16>(d.pixelRepresentation));
  if (d.samplesPerPixel > 1) ds.putAndInsertUint16(DCM_PlanarConfiguration, static_cast<Uint16>(d.planarConfiguration));
  ds.putAndInsertString(DCM_NumberOfFrames, "1");

  // Fragments have even lengths (PS3.5 A.4); a pad byte after the codestream's end is harmless.
  std::vector<Uint8> bitstream(data.begin(), data.end());
  if (bitstream.size() & 1) bitstream.push_back(0);
  auto* sequence = new DcmPixelSequence(DCM_PixelSequenceTag);
  sequence->insert(new DcmPixelItem(DCM_PixelItemTag));  // the empty basic offset table
  auto* fragment = new DcmPixelItem(DCM_PixelItemTag);
  if (fragment->putUint8Array(bitstream.data(), static_cast<unsigned long>(bitstream.size())).bad()) {
    delete fragment;
    delete sequence;
    return fail("cannot hold the frame in memory");
  }
  sequence->insert(fragment);
  auto* pixelData = new DcmPixelData(DCM_PixelData);
  pixelData->putOriginalRepresentation(xfer, nullptr, sequence);  // takes the sequence
  ds.insert(pixelData, true);                                    // takes the element

  const std::size_t want = frameBytes(d);
  std::vector<std::uint8_t> buffer(want + (want & 1) + 8, 0);
  Uint32 startFragment = 0;
  OFString colorModel;
  const OFCondition c = pixelData->getUncompressedFrame(&ds, 0, startFragment, buffer.data(),
                                                        static_cast<Uint32>(buffer.size()), colorModel);
  if (c.bad()) return fail(std::string("DCMTK could not decode the frame: ") + c.text());
  // The decoders may change the layout (JPEG-LS writes what the bitstream interleave says).
  Uint16 planar = static_cast<Uint16>(d.planarConfiguration);
  if (d.samplesPerPixel > 1) ds.findAndGetUint16(DCM_PlanarConfiguration, planar);
  DecodeResult r;
  r.frame = unpackWords(buffer.data(), d, planar, colorModel.empty() ? d.photometricInterpretation : colorModel.c_str());
  return r;
}

// JPEG 2000 with OpenJPEG, reading from memory.
struct MemoryReader {
  const std::uint8_t* data;
  std::size_t size;
  std::size_t pos;
};

OPJ_SIZE_T readBytes(void* buffer, OPJ_SIZE_T n, void* user) {
  auto* m = static_cast<MemoryReader*>(user);
  if (m->pos >= m->size) return static_cast<OPJ_SIZE_T>(-1);
  const std::size_t k = std::min<std::size_t>(n, m->size - m->pos);
  std::memcpy(buffer, m->data + m->pos, k);
  m->pos += k;
  return k;
}

OPJ_OFF_T skipBytes(OPJ_OFF_T n, void* user) {
  auto* m = static_cast<MemoryReader*>(user);
  if (n < 0) {
    if (static_cast<std::uint64_t>(-n) > m->pos) return -1;
  } else if (static_cast<std::uint64_t>(n) > m->size - m->pos) {
    // Past the end: stop at it and report what was skipped; the next read fails.
    const OPJ_OFF_T skipped = static_cast<OPJ_OFF_T>(m->size - m->pos);
    m->pos = m->size;
    return skipped;
  }
  m->pos = static_cast<std::size_t>(static_cast<OPJ_OFF_T>(m->pos) + n);
  return n;
}

OPJ_BOOL seekTo(OPJ_OFF_T offset, void* user) {
  auto* m = static_cast<MemoryReader*>(user);
  if (offset < 0 || static_cast<std::uint64_t>(offset) > m->size) return OPJ_FALSE;
  m->pos = static_cast<std::size_t>(offset);
  return OPJ_TRUE;
}

void collectError(const char* message, void* user) {
  auto* text = static_cast<std::string*>(user);
  if (!text->empty()) return;  // the first error is the cause
  *text = message ? message : "unknown error";
  while (!text->empty() && (text->back() == '\n' || text->back() == '\r')) text->pop_back();
}

void ignoreMessage(const char*, void*) {}

// opj_codec_t and opj_stream_t are both void*: one deleter each.
struct CodecDeleter {
  void operator()(opj_codec_t* c) const { opj_destroy_codec(c); }
};
struct StreamDeleter {
  void operator()(opj_stream_t* s) const { opj_stream_destroy(s); }
};
struct ImageDeleter {
  void operator()(opj_image_t* i) const { opj_image_destroy(i); }
};

DecodeResult decodeJpeg2000(std::span<const std::uint8_t> data, const ImageDescription& d) {
  static constexpr std::uint8_t jp2Signature[] = {0, 0, 0, 0x0c, 'j', 'P', ' ', ' ', 0x0d, 0x0a, 0x87, 0x0a};
  OPJ_CODEC_FORMAT format;
  if (data.size() >= sizeof jp2Signature && std::equal(std::begin(jp2Signature), std::end(jp2Signature), data.begin()))
    format = OPJ_CODEC_JP2;
  else if (data.size() >= 2 && data[0] == 0xff && data[1] == 0x4f)
    format = OPJ_CODEC_J2K;
  else
    return fail("the frame is neither a JPEG 2000 codestream nor a JP2 file");

  std::unique_ptr<opj_codec_t, CodecDeleter> codec(opj_create_decompress(format));
  if (!codec) return fail("OpenJPEG could not create a decoder");
  std::string error;
  opj_set_error_handler(codec.get(), collectError, &error);
  opj_set_warning_handler(codec.get(), ignoreMessage, nullptr);
  opj_set_info_handler(codec.get(), ignoreMessage, nullptr);
  opj_dparameters_t parameters;
  opj_set_default_decoder_parameters(&parameters);
  if (!opj_setup_decoder(codec.get(), &parameters)) return fail("OpenJPEG: " + error);
  opj_decoder_set_strict_mode(codec.get(), OPJ_TRUE);  // a truncated codestream is an error

  MemoryReader reader{data.data(), data.size(), 0};
  std::unique_ptr<opj_stream_t, StreamDeleter> stream(opj_stream_create(64 * 1024, OPJ_TRUE));
  if (!stream) return fail("OpenJPEG could not create a stream");
  opj_stream_set_user_data(stream.get(), &reader, nullptr);
  opj_stream_set_user_data_length(stream.get(), data.size());
  opj_stream_set_read_function(stream.get(), readBytes);
  opj_stream_set_skip_function(stream.get(), skipBytes);
  opj_stream_set_seek_function(stream.get(), seekTo);

  opj_image_t* raw = nullptr;
  const bool headerOk = opj_read_header(stream.get(), codec.get(), &raw);
  std::unique_ptr<opj_image_t, ImageDeleter> image(raw);
  if (!headerOk || !image) return fail("OpenJPEG could not read the header: " + (error.empty() ? "truncated?" : error));
  // Check the geometry before decoding allocates anything.
  if (image->numcomps != static_cast<OPJ_UINT32>(d.samplesPerPixel))
    return fail("the codestream has " + std::to_string(image->numcomps) + " components, the description " +
                std::to_string(d.samplesPerPixel));
  const OPJ_UINT32 width = image->x1 - image->x0, height = image->y1 - image->y0;
  if (width != static_cast<OPJ_UINT32>(d.columns) || height != static_cast<OPJ_UINT32>(d.rows))
    return fail("the codestream is " + std::to_string(width) + " x " + std::to_string(height) + ", the description " +
                std::to_string(d.columns) + " x " + std::to_string(d.rows));
  for (OPJ_UINT32 c = 0; c < image->numcomps; ++c) {
    const opj_image_comp_t& comp = image->comps[c];
    if (comp.dx != 1 || comp.dy != 1) return fail("subsampled JPEG 2000 components are not supported");
    if (comp.prec < 1 || comp.prec > 31) return fail("JPEG 2000 component precision out of range");
    if (d.samplesPerPixel == 1 && d.bitsStored <= 16 && comp.prec > 16)
      return fail("JPEG 2000 precision " + std::to_string(comp.prec) + " exceeds 16 bits");
  }
  if (!opj_decode(codec.get(), stream.get(), image.get()) || !opj_end_decompress(codec.get(), stream.get()))
    return fail("OpenJPEG could not decode the frame: " + (error.empty() ? "corrupt or truncated data" : error));

  const std::size_t pixels = std::size_t(width) * height;
  bool isSigned = d.pixelRepresentation == 1;
  for (OPJ_UINT32 c = 0; c < image->numcomps; ++c) {
    const opj_image_comp_t& comp = image->comps[c];
    if (!comp.data || comp.w != width || comp.h != height) return fail("OpenJPEG returned an incomplete image");
    if (comp.sgnd) isSigned = true;
  }
  std::string photometric = d.photometricInterpretation;
  if (d.samplesPerPixel == 3 && (photometric == "YBR_RCT" || photometric == "YBR_ICT")) photometric = "RGB";
  DecodedFrame f = makeFrame(d, isSigned, std::move(photometric));
  const int spp = d.samplesPerPixel;
  for (int c = 0; c < spp; ++c) {
    const opj_image_comp_t& comp = image->comps[c];
    // Pixel Representation 1 over an unsigned codestream (a known encoder habit): the values are
    // two's complement at the codestream's precision.
    const bool extend = d.pixelRepresentation == 1 && !comp.sgnd;
    const std::int64_t half = std::int64_t(1) << (comp.prec - 1);
    for (std::size_t p = 0; p < pixels; ++p) {
      std::int64_t v = comp.data[p];
      if (extend && v >= half) v -= 2 * half;
      store(f, p * spp + c, static_cast<std::int32_t>(v));
    }
  }
  DecodeResult r;
  r.frame = std::move(f);
  return r;
}

}  // namespace

FrameEncoding frameEncodingOf(std::string_view transferSyntaxUid) {
  const std::string_view uid = trimUid(transferSyntaxUid);
  if (uid == kImplicitLE || uid == kExplicitLE || uid == kDeflatedLE) return FrameEncoding::Native;
  if (uid == kExplicitBE) return FrameEncoding::NativeBigEndian;
  if (uid == kRle) return FrameEncoding::Rle;
  for (auto u : kJpeg)
    if (uid == u) return FrameEncoding::Jpeg;
  for (auto u : kJpegLs)
    if (uid == u) return FrameEncoding::JpegLs;
  for (auto u : kJpeg2000)
    if (uid == u) return FrameEncoding::Jpeg2000;
  return FrameEncoding::Unsupported;
}

DecodeResult decodeFrame(std::span<const std::uint8_t> frame, std::string_view transferSyntaxUid,
                         const ImageDescription& image) {
  try {
    if (std::string problem = checkDescription(image); !problem.empty()) return fail(problem);
    const std::string_view uid = trimUid(transferSyntaxUid);
    DecodeResult r;
    switch (frameEncodingOf(uid)) {
      case FrameEncoding::Native: r = decodeNative(frame, image, false); break;
      case FrameEncoding::NativeBigEndian: r = decodeNative(frame, image, true); break;
      case FrameEncoding::Rle:
      case FrameEncoding::Jpeg:
      case FrameEncoding::JpegLs: r = decodeWithDcmtk(frame, uid, image); break;
      case FrameEncoding::Jpeg2000: r = decodeJpeg2000(frame, image); break;
      case FrameEncoding::Unsupported:
        return fail("transfer syntax " + std::string(uid) + " is not supported by the viewer");
    }
    if (!r.ok()) return r;
    // Colour in RGB for the screen: YBR left by the codec (or stored so), palettes looked up.
    const std::string& model = r.frame.photometricInterpretation;
    if (r.frame.samples == 3 && (model == "YBR_FULL" || model == "YBR_FULL_422")) ybrFullToRgb(r.frame);
    else if (r.frame.samples == 1 && image.palette && image.photometricInterpretation == "PALETTE COLOR")
      r.frame = applyPalette(r.frame, *image.palette);
    return r;
  } catch (const std::bad_alloc&) {
    return fail("out of memory while decoding the frame");
  } catch (const std::exception& e) {
    return fail(std::string("decoding failed: ") + e.what());
  } catch (...) {
    return fail("decoding failed");
  }
}

}  // namespace renkei::viewer
