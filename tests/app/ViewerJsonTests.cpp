// SPDX-License-Identifier: MIT
// The viewer's reading of DICOMweb answers (viewer/ViewerJson), natively: series, images in slice
// order, multipart frames, frame bytes to modality values, window/level to grey (R-VIEW-1).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "wasm-app/viewer/ViewerJson.h"

using namespace renkei::app;
using nlohmann::json;

TEST_CASE("viewer: series by number, with modality, description and image count") {
  const auto series = seriesFrom(json::parse(R"([
    {"0020000E": {"vr": "UI", "Value": ["1.2.3.2"]}, "00080060": {"vr": "CS", "Value": ["SR"]}, "00200011": {"vr": "IS", "Value": [9]}},
    {"0020000E": {"vr": "UI", "Value": ["1.2.3.1"]}, "00080060": {"vr": "CS", "Value": ["CT"]}, "00200011": {"vr": "IS", "Value": [2]},
     "0008103E": {"vr": "LO", "Value": ["胸部 1mm"]}, "00201209": {"vr": "IS", "Value": [120]}}])"));
  REQUIRE(series.size() == 2);
  CHECK(series[0].uid == "1.2.3.1");
  CHECK(series[0].description == "胸部 1mm");
  CHECK(series[0].instances == 120);
  CHECK(series[1].modality == "SR");
  CHECK(seriesFrom(json::parse(R"({"not": "an array"})")).empty());
}

TEST_CASE("viewer: images in slice order along the normal, with their rescale, window and spacing") {
  // Axial slices (orientation 1,0,0 / 0,1,0: normal +z) sent in the wrong order; numbers disagree.
  const auto images = imagesFrom(json::parse(R"([
    {"00080018": {"vr": "UI", "Value": ["a"]}, "00200013": {"vr": "IS", "Value": [1]},
     "00200032": {"vr": "DS", "Value": [0, 0, -10.0]}, "00200037": {"vr": "DS", "Value": [1, 0, 0, 0, 1, 0]},
     "00280010": {"vr": "US", "Value": [4]}, "00280011": {"vr": "US", "Value": [2]}, "00280103": {"vr": "US", "Value": [1]},
     "00281052": {"vr": "DS", "Value": [-1024]}, "00281053": {"vr": "DS", "Value": [1]},
     "00281050": {"vr": "DS", "Value": [40]}, "00281051": {"vr": "DS", "Value": [400]},
     "00280030": {"vr": "DS", "Value": ["0.7", "0.8"]}},
    {"00080018": {"vr": "UI", "Value": ["b"]}, "00200013": {"vr": "IS", "Value": [2]},
     "00200032": {"vr": "DS", "Value": [0, 0, 5.0]}, "00200037": {"vr": "DS", "Value": [1, 0, 0, 0, 1, 0]}},
    {"00080018": {"vr": "UI", "Value": ["c"]}, "00200013": {"vr": "IS", "Value": [3]},
     "00200032": {"vr": "DS", "Value": [0, 0, 0.0]}, "00200037": {"vr": "DS", "Value": [1, 0, 0, 0, 1, 0]}}])"));
  REQUIRE(images.size() == 3);
  CHECK(images[0].sopUid == "b");  // head first: the highest z
  CHECK(images[1].sopUid == "c");
  CHECK(images[2].sopUid == "a");
  const ImageInfo& a = images[2];
  CHECK(a.rows == 4);
  CHECK(a.columns == 2);
  CHECK(a.isSigned);
  CHECK(a.intercept == -1024);
  CHECK(a.windowWidth == 400);
  REQUIRE(a.windows.size() == 1);
  CHECK(a.windows[0].center == 40);
  CHECK(a.calibration.rowMm == Approx(0.7));  // DS as strings too
  CHECK(a.calibration.columnMm == Approx(0.8));
  CHECK_FALSE(a.calibration.atDetector);
  CHECK(a.orientation[4] == 1.0);
  CHECK_FALSE(images[0].calibration.calibrated());  // no spacing: measurements are in pixels
  // Without positions on every image: by instance number.
  const auto byNumber = imagesFrom(json::parse(R"([{"00080018": {"Value": ["y"]}, "00200013": {"Value": [7]}},
                                                   {"00080018": {"Value": ["x"]}, "00200013": {"Value": [3]}}])"));
  REQUIRE(byNumber.size() == 2);
  CHECK(byNumber[0].sopUid == "x");
}

