// SPDX-License-Identifier: MIT
#include "server/imaging/DicomCodec.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dccodec.h>
#include <dcmtk/dcmdata/dcfcache.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcistrmb.h>
#include <dcmtk/dcmdata/dcjson.h>
#include <dcmtk/dcmdata/dcostrmb.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcstack.h>
#include <dcmtk/dcmdata/dctk.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <memory>
#include <sstream>
#include <stdexcept>

#include "core/text/JapaneseText.h"
#include "server/imaging/DicomInstance.h"

namespace renkei::server {
namespace {

}  // namespace

std::unique_ptr<DcmFileFormat> loadInstance(std::string_view bytes) {
  initialiseDicom();
  DcmInputBufferStream in;
  in.setBuffer(bytes.data(), static_cast<offile_off_t>(bytes.size()));
  in.setEos();
  auto file = std::make_unique<DcmFileFormat>();
  file->transferInit();
  const OFCondition c = file->read(in, EXS_Unknown, EGL_noChange, DCM_MaxReadLength);
  file->transferEnd();
  if (c.bad()) throw std::runtime_error(std::string("cannot read the stored instance: ") + c.text());
  file->loadAllDataIntoMemory();
  return file;
}

namespace {

std::string write(DcmFileFormat& file, E_TransferSyntax xfer) {
  file.validateMetaInfo(xfer);
  std::string out;
  char chunk[65536];
  DcmOutputBufferStream os(chunk, sizeof chunk);
  file.transferInit();
  OFCondition c;
  do {
    c = file.write(os, xfer, EET_ExplicitLength, nullptr);
    if (c.good()) os.flush();  // a deflated stream keeps its tail until flushed
    void* p = nullptr;
    offile_off_t n = 0;
    os.flushBuffer(p, n);
    out.append(static_cast<const char*>(p), static_cast<std::size_t>(n));
  } while (c == EC_StreamNotifyClient);
  file.transferEnd();
  if (c.bad()) throw std::runtime_error(std::string("cannot write the instance: ") + c.text());
  return out;
}

/// Text attributes in ISO 2022 (or any other non-UTF-8 character set core can decode) rewritten as
/// UTF-8, for DICOM JSON (which is UTF-8 by definition).
void toUtf8(DcmDataset& ds) {
  OFString charset;
  ds.findAndGetOFStringArray(DCM_SpecificCharacterSet, charset);
  const std::string cs(charset.c_str());
  if (cs.empty() || cs == "ISO_IR 192" || cs == "ISO_IR 6") return;
  std::vector<std::string> terms;
  for (std::size_t start = 0;;) {
    const auto p = cs.find('\\', start);
    terms.push_back(cs.substr(start, p == std::string::npos ? std::string::npos : p - start));
    if (p == std::string::npos) break;
    start = p + 1;
  }
  std::vector<std::string_view> views(terms.begin(), terms.end());
  DcmStack stack;
  while (ds.nextObject(stack, OFTrue).good()) {
    auto* e = dynamic_cast<DcmElement*>(stack.top());
    if (!e) continue;
    const DcmEVR vr = e->ident();
    if (vr != EVR_PN && vr != EVR_LO && vr != EVR_SH && vr != EVR_ST && vr != EVR_LT && vr != EVR_UT && vr != EVR_UC)
      continue;
    char* value = nullptr;
    Uint32 length = 0;
    if (e->getString(value, length).bad() || !value) continue;
    const auto d = text::decodeDicom(std::string_view(value, length), views, vr == EVR_PN ? "^=\\\r\n\t\f" : "\\\r\n\t\f");
    e->putString(d.utf8.c_str(), static_cast<Uint32>(d.utf8.size()));
  }
  ds.putAndInsertString(DCM_SpecificCharacterSet, "ISO_IR 192");
}

class BulkPixelData : public DcmJsonFormatCompact {
 public:
  explicit BulkPixelData(std::string uri) : DcmJsonFormatCompact(OFFalse), uri_(std::move(uri)) {}
  OFBool asBulkDataURI(const DcmTagKey& tag, OFString& uri) override {
    if (tag != DCM_PixelData && tag != DCM_FloatPixelData && tag != DCM_DoubleFloatPixelData) return OFFalse;
    uri = uri_.c_str();
    return OFTrue;
  }

