-- SPDX-License-Identifier: MIT
-- 005-imaging: the DICOM store's index (R-DATA-1). Each instance is kept on disk exactly as it was
-- received (<data>/images/...); these rows say where, and carry what QIDO-RS matches on and what the
-- consent scope is decided by (the study date, hospital-local). ("instance" is 001's table of this
-- server's own facts: DICOM instances are sop_instance.)
CREATE TABLE study (
  uid           TEXT PRIMARY KEY NOT NULL,          -- Study Instance UID
  patient_id    TEXT NOT NULL REFERENCES patient(id),
  study_date    TEXT,                              -- 'YYYY-MM-DD', NULL when the instance had none
  study_time    TEXT NOT NULL DEFAULT '',
  accession     TEXT NOT NULL DEFAULT '',
  description   TEXT NOT NULL DEFAULT '',
  study_id      TEXT NOT NULL DEFAULT '',
  patient_name  TEXT NOT NULL DEFAULT '',          -- as in the instances (PN, UTF-8 with its groups)
  received_at   INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL                   -- the last instance's arrival (R-DATA-4)
) STRICT;
CREATE INDEX study_patient ON study (patient_id, study_date);

CREATE TABLE series (
  uid          TEXT PRIMARY KEY NOT NULL,
  study_uid    TEXT NOT NULL REFERENCES study(uid),
  modality     TEXT NOT NULL DEFAULT '',
  number       INTEGER NOT NULL DEFAULT 0,
  description  TEXT NOT NULL DEFAULT '',
  body_part    TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX series_study ON series (study_uid);

CREATE TABLE sop_instance (
  sop_uid          TEXT PRIMARY KEY NOT NULL,
  series_uid       TEXT NOT NULL REFERENCES series(uid),
  study_uid        TEXT NOT NULL REFERENCES study(uid),
  sop_class        TEXT NOT NULL,
  transfer_syntax  TEXT NOT NULL,
  number           INTEGER NOT NULL DEFAULT 0,
  rows             INTEGER NOT NULL DEFAULT 0,
  columns          INTEGER NOT NULL DEFAULT 0,
  frames           INTEGER NOT NULL DEFAULT 0,
  bits_allocated   INTEGER NOT NULL DEFAULT 0,
  pixel_offset     INTEGER NOT NULL DEFAULT 0,     -- native pixels: frame 1's byte offset in the file (0: parse)
  frame_bytes      INTEGER NOT NULL DEFAULT 0,
  stored_file      TEXT NOT NULL,                  -- relative to <data>/images
  bytes            INTEGER NOT NULL,
  sha256           TEXT NOT NULL,
  received_at      INTEGER NOT NULL,
  source           TEXT NOT NULL                   -- 'dimse:<calling AE>', 'stow:<user>', 'import:<path>'
) STRICT;
CREATE INDEX instance_series ON sop_instance (series_uid, number);
CREATE INDEX instance_study ON sop_instance (study_uid);
