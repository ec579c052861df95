// SPDX-License-Identifier: MIT
// Test-data tool of the viewer's frame decoder (native only: Debian's DCMTK and OpenJPEG).
//   frame_tool ct12 IN.dcm OUT.dcm            12-bit unsigned copy of a 16-bit signed CT (HU + 1024)
//   frame_tool rgb OUT.dcm ROWS COLS [planar]  a synthetic 8-bit RGB image, explicit VR LE
//   frame_tool extract IN.dcm DIR NAME         the frame as the server sends it (the joined fragments
//                                              of frame 1, or its pixel bytes in the file's byte
//                                              order) → DIR/NAME.frame, DIR/NAME.desc
//   frame_tool j2k IN.dcm DIR NAME lossless|lossy j2k|jp2
//                                              IN's pixels encoded with OpenJPEG (.90 / .91)
//   frame_tool palette OUT.dcm                 a synthetic 8-bit PALETTE COLOR image (16-bit tables)
//   frame_tool reference IN.dcm                the checksum (FrameFiles.h) of IN's pixel values as
//                                              DCMTK's DicomImage gives them: a reference that
//                                              does not go through the viewer's decoder
//   frame_tool rendered IN.dcm DIR NAME        those values as an uncompressed frame (colour: the
//                                              8-bit RGB of DicomImage) → DIR/NAME.frame, .desc
#include "FrameFiles.h"

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dcpxitem.h"
#include "dcmtk/dcmdata/dcrledrg.h"
#include "dcmtk/dcmdata/dctk.h"
#include "dcmtk/dcmimage/diregist.h"  // colour images in DicomImage
#include "dcmtk/dcmimgle/dcmimage.h"
#include "dcmtk/dcmimgle/dipixel.h"
#include "dcmtk/dcmjpeg/djdecode.h"
#include "dcmtk/dcmjpls/djdecode.h"

#include <openjpeg.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <memory>
#include <optional>
#include <fstream>
#include <string>
#include <vector>

