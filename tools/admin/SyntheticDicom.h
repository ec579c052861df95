// SPDX-License-Identifier: MIT
// SyntheticDicom — realistic but synthetic DICOM studies for tests and the demo, written with
// DCMTK (dcmdata; dcmjpeg/dcmjpls/RLE codecs for the compressed transfer syntaxes). Nothing is
// copied from real patients: every image is a phantom drawn with simple arithmetic.
//
//   CtChestPhantom  CT Image Storage, signed 16-bit HU+1024, body/fat/lungs/heart/liver/spine/
//                   ribs/sternum and a lung nodule (14 mm unless told) in a range of slices (default 100 slices)
//   MrBrain         MR Image Storage, unsigned 12-in-16-bit T1-like head with ventricles (20 slices)
//   CrChest         Computed Radiography Image Storage, one 12-bit PA chest radiograph
//   DxaReport       Secondary Capture (modality BMD), one 8-bit AP lumbar spine with L1-L4 ROI lines
//
// With japaneseNames, PatientName is "Alphabetic=Ideographic=Phonetic" in ISO 2022 IR 87
// (PS3.5 Annex H: Yamada^Tarou=山田^太郎=やまだ^たろう, the Japanese groups as ISO-2022-JP bytes)
// and SpecificCharacterSet is "\ISO 2022 IR 87". Every other text attribute must be ASCII.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace renkei::tools {

struct SyntheticPatient {
  std::string id, nameAlphabetic, nameKanji, nameKana, sex, birthDate /*YYYYMMDD*/;
};

enum class SyntheticKind { CtChestPhantom, MrBrain, CrChest, DxaReport };

struct SyntheticStudySpec {
  SyntheticPatient patient;
  SyntheticKind kind = SyntheticKind::CtChestPhantom;
  std::string studyDate /*YYYYMMDD; "" = today*/, accessionNumber /*"" = generated*/,
      studyDescription /*"" = the kind's default*/;
  int slices = 0;              // CT/MR: number of images; 0 = the kind's default (CT 100, MR 20)
  int size = 0;                // rows = columns; 0 = default (CT 256, MR 192, CR 512, DXA 256)
  std::string transferSyntax;  // "" or "explicit", "implicit", "jpeg-lossless", "jpeg-ls", "rle", "deflate"
  bool japaneseNames = true;   // PatientName with Kanji and Kana groups, SpecificCharacterSet \ISO 2022 IR 87
  std::string studyUid;        // "" = generated (the demo gives its reports' studies known uids)
  double noduleMm = 0;         // CT: the lung nodule's diameter in mm; 0 = default (14)
};

/// Writes the study's instances as Part-10 files into `dir` (created), one file per instance, named
/// <SOPInstanceUID>.dcm; returns the paths in instance order. Throws std::runtime_error with a clear
/// message on failure (bad spec, name not representable in JIS X 0208, codec or write error).
std::vector<std::filesystem::path> writeSyntheticStudy(const SyntheticStudySpec& spec, const std::filesystem::path& dir);

/// UTF-8 -> the ISO-2022-JP bytes of one PN component group as PS3.5 Annex H wants them
/// (ESC $ B ... ESC ( B around each run of JIS X 0208). Throws std::runtime_error.
std::string toIso2022Jp(const std::string& utf8);

/// renkei-admin's "synthesize-dicom" command; `args` are the words after the command name.
/// Prints the number of files written; returns the process exit code.
int synthesizeDicomCommand(const std::vector<std::string>& args);

/// Usage of synthesizeDicomCommand (for renkei-admin's help).
extern const char* const kSynthesizeDicomUsage;

}  // namespace renkei::tools
