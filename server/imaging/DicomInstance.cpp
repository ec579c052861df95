// SPDX-License-Identifier: MIT
#include "server/imaging/DicomInstance.h"

#include "server/imaging/Jpeg2000Codec.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcdict.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcistrmb.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dcrleerg.h>
#include <dcmtk/dcmdata/dctk.h>
#include <dcmtk/dcmdata/dccodec.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/oflog/oflog.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpeg/djencode.h>
#include <dcmtk/dcmjpls/djdecode.h>
#include <dcmtk/dcmjpls/djencode.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <mutex>

#include <zlib.h>
#include <vector>

#include "core/text/Trim.h"
#include "server/imaging/DicomText.h"
#include "server/imaging/MemoryStream.h"

namespace renkei::server {
namespace {

/// The raw bytes of a string attribute (no character set conversion: DCMTK does none unless asked).
std::string raw(DcmDataset& ds, const DcmTagKey& tag) {
  OFString v;
  if (ds.findAndGetOFStringArray(tag, v).bad()) return {};
  return std::string(v.c_str(), v.length());
}

int integer(DcmDataset& ds, const DcmTagKey& tag) {
  Sint32 v = 0;
  if (ds.findAndGetSint32(tag, v).good()) return static_cast<int>(v);
  Uint16 u = 0;
  if (ds.findAndGetUint16(tag, u).good()) return u;
  return 0;
}

/// A value without its padding (trailing spaces or NULs, PS3.5 §6.2) and leading spaces.
std::string trim(std::string_view s) { return std::string(text::trimStart(text::trimEnd(s, text::kDicomPadding), " ")); }

/// A text value in UTF-8 by the instance's character set (DicomText: core's decoder, else DCMTK's).
std::string decoded(std::string_view bytes, std::string_view charset) { return trim(dicomTextToUtf8(bytes, charset, false)); }

PersonName personName(std::string_view bytes, std::string_view charset) {
  const std::string utf8 = trim(dicomTextToUtf8(bytes, charset, true));
  PersonName n;
  std::string* groups[] = {&n.alphabetic, &n.ideographic, &n.phonetic};
  std::size_t g = 0, start = 0;
  for (std::size_t i = 0; i <= utf8.size() && g < 3; ++i) {
    if (i == utf8.size() || utf8[i] == '=') {
      *groups[g++] = trim(utf8.substr(start, i - start));
      start = i + 1;
    }
  }
  return n;
}

std::string joined(const std::string& group) {
  std::string out;
  for (const char c : group) {
    if (c == '^') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  out.resize(text::trimEnd(out, " ").size());
  return out;
}

}  // namespace

std::string PersonName::display() const { return joined(ideographic.empty() ? alphabetic : ideographic); }
std::string PersonName::reading() const { return joined(phonetic); }

bool initialiseDicom() {
  static std::once_flag once;
  std::call_once(once, [] {
    // DCMTK's own warnings (e.g. "PixelData encountered, skipping rest of dataset" when only the
    // header is read, by design) would fill the server's log; what is refused is reported with its
    // reason by the callers. Errors still show.
    OFLog::getLogger("dcmtk.dcmdata").setLogLevel(OFLogger::ERROR_LOG_LEVEL);
    DJDecoderRegistration::registerCodecs();
    DJEncoderRegistration::registerCodecs();
    DJLSDecoderRegistration::registerCodecs();
    DJLSEncoderRegistration::registerCodecs();
    DcmRLEDecoderRegistration::registerCodecs();
    DcmRLEEncoderRegistration::registerCodecs();
    registerJpeg2000Decoder();
  });
  return dcmDataDict.isDictionaryLoaded();
}

/// A deflated dataset (1.2.840.10008.1.2.1.99) is inflated by DCMTK in memory, all of it: a small
/// file could become many gigabytes. Its inflated size is measured first (zlib, output discarded)
/// and refused past `limit`.
void checkInflatedSize(std::string_view bytes, std::size_t limit) {
  if (bytes.size() < 144 || bytes.substr(128, 4) != "DICM" || bytes.substr(132, 4) != std::string_view("\x02\x00\x00\x00", 4)) return;
  const auto u8 = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[k])); };
  const std::size_t metaEnd = 144 + (u8(140) | u8(141) << 8 | u8(142) << 16 | u8(143) << 24);
  if (metaEnd > bytes.size() || bytes.substr(132, metaEnd - 132).find("1.2.840.10008.1.2.1.99") == std::string_view::npos) return;
  z_stream z{};
  if (inflateInit2(&z, -15) != Z_OK) throw DicomError(DicomError::Kind::Unsupported, "cannot inflate the data set");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data() + metaEnd));
  z.avail_in = static_cast<uInt>(bytes.size() - metaEnd);
  std::vector<unsigned char> sink(1 << 16);
  std::size_t total = 0;
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = sink.data();
    z.avail_out = static_cast<uInt>(sink.size());
    rc = inflate(&z, Z_NO_FLUSH);
    total += sink.size() - z.avail_out;
    if (total > limit) {
      inflateEnd(&z);
      throw DicomError(DicomError::Kind::TooLarge, "the deflated data set inflates to more than the instance limit");
    }
    if (rc == Z_BUF_ERROR && z.avail_in == 0) break;
  }
  inflateEnd(&z);
}