namespace {

using renkei::viewer::ImageDescription;

int die(const std::string& message) {
  std::fprintf(stderr, "frame_tool: %s\n", message.c_str());
  return 1;
}

Uint16 u16(DcmItem* ds, const DcmTagKey& tag, Uint16 fallback = 0) {
  Uint16 v = fallback;
  ds->findAndGetUint16(tag, v);
  return v;
}

ImageDescription describe(DcmItem* ds) {
  ImageDescription d;
  d.rows = u16(ds, DCM_Rows);
  d.columns = u16(ds, DCM_Columns);
  d.samplesPerPixel = u16(ds, DCM_SamplesPerPixel, 1);
  d.bitsAllocated = u16(ds, DCM_BitsAllocated);
  d.bitsStored = u16(ds, DCM_BitsStored);
  d.highBit = u16(ds, DCM_HighBit);
  d.pixelRepresentation = u16(ds, DCM_PixelRepresentation);
  OFString pi;
  ds->findAndGetOFString(DCM_PhotometricInterpretation, pi);
  d.photometricInterpretation = pi.c_str();
  d.planarConfiguration = u16(ds, DCM_PlanarConfiguration);
  if (d.photometricInterpretation == "PALETTE COLOR") {
    auto palette = std::make_shared<renkei::viewer::Palette>();
    const DcmTagKey tables[3][2] = {{DCM_RedPaletteColorLookupTableDescriptor, DCM_RedPaletteColorLookupTableData},
                                    {DCM_GreenPaletteColorLookupTableDescriptor, DCM_GreenPaletteColorLookupTableData},
                                    {DCM_BluePaletteColorLookupTableDescriptor, DCM_BluePaletteColorLookupTableData}};
    renkei::viewer::PaletteLut* luts[3] = {&palette->red, &palette->green, &palette->blue};
    for (int c = 0; c < 3; ++c) {
      int v[3] = {0, 0, 0};
      for (unsigned long k = 0; k < 3; ++k) {
        Uint16 u = 0;
        Sint16 s = 0;
        if (ds->findAndGetUint16(tables[c][0], u, k).good()) v[k] = u;
        else if (ds->findAndGetSint16(tables[c][0], s, k).good()) v[k] = s;
      }
      luts[c]->entries = v[0], luts[c]->firstMapped = v[1], luts[c]->bits = v[2];
      const Uint16* data = nullptr;
      unsigned long n = 0;
      if (ds->findAndGetUint16Array(tables[c][1], data, &n).good() && data) luts[c]->data.assign(data, data + n);
    }
    d.palette = std::move(palette);
  }
  return d;
}

bool write(const std::string& path, const void* data, size_t n) {
  std::ofstream f(path, std::ios::binary);
  f.write(static_cast<const char*>(data), static_cast<std::streamsize>(n));
  return bool(f);
}

bool writeFrame(const std::string& dir, const std::string& name, const std::string& xfer, const ImageDescription& d,
                const std::vector<Uint8>& bytes, DcmItem* ds) {
  Float64 slope = 1, intercept = 0;
  ds->findAndGetFloat64(DCM_RescaleSlope, slope);
  ds->findAndGetFloat64(DCM_RescaleIntercept, intercept);
  const std::string text = renkei::viewer::testing::describe(xfer, d, slope, intercept);
  return write(dir + "/" + name + ".frame", bytes.data(), bytes.size()) &&
         write(dir + "/" + name + ".desc", text.data(), text.size());
}

void putImage(DcmDataset* ds, const char* sopClass, const char* modality) {
  char uid[100];
  ds->putAndInsertString(DCM_SOPClassUID, sopClass);
  ds->putAndInsertString(DCM_SOPInstanceUID, dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT));
  ds->putAndInsertString(DCM_StudyInstanceUID, dcmGenerateUniqueIdentifier(uid, SITE_STUDY_UID_ROOT));
  ds->putAndInsertString(DCM_SeriesInstanceUID, dcmGenerateUniqueIdentifier(uid, SITE_SERIES_UID_ROOT));
  ds->putAndInsertString(DCM_PatientName, "Test^Phantom");
  ds->putAndInsertString(DCM_PatientID, "TEST-0001");
  ds->putAndInsertString(DCM_Modality, modality);
}

/// The image pixel module of an 8-bit unsigned secondary capture.
void putEightBit(DcmDataset* ds, int samples, const char* photometric, int rows, int cols) {
  putImage(ds, UID_SecondaryCaptureImageStorage, "OT");
  ds->putAndInsertUint16(DCM_SamplesPerPixel, static_cast<Uint16>(samples));
  ds->putAndInsertString(DCM_PhotometricInterpretation, photometric);
  ds->putAndInsertUint16(DCM_Rows, static_cast<Uint16>(rows));
  ds->putAndInsertUint16(DCM_Columns, static_cast<Uint16>(cols));
  ds->putAndInsertUint16(DCM_BitsAllocated, 8);
  ds->putAndInsertUint16(DCM_BitsStored, 8);
  ds->putAndInsertUint16(DCM_HighBit, 7);
  ds->putAndInsertUint16(DCM_PixelRepresentation, 0);
}

int ct12(const char* in, const char* out) {
  DcmFileFormat ff;
  if (ff.loadFile(in).bad()) return die(std::string("cannot read ") + in);
  DcmDataset* ds = ff.getDataset();
  const Uint16* px = nullptr;
  unsigned long n = 0;
  if (ds->findAndGetUint16Array(DCM_PixelData, px, &n).bad()) return die("no pixel data");
  std::vector<Uint16> v(n);
  for (unsigned long i = 0; i < n; ++i) {
    const int hu = static_cast<Sint16>(px[i]) + 1024;
    v[i] = static_cast<Uint16>(hu < 0 ? 0 : hu > 4095 ? 4095 : hu);
  }
  ds->putAndInsertUint16(DCM_BitsStored, 12);
  ds->putAndInsertUint16(DCM_HighBit, 11);
  ds->putAndInsertUint16(DCM_PixelRepresentation, 0);
  ds->putAndInsertString(DCM_RescaleIntercept, "-1024");
  ds->putAndInsertUint16Array(DCM_PixelData, v.data(), n);
  return ff.saveFile(out, EXS_LittleEndianExplicit).good() ? 0 : die(std::string("cannot write ") + out);
}

