// SPDX-License-Identifier: MIT
// DicomInstance — what the store needs to know of one DICOM instance, read with DCMTK from the
// bytes as received (R-DATA-1): the ids that place it (patient, study, series, instance), the
// attributes QIDO-RS matches on, and the study date that the consent scope is decided by.
//
// Text attributes arrive in the instance's Specific Character Set and are read as UTF-8 by
// DicomText: Japanese ("ISO 2022 IR 87", IR 13), which DCMTK's iconv conversion cannot decode, by
// core's decoder (the HL7 lab import's); Korean, Cyrillic, Greek, Chinese … by DCMTK.
//
// An instance without a Patient ID is read all the same: ImageStore holds it for the liaison office.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>
#include <string_view>

#include "core/time/Date.h"

namespace renkei::server {

/// An instance refused, with the reason a sender is told (C-STORE failure / HTTP 4xx).
class DicomError : public std::runtime_error {
 public:
  enum class Kind { NotDicom, Truncated, MissingAttribute, TooLarge, Unsupported };
  DicomError(Kind kind, const std::string& why) : std::runtime_error(why), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

struct PersonName {
  std::string alphabetic, ideographic, phonetic;  ///< UTF-8, components separated by '^'
  /// "山田 太郎" (ideographic if present, else alphabetic), components joined by a space.
  std::string display() const;
  /// The phonetic group for a kana search ("やまだ たろう"), or "".
  std::string reading() const;
};

struct InstanceInfo {
  std::string patientId, patientSex, patientBirthDate;  ///< birth date as YYYYMMDD (DA)
  PersonName patientName;
  std::string studyUid, seriesUid, sopUid, sopClassUid, transferSyntaxUid;
  std::string studyDate, studyTime, accessionNumber, studyDescription, studyId;  ///< DA/TM as sent
  std::string modality, seriesDescription, bodyPart;
  int seriesNumber = 0, instanceNumber = 0;
  int rows = 0, columns = 0, frames = 0, bitsAllocated = 0;  ///< frames 0: no pixel data
  std::string specificCharacterSet;                          ///< as sent ("\ISO 2022 IR 87")
  /// For native little-endian pixel data: where frame 1 starts in the file and each frame's size, so
  /// that frames are read straight from the file without parsing it again (0 otherwise).
  std::int64_t pixelOffset = 0, frameBytes = 0;
  /// For encapsulated (compressed) pixel data: each frame's fragments in the file, so that a frame
  /// is answered as stored without parsing the file ("" when not indexed). Frames are separated by
  /// ';', a frame's fragments by ',', each "offset:length" of the fragment's bytes.
  std::string frameIndex;
  /// The study date as a calendar date, when it is one.
  std::optional<Date> studyCalendarDate() const { return Date::parse(studyDate); }
};

/// The most a deflated data set may inflate to (the instance limit).
inline constexpr std::size_t kMaxInflatedBytes = 512u << 20;

/// Throws DicomError (TooLarge) when `bytes` is a deflated Part-10 file whose data set inflates to
/// more than `limit` bytes (a decompression bomb); does nothing for other files.
void checkInflatedSize(std::string_view bytes, std::size_t limit);

/// Parses a DICOM Part-10 file (preamble, "DICM", meta header) — or, with `allowRawDataset`, a
/// dataset without the meta header as some archives keep it — from memory. Throws DicomError.
InstanceInfo readInstance(std::string_view bytes, bool allowRawDataset = false);

/// The fragments (offset, length) of frame `frame` (1-based) in an InstanceInfo::frameIndex; empty
/// when the index has no such frame or is not well-formed.
std::vector<std::pair<std::int64_t, std::int64_t>> frameFragments(std::string_view index, int frame);

/// Loads DCMTK's data dictionary and codecs once per process; false when the dictionary is missing.
bool initialiseDicom();

}  // namespace renkei::server
