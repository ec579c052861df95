-- SPDX-License-Identifier: MIT
-- 010-messaging: secure messages between a clinic side and a hospital department (R-MSG-1,
-- issue 14). Nothing a person wrote is stored in the clear: a thread's subject, a message's body
-- and an attachment's name are AES-256-GCM under a data key of their own row, kept here only
-- wrapped by the master key outside the database (crypto/MessageKeys; key_id names which). The
-- attachments' bytes are files under <data-dir>/messages/, sealed with their message's data key.
CREATE TABLE message_thread (
  id           INTEGER PRIMARY KEY,
  facility_id  TEXT NOT NULL REFERENCES facility(id),   -- the clinic side
  clinic_user  TEXT REFERENCES account(id),             -- NULL: every user of the facility
  department   TEXT NOT NULL CHECK (department IN ('liaison', 'radiology') OR department LIKE 'doctor:_%'),
  patient_id   TEXT REFERENCES patient(id),             -- NULL: not about a patient
  created_by   TEXT NOT NULL REFERENCES account(id),
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,                        -- the latest message
  key_id       TEXT NOT NULL,
  wrapped_key  BLOB NOT NULL,                           -- the subject's data key
  subject      BLOB NOT NULL                            -- sealed
) STRICT;
CREATE INDEX message_thread_facility ON message_thread (facility_id, updated_at);
CREATE INDEX message_thread_department ON message_thread (department, updated_at);

CREATE TABLE message (
  id           INTEGER PRIMARY KEY,
  thread_id    INTEGER NOT NULL REFERENCES message_thread(id),
  sender       TEXT NOT NULL REFERENCES account(id),
  sent_at      INTEGER NOT NULL,
  key_id       TEXT NOT NULL,
  wrapped_key  BLOB NOT NULL,                           -- this message's data key
  body         BLOB NOT NULL                            -- sealed
) STRICT;
CREATE INDEX message_of ON message (thread_id, id);

CREATE TABLE message_attachment (
  id          INTEGER PRIMARY KEY,
  message_id  INTEGER NOT NULL REFERENCES message(id),
  name        BLOB NOT NULL,                            -- the file name as sent, sealed
  media_type  TEXT NOT NULL,                            -- from the content
  bytes       INTEGER NOT NULL,                         -- of the plaintext
  sha256      TEXT NOT NULL,                            -- of the plaintext
  file        TEXT NOT NULL,                            -- under <data-dir>/messages/, sealed
  added_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX message_attachment_of ON message_attachment (message_id, id);

-- Read receipts: one row per message and reader; the sender's is written with the message.
CREATE TABLE message_read (
  message_id  INTEGER NOT NULL REFERENCES message(id),
  account_id  TEXT NOT NULL REFERENCES account(id),
  read_at     INTEGER NOT NULL,
  PRIMARY KEY (message_id, account_id)
) STRICT, WITHOUT ROWID;
