// SPDX-License-Identifier: MIT
// DicomJson — DICOM JSON (PS3.18 Annex F) as DICOMweb answers with it: QIDO-RS results built from
// the index rows (studies, series, instances), the attributes of a STOW-RS response, and WADO-RS
// metadata built by DCMTK from the stored file (text in UTF-8, Pixel Data as a bulk-data link).
// The HTTP handlers call these; only the .cpp knows DCMTK.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "server/imaging/ImageStore.h"

namespace renkei::server {

/// The media type of every DICOM JSON answer.
inline constexpr const char* kDicomJson = "application/dicom+json";

/// Where DICOMweb lives; the retrieve URLs in answers start with it.
inline constexpr const char* kDicomWebBase = "/dicomweb";

/// "/dicomweb/studies/{study}/series/{series}/instances/{sop}".
std::string instanceUrl(const std::string& studyUid, const std::string& seriesUid, const std::string& sopUid);

// ---- Attributes ----

/// {"vr": vr, "Value": [value]}; no "Value" for an empty value.
nlohmann::json attr(const char* vr, const std::string& value);
nlohmann::json attrInt(const char* vr, int value);
/// A multi-valued attribute stored with backslashes ("CT\SR").
nlohmann::json attrMulti(const char* vr, const std::string& backslashed);
/// A PN value stored as "Alphabetic=Ideographic=Phonetic".
nlohmann::json attrName(const std::string& pn);
/// A DA value from an ISO date: "2026-11-12" → "20261112".
std::string da(const std::string& iso);

// ---- QIDO-RS results ----

nlohmann::json studyJson(const StudyRow& s);
nlohmann::json seriesJson(const SeriesRow& s);
nlohmann::json instanceJson(const InstanceRow& i);

// ---- WADO-RS metadata ----

/// DICOM JSON of the instance's dataset (no file meta group); text in UTF-8 (ISO 2022 names decoded
/// by core's decoder); Pixel Data as {"vr": …, "BulkDataURI": `pixelDataUri`}. Throws std::runtime_error.
std::string metadataJson(std::string_view file, const std::string& pixelDataUri);
/// Where the value of a native Pixel Data element ends, when `prefix` (the start of a stored file,
/// up to `pixelOffset` of the index) ends in that element's header; nullopt otherwise.
std::optional<std::size_t> pixelDataEnd(std::string_view prefix);
/// metadataJson without reading the image: from the file's `prefix` (as for pixelDataEnd) and its
/// `tail` after the Pixel Data value (trailing padding, digital signatures; usually empty). A
/// 512×512 CT: 2 KB read instead of 512 KB. nullopt when `prefix` is not such a prefix.
std::optional<std::string> metadataJsonOfHeader(std::string_view prefix, std::string_view tail, const std::string& pixelDataUri);

}  // namespace renkei::server
