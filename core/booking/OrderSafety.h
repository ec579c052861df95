// SPDX-License-Identifier: MIT
// OrderSafety — the safety checklist of an exam order (R-BOOK-4): what blocks a CT, MRI or DXA
// request and what only warns, decided from the checklist's answers. The server refuses a blocked
// request; the app calls the same function while the doctor types, to show the verdict.
//
// Rules (each finding has a stable code, Japanese and English text and the field it concerns):
//   every question the order needs must be answered (an unanswered one blocks);
//   contrast (iodinated for CT, gadolinium for MRI): an eGFR measured within 3 months of the exam
//     date is needed; eGFR < 30 mL/min/1.73m² blocks; 30–45 warns for iodinated contrast;
//     a previous contrast reaction, asthma and metformin warn (premedication, pausing metformin);
//   pregnancy (possible or known) blocks CT and DXA (radiation) and gadolinium, warns plain MRI;
//   MRI: a pacemaker/ICD, cochlear implant, neurostimulator or other implant blocks unless its
//     MR-conditional status is confirmed (then it warns: the device must be checked on the day);
//     metal fragments (in the eye, shrapnel) block; claustrophobia and tattoos warn;
//   weight above the table's limit blocks; height and weight must be plausible.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/booking/BookingSlots.h"
#include "core/time/Date.h"

namespace renkei {

enum class Answer { Unanswered, No, Yes };

/// The checklist as the order carries it.
struct SafetyAnswers {
  // Contrast
  std::optional<double> egfr;  ///< mL/min/1.73m²
  std::optional<Date> egfrDate;
  Answer contrastReaction = Answer::Unanswered;  ///< a previous reaction to contrast media
  Answer asthma = Answer::Unanswered;
  Answer metformin = Answer::Unanswered;
  // Everyone
  Answer pregnancy = Answer::Unanswered;  ///< possible or known
  std::optional<double> heightCm, weightKg;
  // MRI
  Answer pacemaker = Answer::Unanswered;  ///< pacemaker or ICD
  Answer cochlearImplant = Answer::Unanswered;
  Answer neurostimulator = Answer::Unanswered;
  Answer otherImplant = Answer::Unanswered;  ///< stents, clips, prostheses, pumps…
  Answer deviceMrConditional = Answer::Unanswered;  ///< the devices above confirmed MR-conditional
  Answer metalFragments = Answer::Unanswered;
  Answer claustrophobia = Answer::Unanswered;
  Answer tattoos = Answer::Unanswered;
};

struct OrderSafetyInput {
  Equipment equipment = Equipment::CT;
  bool contrast = false;
  Date examDate;
  double weightLimitKg = 150;  ///< of the equipment's table
  SafetyAnswers answers;
};

enum class Severity { Ok, Warn, Block };
const char* code(Severity s);  ///< "ok", "warn", "block"

struct SafetyFinding {
  Severity severity = Severity::Warn;
  std::string code;   ///< e.g. "egfr-below-30"
  std::string field;  ///< the checklist field, e.g. "egfr"
  std::string ja, en;
};

struct SafetyVerdict {
  Severity overall = Severity::Ok;
  std::vector<SafetyFinding> findings;  ///< blocks first, then warnings, in checklist order
  bool blocked() const { return overall == Severity::Block; }
};

/// eGFR older than this (days before the exam) is not recent enough for contrast.
inline constexpr int kEgfrValidDays = 92;

SafetyVerdict checkOrderSafety(const OrderSafetyInput& order);

/// "yes", "no", "" ↔ Answer (the API's and the app's wording).
const char* code(Answer a);
std::optional<Answer> answerFromCode(std::string_view s);

}  // namespace renkei
