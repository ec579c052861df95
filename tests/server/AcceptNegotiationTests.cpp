// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include "server/imaging/AcceptNegotiation.h"

using namespace renkei::server;

namespace {
constexpr const char* kJpegBaseline = "1.2.840.10008.1.2.4.50";
constexpr const char* kJpegLs = "1.2.840.10008.1.2.4.80";
constexpr const char* kImplicit = "1.2.840.10008.1.2";
}  // namespace

TEST_CASE("Accept: media ranges with their type and transfer-syntax parameters", "[server][dicomweb][accept]") {
  const auto none = parseAccept("");
  REQUIRE(none.size() == 1);
  CHECK(none[0].type == "*/*");
  CHECK(none[0].transferSyntax == "*");

  const auto ranges = parseAccept(
      "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.50, "
      "Application/DICOM;q=0.5 ,, image/png");
  REQUIRE(ranges.size() == 3);
  CHECK(ranges[0].type == "multipart/related");
  CHECK(ranges[0].partType == "application/dicom");
  CHECK(ranges[0].transferSyntax == kJpegBaseline);
  CHECK(ranges[1].type == "application/dicom");
  CHECK(ranges[1].partType.empty());
  CHECK(ranges[1].transferSyntax.empty());
  CHECK(ranges[2].type == "image/png");

  // A comma inside a quoted parameter does not end the range.
  const auto quoted = parseAccept("multipart/related; type=\"application/dicom, x\", image/jpeg");
  REQUIRE(quoted.size() == 2);
  CHECK(quoted[1].type == "image/jpeg");
}

TEST_CASE("instances go as stored, in the syntax asked for, or not at all", "[server][dicomweb][accept]") {
  CHECK(instanceSyntax(parseAccept(""), kJpegLs) == kJpegLs);
  CHECK(instanceSyntax(parseAccept("multipart/related"), kJpegLs) == kJpegLs);
  CHECK(instanceSyntax(parseAccept("multipart/related; type=\"application/dicom\"; transfer-syntax=*"), kJpegLs) == kJpegLs);
  // application/dicom without a transfer-syntax parameter means explicit VR little endian.
  CHECK(instanceSyntax(parseAccept("multipart/related; type=\"application/dicom\""), kJpegLs) == kExplicitLittleEndian);
  CHECK(instanceSyntax(parseAccept("application/dicom; transfer-syntax=1.2.840.10008.1.2.4.50"), kJpegLs) == kJpegBaseline);
  CHECK(instanceSyntax(parseAccept("image/jpeg"), kJpegLs).empty());

  CHECK(acceptsMultipart(parseAccept("")));
  CHECK(acceptsMultipart(parseAccept("application/dicom")));
  CHECK_FALSE(acceptsMultipart(parseAccept("application/json, image/jpeg")));
}

TEST_CASE("frames go as stored or decompressed", "[server][dicomweb][accept]") {
  CHECK(chooseFrameSyntax(parseAccept(""), kJpegLs) == FrameSyntax::AsStored);
  CHECK(chooseFrameSyntax(parseAccept("multipart/related; type=\"image/jls\""), kJpegLs) == FrameSyntax::AsStored);
  CHECK(chooseFrameSyntax(parseAccept("multipart/related; type=\"image/x-jls\""), kJpegLs) == FrameSyntax::AsStored);
  CHECK(chooseFrameSyntax(parseAccept("multipart/related; type=\"application/octet-stream\""), kJpegLs) ==
        FrameSyntax::Decompressed);
  CHECK(chooseFrameSyntax(parseAccept("multipart/related; type=\"image/jpeg\""), kJpegLs) == FrameSyntax::NotAcceptable);
  // An uncompressed instance's frames are not "stored as" some image type.
  CHECK(chooseFrameSyntax(parseAccept("multipart/related; type=\"application/octet-stream\""), kImplicit) ==
        FrameSyntax::Decompressed);

  CHECK(frameMediaType(kJpegBaseline) == "image/jpeg");
  CHECK(frameMediaType(kJpegLs) == "image/jls");
  CHECK(frameMediaType("1.2.840.10008.1.2.5") == "image/x-dicom-rle");
  CHECK(frameMediaType(kImplicit) == "application/octet-stream");
  CHECK(isUncompressed(kImplicit));
  CHECK_FALSE(isUncompressed(kJpegLs));
}

TEST_CASE("rendered pictures: JPEG unless PNG comes first", "[server][dicomweb][accept][rendered]") {
  CHECK(chooseRenderedType("") == PictureType::Jpeg);
  CHECK(chooseRenderedType("*/*") == PictureType::Jpeg);
  CHECK(chooseRenderedType("image/*") == PictureType::Jpeg);
  CHECK(chooseRenderedType("image/png") == PictureType::Png);
  CHECK(chooseRenderedType("image/png, image/jpeg") == PictureType::Png);
  CHECK(chooseRenderedType("image/jpeg, image/png") == PictureType::Jpeg);
  CHECK(chooseRenderedType("application/dicom") == PictureType::NotAcceptable);
}