namespace {

std::uint32_t le32(std::string_view b, std::size_t at) {
  const auto u8 = [&](std::size_t k) { return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + k])); };
  return u8(0) | u8(1) << 8 | u8(2) << 16 | u8(3) << 24;
}

}  // namespace

static std::string encapsulatedFrameIndex(DcmDataset& ds, std::string_view bytes, std::int64_t valueOffset, int frames) {
  DcmElement* element = nullptr;
  auto* pixel = ds.findAndGetElement(DCM_PixelData, element).good() ? dynamic_cast<DcmPixelData*>(element) : nullptr;
  DcmPixelSequence* seq = nullptr;
  const DcmRepresentationParameter* rp = nullptr;
  if (!pixel || pixel->getEncapsulatedRepresentation(ds.getOriginalXfer(), rp, seq).bad() || !seq || seq->card() < 2) return {};
  // Each item: tag (FFFE,E000) and 32-bit length, then its bytes. Item 0 is the Basic Offset Table.
  // DCMTK's parse gives the lengths; every position is checked against the file's bytes.
  std::vector<std::pair<std::int64_t, std::int64_t>> fragments;  // (value offset, length), item 1 on
  std::int64_t at = valueOffset;
  for (unsigned long k = 0; k < seq->card(); ++k) {
    DcmPixelItem* item = nullptr;
    if (seq->getItem(item, k).bad() || !item) return {};
    const std::int64_t length = item->getLength();
    if (at + 8 + length > static_cast<std::int64_t>(bytes.size()) || le32(bytes, static_cast<std::size_t>(at)) != 0xE000FFFEu ||
        le32(bytes, static_cast<std::size_t>(at) + 4) != static_cast<std::uint32_t>(length))
      return {};  // not laid out as expected (e.g. a deflated file): frames are then read by parsing
    if (k > 0) fragments.emplace_back(at + 8, length);
    at += 8 + length;
  }
  // Which fragments make each frame: one each when the counts match, all of them for a single
  // frame, else from the offset table (DCMTK counts items with the table as item 0).
  std::vector<std::size_t> firsts;
  const std::size_t n = fragments.size();
  if (n == static_cast<std::size_t>(frames)) {
    for (std::size_t f = 0; f < n; ++f) firsts.push_back(f);
  } else if (frames == 1) {
    firsts.push_back(0);
  } else {
    for (int f = 0; f < frames; ++f) {
      Uint32 first = 0;
      if (DcmCodec::determineStartFragment(static_cast<Uint32>(f), frames, seq, first).bad() || first == 0 || first > n) return {};
      firsts.push_back(first - 1);
    }
  }
  std::string index;
  for (std::size_t f = 0; f < firsts.size(); ++f) {
    const std::size_t end = f + 1 < firsts.size() ? firsts[f + 1] : n;
    if (end <= firsts[f]) return {};
    if (f) index += ';';
    for (std::size_t k = firsts[f]; k < end; ++k) {
      if (k > firsts[f]) index += ',';
      index += std::to_string(fragments[k].first) + ':' + std::to_string(fragments[k].second);
    }
  }
  return index;
}

std::vector<std::pair<std::int64_t, std::int64_t>> frameFragments(std::string_view index, int frame) {
  std::vector<std::pair<std::int64_t, std::int64_t>> out;
  std::size_t pos = 0;
  for (int f = 1; f < frame; ++f) {
    pos = index.find(';', pos);
    if (pos == std::string_view::npos) return {};
    ++pos;
  }
  const std::string_view entry = index.substr(pos, index.find(';', pos) - pos);
  std::size_t p = 0;
  while (p < entry.size()) {
    const std::size_t comma = std::min(entry.find(',', p), entry.size());
    const std::string_view part = entry.substr(p, comma - p);
    const std::size_t colon = part.find(':');
    std::int64_t o = 0, l = 0;
    if (colon == std::string_view::npos ||
        std::from_chars(part.data(), part.data() + colon, o).ec != std::errc() ||
        std::from_chars(part.data() + colon + 1, part.data() + part.size(), l).ec != std::errc() || o < 0 || l < 0)
      return {};
    out.emplace_back(o, l);
    p = comma + 1;
  }
  return out;
}

