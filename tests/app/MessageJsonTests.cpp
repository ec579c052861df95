// SPDX-License-Identifier: MIT
// The messaging screens' JSON (issue 14, docs/api.md): threads with unread counts, a thread's
// messages with attachments and read receipts; missing or mistyped fields read as empty.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "wasm-app/messages/Messages.h"

using namespace renkei::app;
using nlohmann::json;

TEST_CASE("messages: threads with their patient, other side and unread count (R-MSG-1)") {
  const auto threads = threadsFrom(json::parse(R"J({"threads": [
    {"id": 4, "subject": "胸部CTについて", "department": "radiology", "department_name_ja": "放射線科", "patient_id": "P000101",
     "patient_name": "山田 太郎", "facility_name": "たなか内科クリニック", "clinic_user": null, "last_message_at": 1700000000,
     "last_sender_name": "佐藤 健", "messages": 2, "unread": 1},
    {"id": 5, "subject": "一般", "patient_id": null, "unread": "x"}]})J"));
  REQUIRE(threads.size() == 2);
  CHECK(threads[0].patientName == "山田 太郎");
  CHECK(threads[0].departmentNameJa == "放射線科");
  CHECK(threads[0].unread == 1);
  CHECK(threads[0].messages == 2);
  CHECK(threads[1].patientId.empty());  // null: a thread about no patient
  CHECK(threads[1].unread == 0);        // a wrong type reads as 0
}

TEST_CASE("messages: a thread's messages, attachments and who has read them (R-MSG-1)") {
  const auto messages = messagesFrom(json::parse(R"J({"messages": [
    {"id": 9, "sender": "dr-tanaka", "sender_name": "田中 一郎", "sender_role": "clinic", "sent_at": 1700000000, "text": "結節の大きさは?",
     "attachments": [{"id": 3, "name": "紹介状.pdf", "media_type": "application/pdf", "bytes": 20480}],
     "read_by": [{"account": "dr-tanaka", "name": "田中 一郎", "read_at": 1700000000}, {"account": "rad-sato", "name": "佐藤 健", "read_at": 1700000100}]},
    {"id": 10, "attachments": 7}]})J"));
  REQUIRE(messages.size() == 2);
  CHECK(messages[0].text == "結節の大きさは?");
  REQUIRE(messages[0].attachments.size() == 1);
  CHECK(messages[0].attachments[0].mediaType == "application/pdf");
  CHECK(messages[0].attachments[0].bytes == 20480);
  REQUIRE(messages[0].readBy.size() == 2);
  CHECK(messages[0].readBy[1].first == "佐藤 健");
  CHECK(messages[1].attachments.empty());
  CHECK(messagesFrom(json::parse(R"({"messages": null})")).empty());
}

TEST_CASE("messages: where a thread can go, departments first, then doctors by name (R-MSG-1)") {
  const auto to = destinationsFrom(json::parse(R"({"departments": [{"code": "radiology", "name_ja": "放射線科", "name_en": "Radiology"},
    {"code": "doctor:rad-sato", "name_ja": "佐藤 健", "name_en": "佐藤 健"}, {"name_ja": "no code"}]})"));
  REQUIRE(to.size() == 2);  // an entry without a code is dropped
  CHECK(to[1].code == "doctor:rad-sato");
  CHECK(to[1].nameJa == "佐藤 健");
}
