// SPDX-License-Identifier: MIT
#include "server/imaging/DicomCodec.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dccodec.h>
#include <dcmtk/dcmdata/dcfcache.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcistrmb.h>
#include <dcmtk/dcmdata/dcostrmb.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dctk.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "server/imaging/DicomInstance.h"

namespace renkei::server {

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

}  // namespace

std::string writeInstance(DcmFileFormat& file) { return write(file, file.getDataset()->getOriginalXfer()); }

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

}  // namespace renkei::server