int rgb(const char* out, int rows, int cols, bool planar) {
  std::vector<Uint8> px(static_cast<size_t>(rows) * cols * 3);
  std::uint32_t seed = 777;
  const size_t plane = static_cast<size_t>(rows) * cols;
  for (int y = 0; y < rows; ++y)
    for (int x = 0; x < cols; ++x) {
      seed = seed * 1664525u + 1013904223u;
      const int noise = static_cast<int>((seed >> 24) % 9) - 4;
      const int r = (x * 255) / (cols - 1), g = (y * 255) / (rows - 1), b = ((x / 16 + y / 16) % 2) ? 200 : 40;
      const int c[3] = {r + noise, g - noise, b + noise};
      for (int s = 0; s < 3; ++s) {
        const Uint8 v = static_cast<Uint8>(c[s] < 0 ? 0 : c[s] > 255 ? 255 : c[s]);
        const size_t p = static_cast<size_t>(y) * cols + x;
        px[planar ? s * plane + p : p * 3 + s] = v;
      }
    }
  DcmFileFormat ff;
  DcmDataset* ds = ff.getDataset();
  putEightBit(ds, 3, "RGB", rows, cols);
  ds->putAndInsertUint16(DCM_PlanarConfiguration, planar ? 1 : 0);
  ds->putAndInsertUint8Array(DCM_PixelData, px.data(), px.size());
  return ff.saveFile(out, EXS_LittleEndianExplicit).good() ? 0 : die(std::string("cannot write ") + out);
}

int extract(const char* in, const std::string& dir, const std::string& name) {
  DcmFileFormat ff;
  if (ff.loadFile(in).bad()) return die(std::string("cannot read ") + in);
  DcmDataset* ds = ff.getDataset();
  const E_TransferSyntax xfer = ds->getOriginalXfer();
  const DcmXfer x(xfer);
  DcmElement* element = nullptr;
  if (ds->findAndGetElement(DCM_PixelData, element).bad() || !element) return die("no pixel data");
  auto* pixelData = static_cast<DcmPixelData*>(element);
  const ImageDescription d = describe(ds);
  std::vector<Uint8> bytes;
  if (x.isEncapsulated()) {
    DcmPixelSequence* seq = nullptr;
    if (pixelData->getEncapsulatedRepresentation(xfer, nullptr, seq).bad() || !seq) return die("no pixel sequence");
    // Single-frame files: every fragment after the basic offset table belongs to frame 1.
    for (unsigned long i = 1; i < seq->card(); ++i) {
      DcmPixelItem* item = nullptr;
      Uint8* data = nullptr;
      if (seq->getItem(item, i).bad() || item->getUint8Array(data).bad()) return die("unreadable fragment");
      bytes.insert(bytes.end(), data, data + item->getLength());
    }
  } else {
    // Uncompressed YBR_FULL_422 stores two thirds of the samples (Y Y Cb Cr per pixel pair).
    const size_t samples = d.photometricInterpretation == "YBR_FULL_422" ? 2 : static_cast<size_t>(d.samplesPerPixel);
    const size_t n = static_cast<size_t>(d.rows) * d.columns * samples * (d.bitsAllocated / 8);
    bytes.resize(n);
    if (pixelData->getPartialValue(bytes.data(), 0, static_cast<Uint32>(n), nullptr, x.getByteOrder()).bad())
      return die("cannot read the pixel bytes");
  }
  return writeFrame(dir, name, x.getXferID(), d, bytes, ds) ? 0 : die("cannot write the frame");
}

