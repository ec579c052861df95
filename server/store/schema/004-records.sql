-- SPDX-License-Identifier: MIT
-- 004-records: patients, consents with the scanned form (R-CON-1..3), laboratory results
-- (R-DATA-2), clinical documents (R-DATA-1 reports, R-DATA-3) and what each person last saw of a
-- patient (R-DATA-4 "new since your last visit"). Clinical dates are hospital-local 'YYYY-MM-DD'.
CREATE TABLE patient (
  id          TEXT PRIMARY KEY NOT NULL,            -- the hospital's patient id (PID-3, DICOM PatientID)
  name        TEXT NOT NULL,                        -- kanji, "姓 名"
  name_kana   TEXT NOT NULL DEFAULT '',             -- katakana, "セイ メイ"
  sex         TEXT NOT NULL CHECK (sex IN ('M', 'F', 'O', 'U')),
  birth_date  TEXT,
  search_key  TEXT NOT NULL,                        -- core text::searchKey of id, name and kana
  created_at  INTEGER NOT NULL,
  source      TEXT NOT NULL                         -- who registered it: 'api:<user>', 'hl7:<file>', 'demo'
) STRICT;

CREATE TABLE consent (
  id                 INTEGER PRIMARY KEY,
  patient_id         TEXT NOT NULL REFERENCES patient(id),
  grantee_kind       TEXT NOT NULL CHECK (grantee_kind IN ('clinic', 'doctor')),
  grantee_id         TEXT NOT NULL,                 -- facility id or account id
  signed_on          TEXT NOT NULL,                 -- the date written on the form
  scan_file          TEXT NOT NULL,                 -- under <data>/consents/, served to admins only
  scan_type          TEXT NOT NULL CHECK (scan_type IN ('application/pdf', 'image/png', 'image/jpeg')),
  scan_sha256        TEXT NOT NULL,
  scan_bytes         INTEGER NOT NULL,
  recorded_by        TEXT NOT NULL,
  recorded_at        INTEGER NOT NULL,
  withdrawn_on       TEXT,                          -- access ends at the start of this date
  withdrawal_reason  TEXT,
  withdrawn_by       TEXT,
  withdrawn_at       INTEGER
) STRICT;
CREATE INDEX consent_patient ON consent(patient_id);
CREATE INDEX consent_grantee ON consent(grantee_kind, grantee_id);

-- One specimen's results (one OUL^R22 specimen group, one ORU^R01 order, or CSV rows).
CREATE TABLE lab_report (
  id             INTEGER PRIMARY KEY,
  message_id     TEXT NOT NULL UNIQUE,              -- a re-import of the same message is skipped
  patient_id     TEXT NOT NULL REFERENCES patient(id),
  order_id       TEXT NOT NULL,
  specimen_time  TEXT NOT NULL,                     -- 'YYYY-MM-DDTHH:MM' or 'YYYY-MM-DD'
  specimen_date  TEXT NOT NULL,                     -- the clinical date the consent scope judges
  source         TEXT NOT NULL,
  imported_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX lab_report_patient ON lab_report(patient_id, specimen_date);

CREATE TABLE lab_result (
  report_id        INTEGER NOT NULL REFERENCES lab_report(id),
  seq              INTEGER NOT NULL,
  code             TEXT NOT NULL,
  code_system      TEXT NOT NULL,
  local_code       TEXT NOT NULL,
  name             TEXT NOT NULL,
  value_type       TEXT NOT NULL,
  value            TEXT NOT NULL,
  numeric          REAL,
  unit             TEXT NOT NULL,
  reference_range  TEXT NOT NULL,
  reference_low    REAL,
  reference_high   REAL,
  flag             TEXT NOT NULL,
  status           TEXT NOT NULL,
  comment          TEXT NOT NULL,
  PRIMARY KEY (report_id, seq)
) STRICT;
CREATE INDEX lab_result_code ON lab_result(code);

CREATE TABLE document (
  id             INTEGER PRIMARY KEY,
  patient_id     TEXT NOT NULL REFERENCES patient(id),
  source_id      TEXT NOT NULL UNIQUE,              -- the sending system's id: a re-send replaces (amends)
  kind           TEXT NOT NULL,                     -- core records/document-kinds.tsv
  title          TEXT NOT NULL,
  author         TEXT NOT NULL,
  clinical_date  TEXT NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('preliminary', 'final', 'amended')),
  text           TEXT NOT NULL,
  study_uid      TEXT NOT NULL DEFAULT '',
  fields         TEXT NOT NULL DEFAULT '{}',        -- the kind's own fields, a JSON object
  version        INTEGER NOT NULL DEFAULT 1,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX document_patient ON document(patient_id, clinical_date);

CREATE TABLE document_attachment (
  document_id  INTEGER NOT NULL REFERENCES document(id),
  seq          INTEGER NOT NULL,
  file_name    TEXT NOT NULL,
  media_type   TEXT NOT NULL,
  stored_file  TEXT NOT NULL,                       -- under <data>/documents/
  sha256       TEXT NOT NULL,
  bytes        INTEGER NOT NULL,
  PRIMARY KEY (document_id, seq)
) STRICT;

-- When a person last opened a patient's page: items that arrived later are "new" (R-DATA-4).
CREATE TABLE patient_visit (
  account_id    TEXT NOT NULL REFERENCES account(id),
  patient_id    TEXT NOT NULL REFERENCES patient(id),
  last_seen_at  INTEGER NOT NULL,
  PRIMARY KEY (account_id, patient_id)
) STRICT;
