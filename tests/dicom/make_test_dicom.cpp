// SPDX-License-Identifier: MIT
// Test-data generator (native): writes a synthetic CT slice as uncompressed DICOM with DCMTK.
// A round phantom in Hounsfield units (air −1000, water 0, bone ring +1000, a low-contrast insert)
// plus deterministic noise so compressors have real work. Signed 16-bit, as CT scanners send.
//   make_test_dicom OUT.dcm [rows cols]
#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dctk.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: make_test_dicom OUT.dcm [rows cols]\n");
    return 2;
  }
  const int rows = argc > 3 ? std::atoi(argv[2]) : 256, cols = argc > 3 ? std::atoi(argv[3]) : 256;
  std::vector<Sint16> px(static_cast<size_t>(rows) * cols);
  std::uint32_t seed = 12345;
  for (int y = 0; y < rows; ++y) {
    for (int x = 0; x < cols; ++x) {
      const double dx = (x - cols / 2.0) / (cols / 2.0), dy = (y - rows / 2.0) / (rows / 2.0);
      const double r = std::sqrt(dx * dx + dy * dy);
      double hu = -1000;
      if (r < 0.85) hu = 0;
      if (r >= 0.75 && r < 0.85) hu = 1000;
      if (std::hypot(dx - 0.3, dy + 0.2) < 0.12) hu = 60;    // low-contrast insert
      if (std::hypot(dx + 0.35, dy - 0.1) < 0.08) hu = -500;  // lung-like insert
      seed = seed * 1664525u + 1013904223u;
      hu += static_cast<int>((seed >> 24) % 21) - 10;          // ±10 HU noise
      px[static_cast<size_t>(y) * cols + x] = static_cast<Sint16>(hu);
    }
  }
  DcmFileFormat ff;
  DcmDataset* ds = ff.getDataset();
  char uid[100];
  ds->putAndInsertString(DCM_SOPClassUID, UID_CTImageStorage);
  ds->putAndInsertString(DCM_SOPInstanceUID, dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT));
  ds->putAndInsertString(DCM_StudyInstanceUID, dcmGenerateUniqueIdentifier(uid, SITE_STUDY_UID_ROOT));
  ds->putAndInsertString(DCM_SeriesInstanceUID, dcmGenerateUniqueIdentifier(uid, SITE_SERIES_UID_ROOT));
  ds->putAndInsertString(DCM_PatientName, "Test^Phantom");
  ds->putAndInsertString(DCM_PatientID, "TEST-0001");
  ds->putAndInsertString(DCM_Modality, "CT");
  ds->putAndInsertString(DCM_StudyDate, "20261125");
  ds->putAndInsertUint16(DCM_SamplesPerPixel, 1);
  ds->putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
  ds->putAndInsertUint16(DCM_Rows, static_cast<Uint16>(rows));
  ds->putAndInsertUint16(DCM_Columns, static_cast<Uint16>(cols));
  ds->putAndInsertUint16(DCM_BitsAllocated, 16);
  ds->putAndInsertUint16(DCM_BitsStored, 16);
  ds->putAndInsertUint16(DCM_HighBit, 15);
  ds->putAndInsertUint16(DCM_PixelRepresentation, 1);
  ds->putAndInsertString(DCM_RescaleIntercept, "0");
  ds->putAndInsertString(DCM_RescaleSlope, "1");
  ds->putAndInsertString(DCM_WindowCenter, "40");
  ds->putAndInsertString(DCM_WindowWidth, "400");
  ds->putAndInsertUint16Array(DCM_PixelData, reinterpret_cast<const Uint16*>(px.data()), static_cast<unsigned long>(px.size()));
  const OFCondition c = ff.saveFile(argv[1], EXS_LittleEndianExplicit);
  if (c.bad()) {
    std::fprintf(stderr, "cannot write %s: %s\n", argv[1], c.text());
    return 1;
  }
  return 0;
}
