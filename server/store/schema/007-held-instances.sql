-- SPDX-License-Identifier: MIT
-- 007-held-instances: instances whose patient cannot be matched (no Patient ID, or one that is not
-- a hospital patient id) are kept here for the liaison office instead of being refused (issue 11
-- §10). The file lies in <data>/images/.held/, outside the index that DICOMweb and the app read, so
-- no clinic sees it. The office assigns the study to a registered patient (the instance is then
-- filed like any other and the row stays as the record of what it said) or discards it (the file
-- is removed, the row stays).
CREATE TABLE held_instance (
  id                  INTEGER PRIMARY KEY,
  sop_uid             TEXT NOT NULL,
  study_uid           TEXT NOT NULL,
  series_uid          TEXT NOT NULL,
  sop_class           TEXT NOT NULL,
  transfer_syntax     TEXT NOT NULL,
  modality            TEXT NOT NULL DEFAULT '',
  -- what the instance says, as sent (text in UTF-8; PN with its groups; DA as sent)
  patient_id          TEXT NOT NULL DEFAULT '',
  patient_name        TEXT NOT NULL DEFAULT '',
  patient_birth_date  TEXT NOT NULL DEFAULT '',
  patient_sex         TEXT NOT NULL DEFAULT '',
  study_date          TEXT NOT NULL DEFAULT '',
  study_time          TEXT NOT NULL DEFAULT '',
  study_description   TEXT NOT NULL DEFAULT '',
  accession           TEXT NOT NULL DEFAULT '',
  reason              TEXT NOT NULL,               -- why it is held
  stored_file         TEXT NOT NULL,               -- relative to <data>/images ('' once discarded)
  bytes               INTEGER NOT NULL,
  sha256              TEXT NOT NULL,               -- of the file as received
  source              TEXT NOT NULL,               -- 'dimse:<calling AE>', 'stow:<user>', 'import:<file>'
  received_at         INTEGER NOT NULL,
  state               TEXT NOT NULL DEFAULT 'held' CHECK (state IN ('held', 'assigned', 'discarded')),
  assigned_patient    TEXT REFERENCES patient(id),
  reconciled_by       TEXT NOT NULL DEFAULT '',
  reconciled_at       INTEGER,
  reconcile_note      TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE UNIQUE INDEX held_instance_sop ON held_instance (sop_uid) WHERE state = 'held';
CREATE INDEX held_instance_study ON held_instance (study_uid, state);
