// SPDX-License-Identifier: MIT
// BookingSheets — the printable pages of a booking (issue 12 §3, §5), in Japanese:
//   the referral letter (診療情報提供書) that the order replaces the paper one with — addressed to
//     the radiology department, with the referring doctor and clinic, the patient, the exam asked
//     for, purpose, question, history, medication and the safety checklist with its verdict; its
//     text and fields are also stored as the patient's referral-letter document;
//   the patient's instruction sheet (検査のご案内) of a confirmed booking — date, arrival time,
//     place, preparation, contrast and MRI advice, what to bring, whom to call.
// Every value from the order or the records is HTML-escaped. The pages carry their own style and
// one script (the print button) under a Content-Security-Policy that allows exactly those two by
// their hashes (pageSecurityPolicy).
#pragma once

#include <string>
#include <string_view>

#include "core/records/Document.h"
#include "server/records/Bookings.h"
#include "server/records/Patients.h"

namespace renkei::server {

/// The hospital as the pages name it (one place: its phone number is nowhere in the database).
inline constexpr const char* kRadiologyDepartment = "放射線科";
inline constexpr const char* kHospitalPhone = "093-000-0000";           ///< the booking desk (医療連携室)
inline constexpr const char* kHospitalPhoneHours = "平日 9:00〜17:00";

struct SheetFacts {
  const BookingRecord& booking;
  Patient patient;
  std::string doctorName, clinicName, clinicAddress, hospitalName;
  bool firstVisit = true;  ///< the patient has had no exam at the hospital yet
};

std::string referralLetterHtml(const SheetFacts& f);
/// The letter as the patient's document (kind referral-letter, final, dated the day of the request).
records::Document referralLetterDocument(const SheetFacts& f);
std::string instructionSheetHtml(const SheetFacts& f);

/// The Content-Security-Policy of these pages: nothing but their own inline style and script.
std::string pageSecurityPolicy();

std::string escapeHtml(std::string_view text);
/// 2026年12月8日(火)
std::string japaneseDate(Date d);

}  // namespace renkei::server
