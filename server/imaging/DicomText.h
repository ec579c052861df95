// SPDX-License-Identifier: MIT
// DicomText — a text value of an instance in UTF-8, whatever its Specific Character Set (0008,0005).
// Japanese (ISO 2022 IR 87/IR 13/IR 159), Latin-1 and UTF-8 are decoded by core's decoder
// (text::decodeDicom), the one the app and the lab import share; every other character set DICOM
// names — Korean (ISO 2022 IR 149), Cyrillic (ISO_IR 144), Greek, Arabic, Hebrew, Thai, Chinese
// (GB18030, GBK, ISO 2022 IR 58) … — by DCMTK (DcmSpecificCharacterSet, through glibc's iconv in
// Debian's build). U+FFFD is written only where neither can read a byte.
#pragma once

#include <string>
#include <string_view>

class DcmItem;

namespace renkei::server {

/// `bytes` (one attribute's raw value) as UTF-8. `specificCharacterSet` is (0008,0005) as sent
/// ("\ISO 2022 IR 149", "ISO_IR 144"); `personName`: a PN value (escapes reset at '^' and '=' too).
std::string dicomTextToUtf8(std::string_view bytes, std::string_view specificCharacterSet, bool personName);

/// Every text attribute of a data set (PN, LO, SH, ST, LT, UT, UC, in sequences too) rewritten in
/// UTF-8, and its Specific Character Set set to ISO_IR 192 (DICOM JSON; a patient's name corrected).
/// A data set in ASCII (no Specific Character Set) is left as it is.
void datasetToUtf8(DcmItem& dataset);

}  // namespace renkei::server
