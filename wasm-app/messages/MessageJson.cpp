// SPDX-License-Identifier: MIT
// The messaging API's JSON (docs/api.md) to the app's state.
#include <nlohmann/json.hpp>

#include "wasm-app/JsonField.h"
#include "wasm-app/messages/Messages.h"

namespace renkei::app {

using nlohmann::json;

ThreadSummary threadFrom(const json& t) {
  ThreadSummary s;
  s.id = jsonInteger(t, "id");
  s.subject = jsonText(t, "subject");
  s.department = jsonText(t, "department");
  s.departmentNameJa = jsonText(t, "department_name_ja");
  s.departmentNameEn = jsonText(t, "department_name_en");
  s.patientId = jsonText(t, "patient_id");  // null reads as ""
  s.patientName = jsonText(t, "patient_name");
  s.facilityName = jsonText(t, "facility_name");
  s.clinicUserName = jsonText(t, "clinic_user_name");
  s.createdByName = jsonText(t, "created_by_name");
  s.lastSenderName = jsonText(t, "last_sender_name");
  s.createdAt = jsonInteger(t, "created_at");
  s.lastMessageAt = jsonInteger(t, "last_message_at");
  s.messages = static_cast<int>(jsonInteger(t, "messages"));
  s.unread = static_cast<int>(jsonInteger(t, "unread"));
  return s;
}

std::vector<ThreadSummary> threadsFrom(const json& answer) {
  std::vector<ThreadSummary> out;
  for (const json& t : jsonArray(answer, "threads")) out.push_back(threadFrom(t));
  return out;
}

MessageRow messageFrom(const json& m) {
  MessageRow r;
  r.id = jsonInteger(m, "id");
  r.sender = jsonText(m, "sender");
  r.senderName = jsonText(m, "sender_name");
  r.senderRole = jsonText(m, "sender_role");
  r.senderFacilityName = jsonText(m, "sender_facility_name");
  r.text = jsonText(m, "text");
  r.sentAt = jsonInteger(m, "sent_at");
  for (const json& a : jsonArray(m, "attachments"))
    r.attachments.push_back({jsonInteger(a, "id"), jsonText(a, "name"), jsonText(a, "media_type"), jsonInteger(a, "bytes")});
  for (const json& b : jsonArray(m, "read_by")) r.readBy.emplace_back(jsonText(b, "name"), jsonInteger(b, "read_at"));
  return r;
}

std::vector<MessageRow> messagesFrom(const json& answer) {
  std::vector<MessageRow> out;
  for (const json& m : jsonArray(answer, "messages")) out.push_back(messageFrom(m));
  return out;
}

std::vector<Destination> destinationsFrom(const json& answer) {
  std::vector<Destination> out;
  for (const json& d : jsonArray(answer, "departments"))
    if (!jsonText(d, "code").empty()) out.push_back({jsonText(d, "code"), jsonText(d, "name_ja"), jsonText(d, "name_en")});
  return out;
}

}  // namespace renkei::app