 private:
  std::string uri_;
};

}  // namespace

bool isUncompressed(const std::string& ts) {
  return ts == "1.2.840.10008.1.2" || ts == "1.2.840.10008.1.2.1" || ts == "1.2.840.10008.1.2.2";
}

std::string frameMediaType(const std::string& ts) {
  if (isUncompressed(ts) || ts == "1.2.840.10008.1.2.1.99") return "application/octet-stream";
  if (ts == "1.2.840.10008.1.2.5") return "image/x-dicom-rle";
  if (ts == "1.2.840.10008.1.2.4.80" || ts == "1.2.840.10008.1.2.4.81") return "image/jls";
  if (ts == "1.2.840.10008.1.2.4.90" || ts == "1.2.840.10008.1.2.4.91") return "image/jp2";
  if (ts.rfind("1.2.840.10008.1.2.4.", 0) == 0) return "image/jpeg";
  return "application/octet-stream";
}

std::string transcode(std::string_view bytes, const std::string& tsUid) {
  const DcmXfer target(tsUid.c_str());
  if (target.getXfer() == EXS_Unknown) throw std::runtime_error("unknown transfer syntax " + tsUid);
  auto file = loadInstance(bytes);
  DcmDataset* ds = file->getDataset();
  if (ds->getOriginalXfer() == target.getXfer()) return std::string(bytes);
  if (ds->chooseRepresentation(target.getXfer(), nullptr).bad() || !ds->canWriteXfer(target.getXfer()))
    throw std::runtime_error(std::string("cannot convert from ") + DcmXfer(ds->getOriginalXfer()).getXferName() + " to " +
                             target.getXferName());
  return write(*file, target.getXfer());
}

std::vector<std::string> frames(std::string_view bytes, const std::vector<int>& numbers, bool decompress) {
  auto file = loadInstance(bytes);
  DcmDataset* ds = file->getDataset();
  DcmElement* element = nullptr;
  if (ds->findAndGetElement(DCM_PixelData, element).bad() || !element) throw std::out_of_range("the instance has no pixel data");
  Sint32 count = 1;
  ds->findAndGetSint32(DCM_NumberOfFrames, count);
  count = std::max<Sint32>(count, 1);
  for (const int n : numbers)
    if (n < 1 || n > count) throw std::out_of_range("frame " + std::to_string(n) + " does not exist (" + std::to_string(count) + " frames)");
  const DcmXfer stored(ds->getOriginalXfer());
  std::vector<std::string> out;
  if (!stored.isEncapsulated() || decompress) {
    Uint32 size = 0;
    if (element->getUncompressedFrameSize(ds, size).bad()) throw std::runtime_error("cannot size the frames");
    DcmFileCache cache;
    for (const int n : numbers) {
      std::string frame(size, '\0');
      Uint32 start = 0;
      OFString colour;
      const OFCondition c = element->getUncompressedFrame(ds, static_cast<Uint32>(n - 1), start, frame.data(), size, colour, &cache);
      if (c.bad()) throw std::runtime_error(std::string("cannot decode frame ") + std::to_string(n) + ": " + c.text());
      if (size % 2 == 1) frame.pop_back();  // an odd frame is padded in the element, not in the frame
      out.push_back(std::move(frame));
    }
    return out;
  }
  // Encapsulated: the compressed bitstream of each frame, from its fragments.
  auto* pixel = dynamic_cast<DcmPixelData*>(element);
  DcmPixelSequence* seq = nullptr;
  const DcmRepresentationParameter* rp = nullptr;
  if (!pixel || pixel->getEncapsulatedRepresentation(ds->getOriginalXfer(), rp, seq).bad() || !seq)
    throw std::runtime_error("cannot read the encapsulated pixel data");
  const unsigned long fragments = seq->card() > 0 ? seq->card() - 1 : 0;  // item 0: the offset table
  for (const int n : numbers) {
    // One fragment per frame when their numbers match; otherwise DCMTK finds the frame's first
    // fragment from the offset table, and the frame runs to the next frame's first fragment.
    Uint32 first = 0, next = 0;
    if (fragments == static_cast<unsigned long>(count)) {
      first = static_cast<Uint32>(n - 1);
      next = first + 1;
    } else {
      // (DCMTK counts sequence items, the offset table being item 0; `first`/`next` count fragments.)
      if (DcmCodec::determineStartFragment(static_cast<Uint32>(n - 1), count, seq, first).bad() || first == 0)
        throw std::runtime_error("cannot find frame " + std::to_string(n) + " (no offset table)");
      --first;
      if (n == count || DcmCodec::determineStartFragment(static_cast<Uint32>(n), count, seq, next).bad() || next == 0)
        next = static_cast<Uint32>(fragments) + 1;
      --next;
    }
    std::string frame;
    for (Uint32 f = first; f < next; ++f) {
      DcmPixelItem* item = nullptr;
      Uint8* data = nullptr;
      if (seq->getItem(item, f + 1).bad() || !item || item->getUint8Array(data).bad()) throw std::runtime_error("a fragment is missing");
      if (data) frame.append(reinterpret_cast<const char*>(data), item->getLength());
    }
    out.push_back(std::move(frame));
  }
  return out;
}

std::string metadataJson(std::string_view bytes, const std::string& pixelDataUri) {
  auto file = loadInstance(bytes);
  DcmDataset* ds = file->getDataset();
  toUtf8(*ds);
  std::ostringstream os;
  BulkPixelData format(pixelDataUri);
  const OFCondition c = ds->writeJsonExt(os, format, OFTrue, OFFalse);  // an object: with its braces
  if (c.bad()) throw std::runtime_error(std::string("cannot write DICOM JSON: ") + c.text());
  return os.str();
}

}  // namespace renkei::server
