// SPDX-License-Identifier: MIT
// WADO-RS metadata read from a stored file's header alone (issue 11 §4: the viewer's first
// request) must be the metadata of the whole file: the same DICOM JSON, byte for byte, for files
// written by other software (pydicom's samples: explicit and implicit VR little endian, 8 and 16
// bits, RGB, multi-frame, trailing padding after the pixels) — and refused (nullopt: read the whole file) for anything that does not
// end at a Pixel Data element.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "TestFiles.h"
#include "server/imaging/DicomInstance.h"
#include "server/imaging/DicomJson.h"

using namespace renkei::server;

using renkei::test::readFile;


TEST_CASE("issue 11: metadata from the header alone equals the whole file's, for other software's files", "[server][dicomweb][metadata]") {
  REQUIRE(initialiseDicom());
  const std::filesystem::path dir = "/usr/lib/python3/dist-packages/pydicom/data/test_files";
  const std::string uri = "/dicomweb/studies/1/series/2/instances/3/frames/1";
  int compared = 0;
  for (const char* name : {"CT_small.dcm", "MR_small.dcm", "MR_small_implicit.dcm", "SC_rgb.dcm", "SC_rgb_2frame.dcm",
                           "SC_rgb_small_odd.dcm", "OBXXXX1A.dcm", "rtdose.dcm", "US1_UNCR.dcm", "emri_small.dcm"}) {
    const auto path = dir / name;
    if (!std::filesystem::exists(path)) continue;  // Debian's python3-pydicom holds most of them
    INFO(name);
    const std::string bytes = readFile(path);
    const InstanceInfo info = readInstance(bytes);
    if (info.pixelOffset == 0) continue;  // not native little endian: the whole file is read
    const std::string_view prefix = std::string_view(bytes).substr(0, static_cast<std::size_t>(info.pixelOffset));
    const auto end = pixelDataEnd(prefix);
    REQUIRE(end.has_value());
    REQUIRE(*end <= bytes.size());
    const auto fromHeader = metadataJsonOfHeader(prefix, std::string_view(bytes).substr(*end), uri);
    REQUIRE(fromHeader.has_value());
    CHECK(*fromHeader == metadataJson(bytes, uri));
    CHECK(fromHeader->find(uri) != std::string::npos);  // Pixel Data is the link to the frames
    ++compared;
  }
  CHECK(compared >= 5);
  // Not ending at a Pixel Data element's header: nullopt, never a wrong answer.
  const std::string ct = readFile(dir / "CT_small.dcm");
  const auto offset = static_cast<std::size_t>(readInstance(ct).pixelOffset);
  REQUIRE(offset > 0);
  CHECK_FALSE(metadataJsonOfHeader(std::string_view(ct).substr(0, offset - 3), "", uri).has_value());
  CHECK_FALSE(metadataJsonOfHeader(std::string_view(ct).substr(0, 100), "", uri).has_value());
  CHECK_FALSE(metadataJsonOfHeader("", "", uri).has_value());
  CHECK_FALSE(pixelDataEnd(std::string_view(ct).substr(0, offset - 1)).has_value());
}