TEST_CASE("viewer: the parts of a multipart/related frames answer") {
  const std::string body = "--b0\r\nContent-Type: application/octet-stream\r\n\r\n\x01\x02\r\n\x03\r\n--b0\r\nContent-Type: x\r\n\r\nZZ\r\n--b0--\r\n";
  const auto parts = multipartParts("multipart/related; type=\"application/octet-stream\"; boundary=b0", body);
  REQUIRE(parts.size() == 2);
  CHECK(parts[0].body == std::string("\x01\x02\r\n\x03", 5));  // a CRLF inside the data stays
  CHECK(parts[0].contentType == "application/octet-stream");
  CHECK(parts[1].body == "ZZ");
  CHECK(transferSyntaxOf("image/jls; transfer-syntax=1.2.840.10008.1.2.4.80") == "1.2.840.10008.1.2.4.80");
  CHECK(transferSyntaxOf("application/octet-stream") == "1.2.840.10008.1.2.1");
  CHECK(transferSyntaxOf("image/jp2; transfer-syntax=\"1.2.840.10008.1.2.4.90\"; x=y") == "1.2.840.10008.1.2.4.90");
  CHECK(multipartParts("application/json", body).empty());
  CHECK(multipartParts("multipart/related; boundary=\"b0\"", body).size() == 2);
  CHECK(multipartParts("multipart/related; boundary=b0", "--b0\r\nno end").empty());
}

TEST_CASE("viewer: frame bytes become modality values, short frames are an error") {
  ImageInfo ct;
  ct.rows = 1;
  ct.columns = 3;
  ct.isSigned = true;
  ct.intercept = -1024;
  const std::string bytes("\x00\x04\x18\xFC\xFF\xFF", 6);  // 1024, -1000, -1 (little endian)
  const Frame f = frameFrom(ct, bytes);
  REQUIRE(f.error.empty());
  CHECK(f.values == std::vector<float>{0.0f, -2024.0f, -1025.0f});
  CHECK(!frameFrom(ct, bytes.substr(0, 5)).error.empty());
  ImageInfo eight = ct;
  eight.bitsAllocated = 8;
  eight.isSigned = false;
  eight.intercept = 0;
  CHECK(frameFrom(eight, std::string_view("\x00\x80\xFF", 3)).values == std::vector<float>{0.0f, 128.0f, 255.0f});
  ImageInfo rgb = ct;
  rgb.samples = 3;
  CHECK(!frameFrom(rgb, bytes).error.empty());
}

TEST_CASE("viewer: window/level maps the window linearly to grey, outside it to black and white") {
  const std::vector<float> hu{-2000.0f, -160.0f, 40.0f, 240.0f, 3000.0f};
  const auto rgba = windowed(hu, 40, 400);
  REQUIRE(rgba.size() == 20);
  CHECK(rgba[0] == 0);
  CHECK(rgba[4] == 0);                         // the window's lower edge
  CHECK(std::abs(rgba[8] - 128) <= 1);         // the centre is mid-grey
  CHECK(rgba[12] == 255);
  CHECK(rgba[16] == 255);
  CHECK(rgba[3] == 255);                       // opaque
  CHECK(windowed(hu, 40, 400, true)[0] == 255);  // MONOCHROME1: inverted
}

TEST_CASE("viewer: frames as they travelled, decoded by the frame decoder, with the rescale applied") {
  ImageInfo ct;
  ct.rows = 1;
  ct.columns = 3;
  ct.isSigned = true;
  ct.intercept = -1024;
  const std::string little("\x00\x04\x18\xFC\xFF\xFF", 6), big("\x04\x00\xFC\x18\xFF\xFF", 6);
  const Frame le = decodeTravelled(ct, little, "1.2.840.10008.1.2.1");
  const Frame implicitLe = decodeTravelled(ct, little, "1.2.840.10008.1.2");  // through the decoder
  const Frame be = decodeTravelled(ct, big, "1.2.840.10008.1.2.2");
  CHECK(le.values == std::vector<float>{0.0f, -2024.0f, -1025.0f});
  CHECK(implicitLe.values == le.values);
  CHECK(be.values == le.values);
  CHECK(be.transferSyntax == "1.2.840.10008.1.2.2");
  const Frame garbage = decodeTravelled(ct, "not a JPEG-LS stream", "1.2.840.10008.1.2.4.80");
  CHECK(!garbage.error.empty());
  CHECK(!garbage.arrived());
  CHECK(!decodeTravelled(ct, little, "1.2.3.4.5.6").error.empty());  // a syntax nobody knows
}