int palette(const char* out) {
  const int rows = 96, cols = 160;
  std::vector<Uint8> px(static_cast<size_t>(rows) * cols);
  for (int y = 0; y < rows; ++y)
    for (int x = 0; x < cols; ++x) px[static_cast<size_t>(y) * cols + x] = static_cast<Uint8>((x * 255) / (cols - 1) ^ (y & 0x10));
  // A "hot iron"-like table: red rises first, then green, then blue; 16 bits per entry.
  std::vector<Uint16> red(256), green(256), blue(256);
  for (int i = 0; i < 256; ++i) {
    red[i] = static_cast<Uint16>(std::min(65535, i * 3 * 257));
    green[i] = static_cast<Uint16>(std::clamp((i - 85) * 3 * 257, 0, 65535));
    blue[i] = static_cast<Uint16>(std::clamp((i - 170) * 3 * 257 + 1, 0, 65535));
  }
  DcmFileFormat ff;
  DcmDataset* ds = ff.getDataset();
  putEightBit(ds, 1, "PALETTE COLOR", rows, cols);
  const DcmTagKey descriptors[3] = {DCM_RedPaletteColorLookupTableDescriptor, DCM_GreenPaletteColorLookupTableDescriptor,
                                    DCM_BluePaletteColorLookupTableDescriptor};
  const DcmTagKey tables[3] = {DCM_RedPaletteColorLookupTableData, DCM_GreenPaletteColorLookupTableData,
                               DCM_BluePaletteColorLookupTableData};
  const std::vector<Uint16>* data[3] = {&red, &green, &blue};
  for (int c = 0; c < 3; ++c) {
    const Uint16 descriptor[3] = {256, 0, 16};
    ds->putAndInsertUint16Array(descriptors[c], descriptor, 3);
    ds->putAndInsertUint16Array(tables[c], data[c]->data(), 256);
  }
  ds->putAndInsertUint8Array(DCM_PixelData, px.data(), px.size());
  return ff.saveFile(out, EXS_LittleEndianExplicit).good() ? 0 : die(std::string("cannot write ") + out);
}

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

