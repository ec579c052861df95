// SPDX-License-Identifier: MIT
// Messages — secure messaging's store (R-MSG-1, issue 14; schema 010-messaging): threads between a
// clinic side (one user or the whole facility) and a hospital department ("liaison", "radiology"
// or "doctor:<account>"), optionally about one patient; their messages, attachments and read
// receipts. Who may see a thread is decided by api/MessageApi (with PatientAccess for patient
// threads); this class stores, encrypts and decrypts.
//
// Encryption at rest: a fresh data key per message (and per thread, for its subject), wrapped by
// crypto/MessageKeys' master key; every sealed value's associated data names its row (and the
// thread or message it belongs to), so a blob moved to another row or file does not open. An
// attachment is sealed with its message's data key under its own nonce and written atomically
// (StoredFile) to <data-dir>/messages/; its row keeps the plaintext's SHA-256.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "server/crypto/MessageKeys.h"
#include "server/store/Database.h"

namespace renkei::server {

struct ThreadRecord {
  std::int64_t id = 0;
  std::string facilityId, facilityName;
  std::optional<std::string> clinicUser;  ///< nullopt: the whole facility
  std::string clinicUserName;
  std::string department;
  std::optional<std::string> patientId;
  std::string patientName;
  std::string createdBy, createdByName;
  std::int64_t createdAt = 0, updatedAt = 0;
  std::string subject;  ///< decrypted
  int messages = 0;
  std::int64_t lastMessageAt = 0;
  std::string lastSenderName;
};

struct AttachmentRecord {
  std::int64_t id = 0, messageId = 0;
  std::string name, mediaType;  ///< name decrypted
  std::int64_t bytes = 0;
  std::string sha256, file;
  std::int64_t addedAt = 0;
};

struct ReadReceipt {
  std::string account, name;
  std::int64_t readAt = 0;
};

struct MessageRecord {
  std::int64_t id = 0, threadId = 0;
  std::string sender, senderName, senderRole, senderFacilityName;
  std::int64_t sentAt = 0;
  std::string text;  ///< decrypted (empty in head())
  std::vector<AttachmentRecord> attachments;
  std::vector<ReadReceipt> readBy;  ///< oldest first: the sender (at sent_at), then each reader
};

struct NewThread {
  std::string facilityId;
  std::optional<std::string> clinicUser;
  std::string department;
  std::optional<std::string> patientId;
  std::string createdBy, subject;
};

/// Which threads a list may hold before the patient threads are checked against consents.
struct ThreadFilter {
  std::string facilityId;                ///< clinic callers: their facility ("" for the hospital)
  std::string clinicUser;                ///< clinic callers: threads of the whole facility or this user
  std::vector<std::string> departments;  ///< hospital callers: these departments
};

class Messages {
 public:
  Messages(Database& db, MessageKeys& keys, std::filesystem::path dir) : db_(db), keys_(keys), dir_(std::move(dir)) {}

  static constexpr std::size_t kMaxSubject = 200, kMaxText = 20000;

  /// The thread and its first message, in one transaction; returns {thread id, message id}.
  std::pair<std::int64_t, std::int64_t> createThread(const NewThread& t, const std::string& text, std::int64_t now);
  std::int64_t post(std::int64_t threadId, const std::string& sender, const std::string& text, std::int64_t now);

  /// Newest activity first.
  std::vector<ThreadRecord> threads(const ThreadFilter& f);
  std::optional<ThreadRecord> thread(std::int64_t id);
  /// Oldest first, decrypted, with attachments and receipts.
  std::vector<MessageRecord> messages(std::int64_t threadId);
  /// The message's row without its text (thread, sender, time).
  std::optional<MessageRecord> head(std::int64_t messageId);
  /// Does the subject or a body of the thread contain `needle` (ASCII letters of both folded to lower case)?
  bool contains(const ThreadRecord& t, const std::string& needle);
  /// Messages of the thread that `account` has not read (its own are read when sent).
  int unread(std::int64_t threadId, const std::string& account);
  /// Every message of the thread not sent by `account` becomes read by it now; returns how many.
  int markRead(std::int64_t threadId, const std::string& account, std::int64_t now);

  /// Seals and stores an attachment of message `messageId` (type already decided by the caller).
  AttachmentRecord addAttachment(std::int64_t messageId, const std::string& name, const std::string& mediaType,
                                 std::string_view content, std::int64_t now);
  std::optional<AttachmentRecord> attachment(std::int64_t id);
  /// The decrypted bytes; nullopt when the file is missing or does not open (altered, moved).
  std::optional<std::string> attachmentBytes(const AttachmentRecord& a);

  /// Re-wraps every data key with the keys' current master key in one transaction (rotation step
  /// 2); bodies and files are not touched. Throws (and changes nothing) when a key does not open.
  int rewrapKeys();

  /// The demo: dr-tanaka asks radiology about P000101, rad-sato answers.
  void createDemo(std::int64_t now);

 private:
  std::string dataKeyOfMessage(std::int64_t messageId, std::int64_t threadId, const std::string& keyId, const std::string& wrapped);
  std::int64_t insertMessage(std::int64_t threadId, const std::string& sender, const std::string& text, std::int64_t now);
  Database& db_;
  MessageKeys& keys_;
  std::filesystem::path dir_;
};

/// "liaison", "radiology" or "doctor:<id>" (the account is not checked here).
bool isDepartmentName(const std::string& d);

}  // namespace renkei::server
