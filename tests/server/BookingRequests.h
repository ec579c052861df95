// SPDX-License-Identifier: MIT
// BookingRequests — a clinic doctor's booking request as the booking tests and the crash test send
// it: a weekday ahead, the safety checklist all "no", a chest CT order.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "DemoServer.h"
#include "core/booking/Holidays.h"
#include "core/time/Date.h"

namespace renkei::test {

/// The first weekday at least `days` ahead of today (JST), as YYYY-MM-DD.
inline std::string weekdayAhead(int days) {
  renkei::Date d = renkei::Date::fromUnixSecondsJst(kStart).plusDays(days);
  while (static_cast<int>(d.weekday()) > 5 || renkei::japaneseHolidays().contains(d)) d = d.plusDays(1);
  return d.iso();
}

/// Every question of the safety checklist answered "no", with height and weight.
inline json checklistNo() {
  json c = json::object();
  for (const char* q : {"contrast_reaction", "asthma", "metformin", "pregnancy", "pacemaker", "cochlear_implant", "neurostimulator",
                        "other_implant", "device_mr_conditional", "metal_fragments", "claustrophobia", "tattoos"})
    c[q] = "no";
  c["height_cm"] = 168;
  c["weight_kg"] = 64;
  return c;
}

/// A routine request of `exam` on `equipment` at `date` `start` for `patient`, with its order.
inline json request(const std::string& date, const std::string& start, const char* equipment = "CT1",
                    const char* exam = "CT-CHEST", const char* patient = "P000101") {
  return {{"patient_id", patient},
          {"equipment", equipment},
          {"exam", exam},
          {"date", date},
          {"start", start},
          {"urgency", "routine"},
          {"order", {{"body_part", "胸部"}, {"purpose", "経過観察"}, {"question", "右上葉結節の増大の有無"}, {"history", "喫煙歴 40 pack-years"}}},
          {"checklist", checklistNo()}};
}

}  // namespace renkei::test
