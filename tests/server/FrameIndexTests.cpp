// SPDX-License-Identifier: MIT
// Issue 13 §3: compressed frames are indexed when the instance arrives (where each frame's fragments
// lie in the file), so that WADO-RS answers a frame as stored without parsing the file. Checked
// against DCMTK's own reading of the same frames, on files written by other software (pydicom's
// test files: RLE, JPEG baseline and lossless, JPEG-LS, JPEG 2000; single- and multi-frame, one or
// several fragments per frame) and on our own synthetic ones.
#include <catch2/catch.hpp>

#include <dcmtk/config/osconfig.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <dcmtk/dcmdata/dctk.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "TestFiles.h"
#include "server/imaging/DicomCodec.h"
#include "server/imaging/DicomInstance.h"

using namespace renkei::server;

using renkei::test::readFile;

namespace {


/// Frame `n` as the index says: the bytes of its fragments, joined.
std::string indexedFrame(const std::string& file, const InstanceInfo& i, int n) {
  std::string out;
  for (const auto& [offset, length] : frameFragments(i.frameIndex, n)) out += file.substr(static_cast<std::size_t>(offset), static_cast<std::size_t>(length));
  return out;
}

}  // namespace

TEST_CASE("issue 13: compressed frames indexed on arrival equal DCMTK's reading of them, for other software's files",
          "[server][dicomweb][frames]") {
  const std::filesystem::path dir = "/usr/lib/python3/dist-packages/pydicom/data/test_files";
  if (!std::filesystem::exists(dir)) {
    WARN("python3-pydicom's test files are not installed");
    return;
  }
  int indexed = 0, multiFrame = 0, multiFragment = 0, frameCount = 0;
  std::vector<std::string> notIndexed;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() != ".dcm") continue;
    const std::string file = readFile(e.path());
    InstanceInfo i;
    try {
      i = readInstance(file);
    } catch (const std::exception&) {
      continue;  // not an instance we store (the set has broken files on purpose)
    }
    if (!DcmXfer(i.transferSyntaxUid.c_str()).isEncapsulated() || i.frames < 1) continue;
    std::vector<std::string> parsed;
    try {
      for (int n = 1; n <= i.frames; ++n) parsed.push_back(renkei::server::frames(file, {n}, false).front());
    } catch (const std::exception&) {
      continue;  // DCMTK cannot read its frames either
    }
    INFO(e.path().filename().string() << " " << i.transferSyntaxUid << " " << i.frames << " frame(s)");
    if (i.frameIndex.empty()) {
      notIndexed.push_back(e.path().filename().string());
      continue;
    }
    ++indexed;
    if (i.frames > 1) ++multiFrame;
    for (int n = 1; n <= i.frames; ++n) {
      if (frameFragments(i.frameIndex, n).size() > 1) ++multiFragment;
      CHECK(indexedFrame(file, i, n) == parsed[static_cast<std::size_t>(n - 1)]);
      ++frameCount;
    }
    CHECK(frameFragments(i.frameIndex, i.frames + 1).empty());
  }
  std::string list;
  for (const auto& n : notIndexed) list += n + " ";
  INFO("not indexed: " << list);
  CHECK(indexed >= 20);
  CHECK(multiFrame >= 3);
  CHECK(notIndexed.empty());
  WARN(indexed << " files, " << frameCount << " frames, " << multiFrame << " multi-frame, " << multiFragment << " frames in several fragments");
}

TEST_CASE("issue 13: a frame index that is not well-formed gives no fragments", "[server][dicomweb][frames]") {
  CHECK(frameFragments("10:4;20:6,30:2", 1) == std::vector<std::pair<std::int64_t, std::int64_t>>{{10, 4}});
  CHECK(frameFragments("10:4;20:6,30:2", 2) == std::vector<std::pair<std::int64_t, std::int64_t>>{{20, 6}, {30, 2}});
  CHECK(frameFragments("10:4;20:6,30:2", 3).empty());
  CHECK(frameFragments("10:x", 1).empty());
  CHECK(frameFragments("10", 1).empty());
  CHECK(frameFragments("-1:4", 1).empty());
}

TEST_CASE("issue 13: frames in several fragments (DCMTK's encoders, 1 KB fragments, with an offset table) are indexed exactly",
          "[server][dicomweb][frames]") {
  // A 4-frame 128x128 16-bit image (a synthetic CT slice, each frame shifted), stored native, then
  // compressed by DCMTK's command-line encoders into fragments of at most 1 KB.
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("renkei-frag-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  REQUIRE(std::system((std::string(RENKEI_ADMIN_BINARY) + " synthesize-dicom --out " + (dir / "ct").string() +
                       " --patient P000101 --kind ct --slices 1 --size 128 >/dev/null 2>&1").c_str()) == 0);
  const auto slice = std::filesystem::directory_iterator(dir / "ct")->path();
  DcmFileFormat ff;
  REQUIRE(ff.loadFile(slice.c_str()).good());
  DcmDataset* ds = ff.getDataset();
  const Uint16* pixels = nullptr;
  unsigned long count = 0;
  REQUIRE(ds->findAndGetUint16Array(DCM_PixelData, pixels, &count).good());
  REQUIRE(count == 128 * 128);
  std::vector<Uint16> multi;
  for (int f = 0; f < 4; ++f)
    for (unsigned long k = 0; k < count; ++k) multi.push_back(static_cast<Uint16>(pixels[(k + static_cast<unsigned long>(f) * 37) % count]));
  REQUIRE(ds->putAndInsertUint16Array(DCM_PixelData, multi.data(), multi.size()).good());
  REQUIRE(ds->putAndInsertString(DCM_NumberOfFrames, "4").good());
  const auto native = dir / "native.dcm";
  REQUIRE(ff.saveFile(native.c_str(), EXS_LittleEndianExplicit).good());
  for (const std::string tool : {"dcmcjpls", "dcmcjpeg", "dcmcrle"}) {
    const auto out = dir / (tool + ".dcm");
    REQUIRE(std::system((tool + " +fs 1 " + native.string() + " " + out.string() + " >/dev/null 2>&1").c_str()) == 0);
    const std::string file = readFile(out);
    const InstanceInfo i = readInstance(file);
    INFO(tool << " " << i.transferSyntaxUid);
    REQUIRE(i.frames == 4);
    REQUIRE(!i.frameIndex.empty());
    int fragmented = 0;
    for (int n = 1; n <= i.frames; ++n) {
      if (frameFragments(i.frameIndex, n).size() > 1) ++fragmented;
      CHECK(indexedFrame(file, i, n) == renkei::server::frames(file, {n}, false).front());
    }
    CHECK(fragmented == 4);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("issue 15: an element whose length runs past the end is refused at once, not allocated (fuzz-dicom's crasher)",
          "[server][dicom][bad-input]") {
  // 13 bytes read as a raw data set: a tag, then a length field of 0xfffdffff. Over DCMTK's buffer
  // stream this was a 4 GiB allocation; now it is a refusal naming the truncation.
  const std::string bytes("\xff\xff\x0a\xff\xff\xff\xff\xfd\xff\xff\xff\xff\xff", 13);
  REQUIRE(bytes == readFile(std::filesystem::path(RENKEI_SOURCE_DIR) / "tests/fuzz/regressions/dicom/oom-4gib-element-in-13-bytes"));
  try {
    renkei::server::readInstance(bytes, true);
    FAIL("read");
  } catch (const renkei::server::DicomError& e) {
    CHECK(e.kind() != renkei::server::DicomError::Kind::TooLarge);
  }
}