TEST_CASE("viewer: a palette colour image shows its tables' colours (DICOM JSON InlineBinary, little endian)") {
  const auto images = imagesFrom(json::parse(R"([
    {"00080018": {"vr": "UI", "Value": ["p"]}, "00280004": {"vr": "CS", "Value": ["PALETTE COLOR"]},
     "00280010": {"vr": "US", "Value": [1]}, "00280011": {"vr": "US", "Value": [3]},
     "00280100": {"vr": "US", "Value": [8]}, "00280101": {"vr": "US", "Value": [8]}, "00280102": {"vr": "US", "Value": [7]},
     "00281101": {"vr": "US", "Value": [2, 5, 16]}, "00281102": {"vr": "US", "Value": [2, 5, 16]},
     "00281103": {"vr": "US", "Value": [2, 5, 16]},
     "00281201": {"vr": "OW", "InlineBinary": "NBIA/w=="}, "00281202": {"vr": "OW", "InlineBinary": "AAEAAg=="},
     "00281203": {"vr": "OW", "InlineBinary": "AADNqw=="}}])"));
  REQUIRE(images.size() == 1);
  REQUIRE(images[0].palette);
  CHECK(images[0].palette->red.data == std::vector<std::uint16_t>{0x1234, 0xff00});
  CHECK(images[0].palette->blue.firstMapped == 5);
  const Frame f = decodeTravelled(images[0], std::string("\x05\x06\x09", 3), "1.2.840.10008.1.2.1");
  INFO(f.error);
  REQUIRE(f.rgba.size() == 12);
  // Entry 0 (value 5), entry 1 (value 6), and 9 past the end takes the last; 16-bit entries to 8 bits.
  CHECK(std::vector<int>(f.rgba.begin(), f.rgba.end()) ==
        std::vector<int>{0x12, 0x01, 0x00, 255, 0xff, 0x02, 0xab, 255, 0xff, 0x02, 0xab, 255});
  ImageInfo noTables = images[0];
  noTables.palette = std::make_shared<renkei::viewer::Palette>();
  CHECK(!decodeTravelled(noTables, std::string("\x05\x06\x09", 3), "1.2.840.10008.1.2.1").error.empty());
}

TEST_CASE("viewer: the file's VOI LUTs, listed (US) or inline (OW), one copy for the series") {
  // Two images with the same 4-entry LUT from −2 (a US descriptor of a signed image: 65534 = −2),
  // and a second LUT whose data does not match its descriptor (left out).
  const std::string item = R"({"00283002": {"vr": "US", "Value": [4, 65534, 12]}, "00283006": {"vr": "US", "Value": [0, 100, 2000, 4095]},
                               "00283003": {"vr": "LO", "Value": ["NORMAL"]}})";
  const std::string broken = R"({"00283002": {"vr": "US", "Value": [8, 0, 16]}, "00283006": {"vr": "OW", "InlineBinary": "AAABAA=="}})";
  const std::string image = R"({"00080018": {"Value": ["%"]}, "00280103": {"Value": [1]}, "00283010": {"vr": "SQ", "Value": [)" + item + "," + broken + "]}}";
  std::string a = image, b = image;
  a.replace(a.find('%'), 1, "a");
  b.replace(b.find('%'), 1, "b");
  const auto images = imagesFrom(json::parse("[" + a + "," + b + "]"));
  REQUIRE(images.size() == 2);
  REQUIRE(images[0].voiLuts.size() == 1);
  const VoiLut& lut = *images[0].voiLuts[0];
  CHECK(lut.first == -2);
  CHECK(lut.bits == 12);
  CHECK(lut.data == std::vector<std::uint16_t>{0, 100, 2000, 4095});
  CHECK(lut.explanation == "NORMAL");
  CHECK(images[1].voiLuts[0].get() == images[0].voiLuts[0].get());  // shared, uploaded once
  // OW data inline: little-endian words.
  const auto inlined = imagesFrom(json::parse(R"([{"00080018": {"Value": ["c"]}, "00283010": {"Value": [
    {"00283002": {"vr": "US", "Value": [2, 0, 16]}, "00283006": {"vr": "OW", "InlineBinary": "NBL/AA=="}}]}}])"));
  REQUIRE(inlined[0].voiLuts.size() == 1);
  CHECK(inlined[0].voiLuts[0]->data == std::vector<std::uint16_t>{0x1234, 0x00ff});
}