int j2k(const char* in, const std::string& dir, const std::string& name, bool lossless, bool jp2) {
  DcmFileFormat ff;
  if (ff.loadFile(in).bad()) return die(std::string("cannot read ") + in);
  DcmDataset* ds = ff.getDataset();
  if (DcmXfer(ds->getOriginalXfer()).isEncapsulated()) return die("j2k needs an uncompressed input");
  ImageDescription d = describe(ds);
  // The values of the uncompressed original, through the viewer's own native path.
  std::vector<Uint8> raw(static_cast<size_t>(d.rows) * d.columns * d.samplesPerPixel * (d.bitsAllocated / 8));
  DcmElement* element = nullptr;
  if (ds->findAndGetElement(DCM_PixelData, element).bad() ||
      element->getPartialValue(raw.data(), 0, static_cast<Uint32>(raw.size()), nullptr, EBO_LittleEndian).bad())
    return die("cannot read the pixel bytes");
  const auto decoded = renkei::viewer::decodeFrame(raw, "1.2.840.10008.1.2.1", d);
  if (!decoded.ok()) return die(decoded.error);

  std::vector<opj_image_cmptparm_t> params(d.samplesPerPixel);
  for (auto& p : params) {
    std::memset(&p, 0, sizeof p);
    p.dx = p.dy = 1;
    p.w = static_cast<OPJ_UINT32>(d.columns);
    p.h = static_cast<OPJ_UINT32>(d.rows);
    p.prec = static_cast<OPJ_UINT32>(d.bitsStored);
    p.sgnd = static_cast<OPJ_UINT32>(d.pixelRepresentation);
  }
  opj_image_t* image = opj_image_create(static_cast<OPJ_UINT32>(d.samplesPerPixel), params.data(),
                                        d.samplesPerPixel == 3 ? OPJ_CLRSPC_SRGB : OPJ_CLRSPC_GRAY);
  if (!image) return die("opj_image_create failed");
  image->x0 = image->y0 = 0;
  image->x1 = static_cast<OPJ_UINT32>(d.columns);
  image->y1 = static_cast<OPJ_UINT32>(d.rows);
  const size_t pixels = static_cast<size_t>(d.rows) * d.columns;
  for (int c = 0; c < d.samplesPerPixel; ++c)
    for (size_t p = 0; p < pixels; ++p) image->comps[c].data[p] = decoded.frame.valueAt(p * d.samplesPerPixel + c);

  opj_cparameters_t cp;
  opj_set_default_encoder_parameters(&cp);
  cp.tcp_numlayers = 1;
  cp.cp_disto_alloc = 1;
  cp.tcp_rates[0] = lossless ? 0 : 12;  // lossy: 12:1
  cp.irreversible = lossless ? 0 : 1;
  cp.tcp_mct = d.samplesPerPixel == 3 ? 1 : 0;
  opj_codec_t* codec = opj_create_compress(jp2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K);
  const std::string path = dir + "/" + name + ".frame";
  opj_stream_t* stream = opj_stream_create_default_file_stream(path.c_str(), OPJ_FALSE);
  bool ok = codec && stream && opj_setup_encoder(codec, &cp, image) && opj_start_compress(codec, image, stream) &&
            opj_encode(codec, stream) && opj_end_compress(codec, stream);
  opj_stream_destroy(stream);
  opj_destroy_codec(codec);
  opj_image_destroy(image);
  if (!ok) return die("OpenJPEG could not encode");
  if (d.samplesPerPixel == 3) d.photometricInterpretation = lossless ? "YBR_RCT" : "YBR_ICT";
  d.planarConfiguration = 0;
  const std::string content = slurp(path);
  const std::vector<Uint8> bytes(content.begin(), content.end());
  return writeFrame(dir, name, lossless ? "1.2.840.10008.1.2.4.90" : "1.2.840.10008.1.2.4.91", d, bytes, ds)
             ? 0
             : die("cannot write the frame");
}

// IN's first frame as DCMTK's DicomImage gives it: stored values (no modality transformation) for
// monochrome, 8-bit RGB for colour and palettes.
std::optional<renkei::viewer::DecodedFrame> dicomImageValues(const char* in, std::string& error) {
  DcmFileFormat ff;
  if (ff.loadFile(in).bad()) {
    error = std::string("cannot read ") + in;
    return std::nullopt;
  }
  DcmDataset* ds = ff.getDataset();
  const ImageDescription d = describe(ds);
  DicomImage image(ds, ds->getOriginalXfer(), CIF_IgnoreModalityTransformation, 0, 1);
  if (image.getStatus() != EIS_Normal) {
    error = DicomImage::getString(image.getStatus());
    return std::nullopt;
  }
  renkei::viewer::DecodedFrame f;
  f.width = static_cast<int>(image.getWidth());
  f.height = static_cast<int>(image.getHeight());
  f.isSigned = d.pixelRepresentation == 1;
  f.bitsStored = d.bitsStored;
  if (!image.isMonochrome()) {
    f.samples = 3;
    f.bitsStored = 8;
    f.isSigned = false;
    f.photometricInterpretation = "RGB";
    const auto* out = static_cast<const Uint8*>(image.getOutputData(8, 0, 0));
    if (!out) {
      error = "no output data";
      return std::nullopt;
    }
    f.values.assign(out, out + image.getOutputDataSize(8));
  } else {
    f.samples = 1;
    f.photometricInterpretation = d.photometricInterpretation;
    const DiPixel* inter = image.getInterData();
    if (!inter) {
      error = "no intermediate data";
      return std::nullopt;
    }
    const unsigned long n = inter->getCount();
    f.values.resize(n);
    const void* p = inter->getData();
    for (unsigned long i = 0; i < n; ++i) {
      switch (inter->getRepresentation()) {
        case EPR_Uint8: f.values[i] = static_cast<const Uint8*>(p)[i]; break;
        case EPR_Sint8: f.values[i] = static_cast<const Sint8*>(p)[i]; break;
        case EPR_Uint16: f.values[i] = static_cast<const Uint16*>(p)[i]; break;
        case EPR_Sint16: f.values[i] = static_cast<const Sint16*>(p)[i]; break;
        case EPR_Uint32: f.values[i] = static_cast<Sint32>(static_cast<const Uint32*>(p)[i]); break;
        case EPR_Sint32: f.values[i] = static_cast<const Sint32*>(p)[i]; break;
      }
    }
  }
  return f;
}

