// SPDX-License-Identifier: MIT
#include "server/imaging/DicomJson.h"

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcjson.h>
#include <dcmtk/dcmdata/dcstack.h>
#include <dcmtk/dcmdata/dctk.h>

#include <cstdint>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "server/imaging/DicomCodec.h"
#include "server/imaging/DicomText.h"

namespace renkei::server {

using nlohmann::json;

std::string instanceUrl(const std::string& studyUid, const std::string& seriesUid, const std::string& sopUid) {
  return std::string(kDicomWebBase) + "/studies/" + studyUid + "/series/" + seriesUid + "/instances/" + sopUid;
}

json attr(const char* vr, const std::string& value) {
  json a{{"vr", vr}};
  if (!value.empty()) a["Value"] = json::array({value});
  return a;
}

json attrInt(const char* vr, int value) { return json{{"vr", vr}, {"Value", json::array({value})}}; }

json attrMulti(const char* vr, const std::string& backslashed) {
  json a{{"vr", vr}};
  json values = json::array();
  for (std::size_t start = 0; start <= backslashed.size() && !backslashed.empty();) {
    const auto p = backslashed.find('\\', start);
    values.push_back(backslashed.substr(start, p == std::string::npos ? std::string::npos : p - start));
    if (p == std::string::npos) break;
    start = p + 1;
  }
  if (!values.empty()) a["Value"] = values;
  return a;
}

json attrName(const std::string& pn) {
  json name = json::object();
  const char* groups[] = {"Alphabetic", "Ideographic", "Phonetic"};
  std::size_t start = 0;
  for (int g = 0; g < 3; ++g) {
    const auto p = pn.find('=', start);
    const std::string part = pn.substr(start, p == std::string::npos ? std::string::npos : p - start);
    if (!part.empty()) name[groups[g]] = part;
    if (p == std::string::npos) break;
    start = p + 1;
  }
  json a{{"vr", "PN"}};
  if (!name.empty()) a["Value"] = json::array({name});
  return a;
}

std::string da(const std::string& iso) {
  std::string out;
  for (const char c : iso)
    if (c != '-') out += c;
  return out;
}

json studyJson(const StudyRow& s) {
  return {{"00080020", attr("DA", da(s.studyDate))},
          {"00080030", attr("TM", s.studyTime)},
          {"00080050", attr("SH", s.accession)},
          {"00080061", attrMulti("CS", s.modalities)},
          {"00081030", attr("LO", s.description)},
          {"00080190", attr("UR", std::string(kDicomWebBase) + "/studies/" + s.uid)},
          {"00100010", attrName(s.patientName)},
          {"00100020", attr("LO", s.patientId)},
          {"0020000D", attr("UI", s.uid)},
          {"00200010", attr("SH", s.studyId)},
          {"00201206", attrInt("IS", s.series)},
          {"00201208", attrInt("IS", s.instances)}};
}

json seriesJson(const SeriesRow& s) {
  return {{"00080060", attr("CS", s.modality)},
          {"0008103E", attr("LO", s.description)},
          {"00180015", attr("CS", s.bodyPart)},
          {"0020000D", attr("UI", s.studyUid)},
          {"0020000E", attr("UI", s.uid)},
          {"00200011", attrInt("IS", s.number)},
          {"00201209", attrInt("IS", s.instances)},
          {"00080190", attr("UR", std::string(kDicomWebBase) + "/studies/" + s.studyUid + "/series/" + s.uid)}};
}

json instanceJson(const InstanceRow& i) {
  json j{{"00080016", attr("UI", i.sopClass)},
         {"00080018", attr("UI", i.sopUid)},
         {"00083002", attr("UI", i.transferSyntax)},
         {"0020000D", attr("UI", i.studyUid)},
         {"0020000E", attr("UI", i.seriesUid)},
         {"00200013", attrInt("IS", i.number)},
         {"00080190", attr("UR", instanceUrl(i.studyUid, i.seriesUid, i.sopUid))}};
  if (i.rows) j["00280010"] = attrInt("US", i.rows);
  if (i.columns) j["00280011"] = attrInt("US", i.columns);
  if (i.frames) j["00280008"] = attrInt("IS", i.frames);
  return j;
}

// ---- From the stored file, through DCMTK ----

namespace {

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

namespace {

std::string datasetJson(DcmDataset* ds, const std::string& pixelDataUri) {
  datasetToUtf8(*ds);
  std::ostringstream os;
  BulkPixelData format(pixelDataUri);
  const OFCondition c = ds->writeJsonExt(os, format, OFTrue, OFFalse);  // an object: with its braces
  if (c.bad()) throw std::runtime_error(std::string("cannot write DICOM JSON: ") + c.text());
  return os.str();
}

}  // namespace

std::string metadataJson(std::string_view bytes, const std::string& pixelDataUri) {
  auto file = loadInstance(bytes);
  return datasetJson(file->getDataset(), pixelDataUri);
}

namespace {

/// The Pixel Data element's header at the end of `prefix`: (7FE0,0010) "OB"/"OW" 00 00 length
/// (explicit VR little endian, 12 bytes) or (7FE0,0010) length (implicit VR little endian, 8 bytes).
struct PixelHeader {
  std::size_t size = 0;     ///< 0: none
  DcmEVR vr = EVR_UNKNOWN;  ///< EVR_UNKNOWN: implicit (the dictionary's VR, as a full read gives it)
  std::uint32_t length = 0;
};

PixelHeader pixelHeaderOf(std::string_view prefix) {
  const auto* b = reinterpret_cast<const unsigned char*>(prefix.data());
  const std::size_t n = prefix.size();
  const auto tagAt = [&](std::size_t at) { return b[at] == 0xE0 && b[at + 1] == 0x7F && b[at + 2] == 0x10 && b[at + 3] == 0x00; };
  const auto u32 = [&](std::size_t at) {
    return static_cast<std::uint32_t>(b[at]) | static_cast<std::uint32_t>(b[at + 1]) << 8 | static_cast<std::uint32_t>(b[at + 2]) << 16 |
           static_cast<std::uint32_t>(b[at + 3]) << 24;
  };
  constexpr std::size_t kPart10 = 132;  // preamble and "DICM"
  PixelHeader h;
  if (n > kPart10 + 12 && tagAt(n - 12) && b[n - 8] == 'O' && (b[n - 7] == 'W' || b[n - 7] == 'B') && b[n - 6] == 0 && b[n - 5] == 0)
    h = {12, b[n - 7] == 'W' ? EVR_OW : EVR_OB, u32(n - 4)};
  else if (n > kPart10 + 8 && tagAt(n - 8))
    h = {8, EVR_UNKNOWN, u32(n - 4)};
  if (h.length == 0xFFFFFFFFu) h.size = 0;  // undefined length: encapsulated, never native
  return h;
}

}  // namespace

std::optional<std::size_t> pixelDataEnd(std::string_view prefix) {
  const PixelHeader h = pixelHeaderOf(prefix);
  if (h.size == 0) return std::nullopt;
  return prefix.size() + h.length;
}

std::optional<std::string> metadataJsonOfHeader(std::string_view prefix, std::string_view tail, const std::string& pixelDataUri) {
  const PixelHeader h = pixelHeaderOf(prefix);
  if (h.size == 0) return std::nullopt;
  // The data set without the Pixel Data element: what precedes it, then what follows it.
  std::string rest(prefix.substr(0, prefix.size() - h.size));
  rest.append(tail);
  auto file = loadInstance(rest);
  DcmDataset* ds = file->getDataset();
  // A stand-in value (never written: the JSON links to the frames) so that the element is there.
  DcmTag tag(DCM_PixelData);
  if (h.vr != EVR_UNKNOWN) tag.setVR(DcmVR(h.vr));
  auto* pixels = new DcmPixelData(tag);
  static const Uint8 kStandIn[2] = {0, 0};
  pixels->putUint8Array(kStandIn, 2);
  if (ds->insert(pixels, OFTrue).bad()) {
    delete pixels;
    return std::nullopt;
  }
  return datasetJson(ds, pixelDataUri);
}

}  // namespace renkei::server
