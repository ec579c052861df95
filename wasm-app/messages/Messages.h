// SPDX-License-Identifier: MIT
// Secure messaging in the app (issue 14, R-MSG-1): threads between a clinic and a hospital
// department, optionally about one patient (the server applies the consent scope), with
// attachments and read receipts. Like all app state: what the server last said, plus what is being
// typed; dropped at log-out.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace renkei::app {

struct App;

struct ThreadSummary {
  std::int64_t id = 0;
  std::string subject, department, departmentNameJa, departmentNameEn;
  std::string patientId, patientName, facilityName, clinicUserName, createdByName, lastSenderName;
  std::int64_t createdAt = 0, lastMessageAt = 0;
  int messages = 0, unread = 0;
};

struct AttachmentInfo {
  std::int64_t id = 0;
  std::string name, mediaType;
  std::int64_t bytes = 0;
};

struct MessageRow {
  std::int64_t id = 0;
  std::string sender, senderName, senderRole, senderFacilityName, text;
  std::int64_t sentAt = 0;
  std::vector<AttachmentInfo> attachments;
  std::vector<std::pair<std::string, std::int64_t>> readBy;  ///< name, read at
};

/// A file chosen to go with the next message.
struct PendingFile {
  std::string name, bytes;
};

/// How far the attachments of the message being sent have gone (shown as a bar).
struct UploadProgress {
  int file = 0, files = 0;  ///< the file going now (1-based) of how many; files 0: none going
  double sent = 0, total = 0;  ///< of that file, in bytes
};

/// A new thread as typed (in the inbox; from a patient's page with the patient set).
struct ComposeForm {
  bool open = false;
  std::string subject, department = "radiology", text;
  std::string patientId, patientName;  ///< "" for a thread about no patient
  bool wholeClinic = false;
  std::vector<PendingFile> files;
  bool busy = false;
  std::string error;
  UploadProgress upload;
};

/// Where a new thread can go: a department or a hospital doctor ("doctor:<id>").
struct Destination {
  std::string code, nameJa, nameEn;
};

struct InboxPage {
  bool loading = false;
  std::string error, notice, query;
  std::vector<ThreadSummary> threads;
  ComposeForm compose;
  std::vector<Destination> destinations;  ///< GET /api/v1/messages/departments
};

/// An image attachment the browser decoded, shown in the thread (a texture of its pixels).
struct Preview {
  std::int64_t attachment = 0;
  unsigned texture = 0;
  int width = 0, height = 0;
  bool loading = false;
};

struct ThreadPage {
  std::int64_t id = 0;
  bool loading = false;
  std::string error, notice;
  ThreadSummary thread;
  std::vector<MessageRow> messages;
  std::string reply;
  std::vector<PendingFile> files;
  bool busy = false;
  UploadProgress upload;
  std::vector<Preview> previews;
};

// JSON to state (MessageJson.cpp; pure, tested natively in tests/app).
ThreadSummary threadFrom(const nlohmann::json& j);
std::vector<ThreadSummary> threadsFrom(const nlohmann::json& answer);
MessageRow messageFrom(const nlohmann::json& j);
std::vector<MessageRow> messagesFrom(const nlohmann::json& answer);
std::vector<Destination> destinationsFrom(const nlohmann::json& answer);

/// Forgets every thread and message (log-out), with the previews' textures.
void releaseMessages(App& app);

/// The progress bar of an upload, when one is going.
void drawUploadProgress(const App& app, const UploadProgress& u);

// The screens (InboxScreen.cpp, ThreadScreen.cpp).
void drawInboxScreen(App& app);
void drawThreadScreen(App& app);

}  // namespace renkei::app
