// SPDX-License-Identifier: MIT
#include "server/records/Messages.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <mutex>
#include <stdexcept>

#include "core/errors/Error.h"
#include "server/crypto/AesGcm.h"
#include "server/crypto/Digest.h"
#include "server/records/StoredFile.h"

namespace renkei::server {
namespace {

// The associated data of every sealed value: what it is and which rows it belongs to.
std::string threadKeyContext(std::int64_t t) { return "renkei thread-key " + std::to_string(t); }
std::string subjectContext(std::int64_t t) { return "renkei thread-subject " + std::to_string(t); }
std::string messageKeyContext(std::int64_t m, std::int64_t t) {
  return "renkei message-key " + std::to_string(m) + " thread " + std::to_string(t);
}
std::string bodyContext(std::int64_t m, std::int64_t t) {
  return "renkei message-body " + std::to_string(m) + " thread " + std::to_string(t);
}
std::string nameContext(std::int64_t a, std::int64_t m) {
  return "renkei attachment-name " + std::to_string(a) + " message " + std::to_string(m);
}
std::string fileContext(std::int64_t a, std::int64_t m) {
  return "renkei attachment " + std::to_string(a) + " message " + std::to_string(m);
}

void bindBlob(SQLite::Statement& q, int i, const std::string& b) { q.bind(i, b.data(), static_cast<int>(b.size())); }

std::string lowerAscii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

/// A sealed value that does not open is a fault (a wrong key file, an altered database), never
/// shown as text: the request fails and says so in the log.
std::string opened(std::optional<std::string> v, const std::string& what) {
  if (!v) throw std::runtime_error("cannot decrypt " + what + " (wrong message key file, or altered)");
  return *v;
}

constexpr const char* kThreadSelect =
    "SELECT t.id, t.facility_id, f.name, t.clinic_user, coalesce(cu.name, ''), t.department, t.patient_id, "
    "coalesce(p.name, ''), t.created_by, cb.name, t.created_at, t.updated_at, t.key_id, t.wrapped_key, t.subject, "
    "(SELECT count(*) FROM message m WHERE m.thread_id = t.id), "
    "coalesce((SELECT max(m.sent_at) FROM message m WHERE m.thread_id = t.id), t.created_at), "
    "coalesce((SELECT a.name FROM message m JOIN account a ON a.id = m.sender WHERE m.thread_id = t.id ORDER BY m.id DESC LIMIT 1), '') "
    "FROM message_thread t JOIN facility f ON f.id = t.facility_id LEFT JOIN account cu ON cu.id = t.clinic_user "
    "LEFT JOIN patient p ON p.id = t.patient_id JOIN account cb ON cb.id = t.created_by ";

}  // namespace

bool isDepartmentName(const std::string& d) {
  return d == "liaison" || d == "radiology" || (d.rfind("doctor:", 0) == 0 && d.size() > 7);
}

std::string Messages::dataKeyOfMessage(std::int64_t m, std::int64_t t, const std::string& keyId, const std::string& wrapped) {
  return opened(keys_.unwrap(keyId, wrapped, messageKeyContext(m, t)), "the data key of message " + std::to_string(m));
}

std::int64_t Messages::insertMessage(std::int64_t threadId, const std::string& sender, const std::string& text, std::int64_t now) {
  // The row first: its id is part of the associated data of its key and body.
  auto insQuery = db_.query("INSERT INTO message (thread_id, sender, sent_at, key_id, wrapped_key, body) VALUES (?, ?, ?, '', x'', x'')");
  SQLite::Statement& ins = *insQuery;
  ins.bind(1, threadId);
  ins.bind(2, sender);
  ins.bind(3, now);
  ins.exec();
  const std::int64_t id = db_.sql().getLastInsertRowid();
  const std::string dataKey = MessageKeys::newDataKey();
  const auto wrapped = keys_.wrap(dataKey, messageKeyContext(id, threadId));
  auto upQuery = db_.query("UPDATE message SET key_id = ?, wrapped_key = ?, body = ? WHERE id = ?");
  SQLite::Statement& up = *upQuery;
  up.bind(1, wrapped.keyId);
  bindBlob(up, 2, wrapped.blob);
  bindBlob(up, 3, aesGcmSeal(dataKey, text, bodyContext(id, threadId)));
  up.bind(4, id);
  up.exec();
  // The sender has read what they wrote: their receipt is the first (read_by lists every reader).
  auto ownQuery = db_.query("INSERT INTO message_read (message_id, account_id, read_at) VALUES (?, ?, ?)");
  SQLite::Statement& own = *ownQuery;
  own.bind(1, id);
  own.bind(2, sender);
  own.bind(3, now);
  own.exec();
  auto touchQuery = db_.query("UPDATE message_thread SET updated_at = max(updated_at, ?) WHERE id = ?");
  SQLite::Statement& touch = *touchQuery;
  touch.bind(1, now);
  touch.bind(2, threadId);
  touch.exec();
  return id;
}

std::pair<std::int64_t, std::int64_t> Messages::createThread(const NewThread& t, const std::string& text, std::int64_t now) {
  auto tx = db_.write();
  auto insQuery = db_.query("INSERT INTO message_thread (facility_id, clinic_user, department, patient_id, created_by, created_at, "
                        "updated_at, key_id, wrapped_key, subject) VALUES (?, ?, ?, ?, ?, ?, ?, '', x'', x'')");
  SQLite::Statement& ins = *insQuery;
  ins.bind(1, t.facilityId);
  if (t.clinicUser) ins.bind(2, *t.clinicUser);
  ins.bind(3, t.department);
  if (t.patientId) ins.bind(4, *t.patientId);
  ins.bind(5, t.createdBy);
  ins.bind(6, now);
  ins.bind(7, now);
  ins.exec();
  const std::int64_t id = db_.sql().getLastInsertRowid();
  const std::string dataKey = MessageKeys::newDataKey();
  const auto wrapped = keys_.wrap(dataKey, threadKeyContext(id));
  auto upQuery = db_.query("UPDATE message_thread SET key_id = ?, wrapped_key = ?, subject = ? WHERE id = ?");
  SQLite::Statement& up = *upQuery;
  up.bind(1, wrapped.keyId);
  bindBlob(up, 2, wrapped.blob);
  bindBlob(up, 3, aesGcmSeal(dataKey, t.subject, subjectContext(id)));
  up.bind(4, id);
  up.exec();
  const std::int64_t message = insertMessage(id, t.createdBy, text, now);
  tx.commit();
  return {id, message};
}

std::int64_t Messages::post(std::int64_t threadId, const std::string& sender, const std::string& text, std::int64_t now) {
  auto tx = db_.write();
  const std::int64_t id = insertMessage(threadId, sender, text, now);
  tx.commit();
  return id;
}

namespace {

ThreadRecord threadFrom(SQLite::Statement& q, const MessageKeys& keys) {
  ThreadRecord t;
  t.id = q.getColumn(0).getInt64();
  t.facilityId = q.getColumn(1).getString();
  t.facilityName = q.getColumn(2).getString();
  if (!q.getColumn(3).isNull()) t.clinicUser = q.getColumn(3).getString();
  t.clinicUserName = q.getColumn(4).getString();
  t.department = q.getColumn(5).getString();
  if (!q.getColumn(6).isNull()) t.patientId = q.getColumn(6).getString();
  t.patientName = q.getColumn(7).getString();
  t.createdBy = q.getColumn(8).getString();
  t.createdByName = q.getColumn(9).getString();
  t.createdAt = q.getColumn(10).getInt64();
  t.updatedAt = q.getColumn(11).getInt64();
  const std::string key = opened(keys.unwrap(q.getColumn(12).getString(), q.getColumn(13).getString(), threadKeyContext(t.id)),
                                 "the data key of thread " + std::to_string(t.id));
  t.subject = opened(aesGcmOpen(key, q.getColumn(14).getString(), subjectContext(t.id)), "the subject of thread " + std::to_string(t.id));
  t.messages = q.getColumn(15).getInt();
  t.lastMessageAt = q.getColumn(16).getInt64();
  t.lastSenderName = q.getColumn(17).getString();
  return t;
}

}  // namespace

std::vector<ThreadRecord> Messages::threads(const ThreadFilter& f) {
  std::string where;
  if (!f.facilityId.empty()) {
    where = "WHERE t.facility_id = ? AND (t.clinic_user IS NULL OR t.clinic_user = ?) ";
  } else {
    if (f.departments.empty()) return {};
    where = "WHERE t.department IN (";
    for (std::size_t i = 0; i < f.departments.size(); ++i) where += i ? ", ?" : "?";
    where += ") ";
  }
  auto qQuery = db_.query(std::string(kThreadSelect) + where + "ORDER BY t.updated_at DESC, t.id DESC");
  SQLite::Statement& q = *qQuery;
  int n = 1;
  if (!f.facilityId.empty()) {
    q.bind(n++, f.facilityId);
    q.bind(n++, f.clinicUser);
  } else {
    for (const std::string& d : f.departments) q.bind(n++, d);
  }
  std::vector<ThreadRecord> out;
  while (q.executeStep()) out.push_back(threadFrom(q, keys_));
  return out;
}

std::optional<ThreadRecord> Messages::thread(std::int64_t id) {
  auto qQuery = db_.query(std::string(kThreadSelect) + "WHERE t.id = ?");
  SQLite::Statement& q = *qQuery;
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  return threadFrom(q, keys_);
}

std::vector<MessageRecord> Messages::messages(std::int64_t threadId) {
  auto qQuery = db_.query("SELECT m.id, m.sender, a.name, a.role, f.name, m.sent_at, m.key_id, m.wrapped_key, m.body FROM message m "
                      "JOIN account a ON a.id = m.sender JOIN facility f ON f.id = a.facility_id WHERE m.thread_id = ? ORDER BY m.id");
  SQLite::Statement& q = *qQuery;
  q.bind(1, threadId);
  std::vector<MessageRecord> out;
  while (q.executeStep()) {
    MessageRecord m;
    m.id = q.getColumn(0).getInt64();
    m.threadId = threadId;
    m.sender = q.getColumn(1).getString();
    m.senderName = q.getColumn(2).getString();
    m.senderRole = q.getColumn(3).getString();
    m.senderFacilityName = q.getColumn(4).getString();
    m.sentAt = q.getColumn(5).getInt64();
    const std::string key = dataKeyOfMessage(m.id, threadId, q.getColumn(6).getString(), q.getColumn(7).getString());
    m.text = opened(aesGcmOpen(key, q.getColumn(8).getString(), bodyContext(m.id, threadId)), "the body of message " + std::to_string(m.id));
    auto atQuery = db_.query("SELECT id, name, media_type, bytes, sha256, file, added_at FROM message_attachment WHERE message_id = ? ORDER BY id");
    SQLite::Statement& at = *atQuery;
    at.bind(1, m.id);
    while (at.executeStep()) {
      AttachmentRecord a{at.getColumn(0).getInt64(), m.id, "", at.getColumn(2).getString(), at.getColumn(3).getInt64(),
                         at.getColumn(4).getString(), at.getColumn(5).getString(), at.getColumn(6).getInt64()};
      a.name = opened(aesGcmOpen(key, at.getColumn(1).getString(), nameContext(a.id, m.id)), "an attachment's name");
      m.attachments.push_back(a);
    }
    auto rdQuery = db_.query("SELECT r.account_id, a.name, r.read_at FROM message_read r JOIN account a ON a.id = r.account_id "
                         "WHERE r.message_id = ? ORDER BY r.read_at, r.account_id");
    SQLite::Statement& rd = *rdQuery;
    rd.bind(1, m.id);
    while (rd.executeStep()) m.readBy.push_back({rd.getColumn(0).getString(), rd.getColumn(1).getString(), rd.getColumn(2).getInt64()});
    out.push_back(std::move(m));
  }
  return out;
}

std::optional<MessageRecord> Messages::head(std::int64_t messageId) {
  auto qQuery = db_.query("SELECT thread_id, sender, sent_at FROM message WHERE id = ?");
  SQLite::Statement& q = *qQuery;
  q.bind(1, messageId);
  if (!q.executeStep()) return std::nullopt;
  MessageRecord m;
  m.id = messageId;
  m.threadId = q.getColumn(0).getInt64();
  m.sender = q.getColumn(1).getString();
  m.sentAt = q.getColumn(2).getInt64();
  return m;
}

bool Messages::contains(const ThreadRecord& t, const std::string& needle) {
  const std::string n = lowerAscii(needle);
  if (lowerAscii(t.subject).find(n) != std::string::npos) return true;
  for (const MessageRecord& m : messages(t.id))
    if (lowerAscii(m.text).find(n) != std::string::npos) return true;
  return false;
}

int Messages::unread(std::int64_t threadId, const std::string& account) {
  auto qQuery = db_.query("SELECT count(*) FROM message m WHERE m.thread_id = ? AND m.sender <> ? AND NOT EXISTS "
                      "(SELECT 1 FROM message_read r WHERE r.message_id = m.id AND r.account_id = ?)");
  SQLite::Statement& q = *qQuery;
  q.bind(1, threadId);
  q.bind(2, account);
  q.bind(3, account);
  q.executeStep();
  return q.getColumn(0).getInt();
}

int Messages::markRead(std::int64_t threadId, const std::string& account, std::int64_t now) {
  auto qQuery = db_.query("INSERT OR IGNORE INTO message_read (message_id, account_id, read_at) "
                      "SELECT id, ?, ? FROM message WHERE thread_id = ? AND sender <> ?");
  SQLite::Statement& q = *qQuery;
  q.bind(1, account);
  q.bind(2, now);
  q.bind(3, threadId);
  q.bind(4, account);
  return q.exec();
}

AttachmentRecord Messages::addAttachment(std::int64_t messageId, const std::string& name, const std::string& mediaType,
                                         std::string_view content, std::int64_t now) {
  std::string key;
  {  // finished before the write begins (Database::Write)
    auto mqQuery = db_.query("SELECT thread_id, key_id, wrapped_key FROM message WHERE id = ?");
    SQLite::Statement& mq = *mqQuery;
    mq.bind(1, messageId);
    if (!mq.executeStep()) throw Refusal(Error::UnknownMessage, "No such message.");
    key = dataKeyOfMessage(messageId, mq.getColumn(0).getInt64(), mq.getColumn(1).getString(), mq.getColumn(2).getString());
  }
  auto tx = db_.write();
  auto insQuery = db_.query("INSERT INTO message_attachment (message_id, name, media_type, bytes, sha256, file, added_at) "
                        "VALUES (?, x'', ?, ?, ?, '', ?)");
  SQLite::Statement& ins = *insQuery;
  ins.bind(1, messageId);
  ins.bind(2, mediaType);
  ins.bind(3, static_cast<std::int64_t>(content.size()));
  ins.bind(4, sha256Hex(content));
  ins.bind(5, now);
  ins.exec();
  AttachmentRecord a{db_.sql().getLastInsertRowid(), messageId, name, mediaType, static_cast<std::int64_t>(content.size()),
                     sha256Hex(content), "", now};
  // The file before the commit: a row never names a file that is not there; a failed commit
  // removes the file again.
  const Stored file = storeFile(dir_, "attachment-" + std::to_string(a.id), ".sealed", aesGcmSeal(key, content, fileContext(a.id, messageId)));
  a.file = file.name;
  try {
    auto upQuery = db_.query("UPDATE message_attachment SET name = ?, file = ? WHERE id = ?");
    SQLite::Statement& up = *upQuery;
    bindBlob(up, 1, aesGcmSeal(key, name, nameContext(a.id, messageId)));
    up.bind(2, a.file);
    up.bind(3, a.id);
    up.exec();
    tx.commit();
  } catch (...) {
    std::filesystem::remove(file.path);
    throw;
  }
  return a;
}

std::optional<AttachmentRecord> Messages::attachment(std::int64_t id) {
  auto qQuery = db_.query("SELECT x.message_id, x.name, x.media_type, x.bytes, x.sha256, x.file, x.added_at, m.thread_id, m.key_id, "
                      "m.wrapped_key FROM message_attachment x JOIN message m ON m.id = x.message_id WHERE x.id = ?");
  SQLite::Statement& q = *qQuery;
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  AttachmentRecord a{id, q.getColumn(0).getInt64(), "", q.getColumn(2).getString(), q.getColumn(3).getInt64(),
                     q.getColumn(4).getString(), q.getColumn(5).getString(), q.getColumn(6).getInt64()};
  const std::string key = dataKeyOfMessage(a.messageId, q.getColumn(7).getInt64(), q.getColumn(8).getString(), q.getColumn(9).getString());
  a.name = opened(aesGcmOpen(key, q.getColumn(1).getString(), nameContext(id, a.messageId)), "an attachment's name");
  return a;
}

std::optional<std::string> Messages::attachmentBytes(const AttachmentRecord& a) {
  const auto sealed = readStoredFile(dir_ / a.file);
  if (!sealed) return std::nullopt;
  auto qQuery = db_.query("SELECT thread_id, key_id, wrapped_key FROM message WHERE id = ?");
  SQLite::Statement& q = *qQuery;
  q.bind(1, a.messageId);
  if (!q.executeStep()) return std::nullopt;
  const std::string key = dataKeyOfMessage(a.messageId, q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString());
  auto plain = aesGcmOpen(key, *sealed, fileContext(a.id, a.messageId));
  if (plain && sha256Hex(*plain) != a.sha256) return std::nullopt;
  return plain;
}

int Messages::rewrapKeys() {
  auto tx = db_.write();
  int n = 0;
  {
    auto qQuery = db_.query("SELECT id, key_id, wrapped_key FROM message_thread");
    SQLite::Statement& q = *qQuery;
    auto upQuery = db_.query("UPDATE message_thread SET key_id = ?, wrapped_key = ? WHERE id = ?");
    SQLite::Statement& up = *upQuery;
    while (q.executeStep()) {
      const std::int64_t id = q.getColumn(0).getInt64();
      const std::string key = opened(keys_.unwrap(q.getColumn(1).getString(), q.getColumn(2).getString(), threadKeyContext(id)),
                                     "the data key of thread " + std::to_string(id));
      const auto w = keys_.wrap(key, threadKeyContext(id));
      up.bind(1, w.keyId);
      bindBlob(up, 2, w.blob);
      up.bind(3, id);
      up.exec();
      up.reset();
      ++n;
    }
  }
  {
    auto qQuery = db_.query("SELECT id, thread_id, key_id, wrapped_key FROM message");
    SQLite::Statement& q = *qQuery;
    auto upQuery = db_.query("UPDATE message SET key_id = ?, wrapped_key = ? WHERE id = ?");
    SQLite::Statement& up = *upQuery;
    while (q.executeStep()) {
      const std::int64_t id = q.getColumn(0).getInt64(), t = q.getColumn(1).getInt64();
      const auto w = keys_.wrap(dataKeyOfMessage(id, t, q.getColumn(2).getString(), q.getColumn(3).getString()), messageKeyContext(id, t));
      up.bind(1, w.keyId);
      bindBlob(up, 2, w.blob);
      up.bind(3, id);
      up.exec();
      up.reset();
      ++n;
    }
  }
  tx.commit();
  return n;
}

void Messages::createDemo(std::int64_t now) {
  const auto [thread, first] = createThread(
      NewThread{"clinic-tanaka", std::string("dr-tanaka"), "radiology", std::string("P000101"), "dr-tanaka", "右上葉の結節の経過について"},
      "山田 太郎さんの胸部CTで指摘された右上葉の結節について、前回と比べて増大しているかご教示ください。", now - 2 * 86400);
  (void)first;
  markRead(thread, "rad-sato", now - 2 * 86400 + 1800);
  post(thread, "rad-sato",
       "前回（1年前）の10 mmから今回14 mmに増大しています。3か月後の再検をお勧めします。", now - 86400);
  // A finished exchange: both have read it (the inbox is not empty, the unread count is 0).
  markRead(thread, "dr-tanaka", now - 86400 + 3600);
}

}  // namespace renkei::server
