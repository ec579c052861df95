// SPDX-License-Identifier: MIT
// libFuzzer target: the DICOM ingest path as ImageStore::store takes it — the deflate-bomb check,
// DCMTK's parse of a Part-10 file, the attributes read for the index with their names decoded from
// the Specific Character Set, and the fragment index of compressed frames read back. Input without
// the "DICM" preamble is read as a raw data set, as some archives keep them. Issue 15 §2.
#include <dcmtk/oflog/oflog.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/text/Utf8.h"
#include "server/imaging/DicomInstance.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  renkei::server::initialiseDicom();
  OFLog::getLogger("dcmtk").setLogLevel(OFLogger::OFF_LOG_LEVEL);  // refusals are expected here
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace renkei::server;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const bool raw = bytes.size() < 132 || bytes.substr(128, 4) != "DICM";
  try {
    checkInflatedSize(bytes, 8u << 20);
    const InstanceInfo info = readInstance(bytes, raw);
    // What the index and the patient list show must be UTF-8, whatever the file claimed.
    for (const std::string* s : {&info.patientId, &info.studyDescription, &info.seriesDescription, &info.accessionNumber})
      if (!renkei::text::isValidUtf8(*s)) __builtin_trap();
    if (!renkei::text::isValidUtf8(info.patientName.display()) || !renkei::text::isValidUtf8(info.patientName.reading()))
      __builtin_trap();
    // The frame index points inside the file.
    for (int f = 1; f <= info.frames && f <= 64; ++f)
      for (const auto& [offset, length] : frameFragments(info.frameIndex, f))
        if (offset < 0 || length < 0 || static_cast<std::size_t>(offset + length) > bytes.size()) __builtin_trap();
  } catch (const DicomError&) {
    // refused with a reason: what a sender is told
  }
  return 0;
}