InstanceInfo readInstance(std::string_view bytes, bool allowRawDataset) {
  initialiseDicom();
  checkInflatedSize(bytes, kMaxInflatedBytes);
  if (bytes.size() < 132 && !allowRawDataset) throw DicomError(DicomError::Kind::NotDicom, "not a DICOM file (too short)");
  MemoryInputStream in(bytes);  // long values read when asked, a length past the end refused
  DcmFileFormat file;
  file.setReadMode(allowRawDataset ? ERM_autoDetect : ERM_fileOnly);
  file.transferInit();
  const OFCondition c = file.read(in, EXS_Unknown, EGL_noChange, DCM_MaxReadLength);
  file.transferEnd();
  if (c == EC_FileMetaInfoHeaderMissing || c == EC_EndOfStream)
    throw DicomError(DicomError::Kind::NotDicom, "not a DICOM file (no DICM header)");
  if (c == EC_StreamNotifyClient || c == EC_InvalidStream)
    throw DicomError(DicomError::Kind::Truncated, std::string("the DICOM data is truncated or malformed: ") + c.text());
  if (c.bad()) throw DicomError(DicomError::Kind::NotDicom, std::string("cannot read the DICOM data: ") + c.text());

  DcmDataset& ds = *file.getDataset();
  InstanceInfo i;
  const std::string charsetText = raw(ds, DCM_SpecificCharacterSet);
  const std::string_view charset = charsetText;
  i.specificCharacterSet = charsetText;
  i.patientId = trim(raw(ds, DCM_PatientID));
  i.patientName = personName(raw(ds, DCM_PatientName), charset);
  i.patientSex = trim(raw(ds, DCM_PatientSex));
  i.patientBirthDate = trim(raw(ds, DCM_PatientBirthDate));
  i.studyUid = trim(raw(ds, DCM_StudyInstanceUID));
  i.seriesUid = trim(raw(ds, DCM_SeriesInstanceUID));
  i.sopUid = trim(raw(ds, DCM_SOPInstanceUID));
  i.sopClassUid = trim(raw(ds, DCM_SOPClassUID));
  i.studyDate = trim(raw(ds, DCM_StudyDate));
  i.studyTime = trim(raw(ds, DCM_StudyTime));
  i.accessionNumber = trim(raw(ds, DCM_AccessionNumber));
  i.studyDescription = decoded(raw(ds, DCM_StudyDescription), charset);
  i.studyId = trim(raw(ds, DCM_StudyID));
  i.modality = trim(raw(ds, DCM_Modality));
  i.seriesDescription = decoded(raw(ds, DCM_SeriesDescription), charset);
  i.bodyPart = trim(raw(ds, DCM_BodyPartExamined));
  i.seriesNumber = integer(ds, DCM_SeriesNumber);
  i.instanceNumber = integer(ds, DCM_InstanceNumber);
  i.rows = integer(ds, DCM_Rows);
  i.columns = integer(ds, DCM_Columns);
  i.bitsAllocated = integer(ds, DCM_BitsAllocated);
  if (ds.tagExists(DCM_PixelData)) i.frames = std::max(1, integer(ds, DCM_NumberOfFrames));
  OFString ts;
  if (file.getMetaInfo()->findAndGetOFString(DCM_TransferSyntaxUID, ts).good() && !ts.empty()) {
    i.transferSyntaxUid = ts.c_str();
  } else {
    i.transferSyntaxUid = DcmXfer(ds.getOriginalXfer()).getXferID();
  }
  if (i.sopClassUid.empty() || i.sopUid.empty() || i.studyUid.empty() || i.seriesUid.empty())
    throw DicomError(DicomError::Kind::MissingAttribute,
                     "the instance lacks SOP Class, SOP Instance, Study or Series Instance UID");

  // Where the Pixel Data's value starts in the file: read up to the element (the stream then stands
  // at its value). Native little-endian frames lie there one after the other; encapsulated ones are
  // indexed fragment by fragment (frameIndex).
  const int samples = std::max(1, integer(ds, DCM_SamplesPerPixel));
  const bool native = i.transferSyntaxUid == "1.2.840.10008.1.2" || i.transferSyntaxUid == "1.2.840.10008.1.2.1";
  const bool encapsulated = DcmXfer(i.transferSyntaxUid.c_str()).isEncapsulated();
  if ((native || encapsulated) && i.frames > 0 && i.rows > 0 && i.columns > 0) {
    MemoryInputStream again(bytes);
    DcmFileFormat head;
    head.transferInit();
    const OFCondition until = head.readUntilTag(again, EXS_Unknown, EGL_noChange, DCM_MaxReadLength, DCM_PixelData);
    head.transferEnd();
    const std::int64_t offset = static_cast<std::int64_t>(again.tell());
    const std::int64_t frame = static_cast<std::int64_t>(i.rows) * i.columns * samples * (i.bitsAllocated / 8);
    const std::int64_t room = static_cast<std::int64_t>(bytes.size()) - offset;
    if (native && until.good() && offset > 0 && room > 0 && frame > 0 && i.bitsAllocated % 8 == 0 && i.frames <= room / frame &&
        (samples == 1 || samples == 3)) {
      i.pixelOffset = offset;
      i.frameBytes = frame;
    }
    if (encapsulated && until.good() && offset > 0) i.frameIndex = encapsulatedFrameIndex(ds, bytes, offset, i.frames);
  }
  return i;
}

}  // namespace renkei::server
