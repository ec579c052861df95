// SPDX-License-Identifier: MIT
// PatientReconciliation — a held instance (HeldStudies) made the registered patient's, as a PACS
// does when the liaison office reconciles it: Patient ID, Patient's Name, Birth Date and Sex are
// set from the patient register, and what the instance said before is kept in it, in the Original
// Attributes Sequence (0400,0561) with the time, "RENKEI" as the modifying system, the sender as the
// source of the previous values and the reason COERCE (PS3.3 C.12.1). Everything else — the pixel
// data above all — stays as it was, in the transfer syntax it came in. Through DCMTK.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "server/records/Patients.h"

namespace renkei::server {

/// The Part-10 file `bytes` filed under `patient`. `sender`: where the original values came from
/// (the held instance's source). Throws std::runtime_error when DCMTK cannot read or write it.
std::string reconciledInstance(std::string_view bytes, const Patient& patient, const std::string& sender, std::int64_t now);

}  // namespace renkei::server