int reference(const char* in) {
  std::string error;
  const auto f = dicomImageValues(in, error);
  if (!f) return die(error);
  std::printf("%s\n", renkei::viewer::testing::hex(renkei::viewer::testing::checksum(*f)).c_str());
  return 0;
}

int rendered(const char* in, const std::string& dir, const std::string& name) {
  std::string error;
  const auto f = dicomImageValues(in, error);
  if (!f) return die(error);
  ImageDescription d;
  d.rows = f->height;
  d.columns = f->width;
  d.samplesPerPixel = f->samples;
  d.photometricInterpretation = f->photometricInterpretation;
  d.pixelRepresentation = f->isSigned ? 1 : 0;
  d.bitsAllocated = f->samples == 3 ? 8 : f->bitsStored > 16 ? 32 : 16;
  d.bitsStored = d.highBit = 0;
  d.bitsStored = f->samples == 3 ? 8 : d.bitsAllocated;
  d.highBit = d.bitsStored - 1;
  std::vector<Uint8> bytes;
  for (std::size_t i = 0; i < f->sampleCount(); ++i) {
    const auto v = static_cast<std::uint32_t>(f->valueAt(i));
    for (int b = 0; b < d.bitsAllocated / 8; ++b) bytes.push_back(static_cast<Uint8>(v >> (8 * b)));
  }
  DcmItem none;
  return writeFrame(dir, name, "1.2.840.10008.1.2.1", d, bytes, &none) ? 0 : die("cannot write the frame");
}

}  // namespace

int main(int argc, char** argv) {
  DJDecoderRegistration::registerCodecs();
  DJLSDecoderRegistration::registerCodecs();
  DcmRLEDecoderRegistration::registerCodecs();
  const std::string cmd = argc > 1 ? argv[1] : "";
  if (cmd == "ct12" && argc == 4) return ct12(argv[2], argv[3]);
  if (cmd == "rgb" && (argc == 5 || argc == 6))
    return rgb(argv[2], std::atoi(argv[3]), std::atoi(argv[4]), argc == 6 && std::string(argv[5]) == "planar");
  if (cmd == "extract" && argc == 5) return extract(argv[2], argv[3], argv[4]);
  if (cmd == "j2k" && argc == 7)
    return j2k(argv[2], argv[3], argv[4], std::string(argv[5]) == "lossless", std::string(argv[6]) == "jp2");
  if (cmd == "reference" && argc == 3) return reference(argv[2]);
  if (cmd == "rendered" && argc == 5) return rendered(argv[2], argv[3], argv[4]);
  if (cmd == "palette" && argc == 3) return palette(argv[2]);
  std::fprintf(stderr,
               "usage: frame_tool ct12 IN OUT | rgb OUT ROWS COLS [planar] | extract IN DIR NAME |\n"
               "       j2k IN DIR NAME lossless|lossy j2k|jp2 | reference IN | rendered IN DIR NAME | palette OUT\n");
  return 2;
}
