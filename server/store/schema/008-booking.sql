-- SPDX-License-Identifier: MIT
-- 008-booking: the hospital's scanners and their schedules, and the clinics' exam requests
-- (R-BOOK-1..4). Times are minutes from hospital-local midnight, dates 'YYYY-MM-DD'; intervals are
-- half-open [start, end). The equipment and exam types are configuration (renkei-admin demo
-- fills the demo hospital's).
CREATE TABLE equipment (
  id               TEXT PRIMARY KEY NOT NULL,      -- 'CT1', 'MRI3T', …
  kind             TEXT NOT NULL CHECK (kind IN ('CT', 'MRI', 'DXA')),
  name_ja          TEXT NOT NULL,
  name_en          TEXT NOT NULL,
  weight_limit_kg  REAL NOT NULL,                  -- of the table (R-BOOK-4)
  book_ahead_days  INTEGER NOT NULL DEFAULT 60,    -- how far ahead clinics may book
  lead_minutes     INTEGER NOT NULL DEFAULT 1440,  -- how soon: not before now + this
  active           INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE equipment_hours (
  equipment_id  TEXT NOT NULL REFERENCES equipment(id),
  weekday       INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),  -- 1 = Monday
  start_minute  INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1440),
  end_minute    INTEGER NOT NULL CHECK (end_minute > start_minute AND end_minute <= 1440),
  reserved      INTEGER NOT NULL DEFAULT 0 CHECK (reserved IN (0, 1))  -- kept for inpatients and emergencies
) STRICT;
CREATE INDEX equipment_hours_of ON equipment_hours (equipment_id, weekday);

CREATE TABLE exam_type (
  code            TEXT PRIMARY KEY NOT NULL,   -- 'CT-CHEST', 'CT-ABD-C', …
  kind            TEXT NOT NULL CHECK (kind IN ('CT', 'MRI', 'DXA')),
  name_ja         TEXT NOT NULL,
  name_en         TEXT NOT NULL,
  minutes         INTEGER NOT NULL CHECK (minutes > 0),
  contrast        INTEGER NOT NULL CHECK (contrast IN (0, 1)),
  preparation_ja  TEXT NOT NULL DEFAULT '',
  preparation_en  TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE equipment_closure (
  id            INTEGER PRIMARY KEY,
  equipment_id  TEXT REFERENCES equipment(id),  -- NULL: every scanner (the hospital's own holidays)
  date          TEXT NOT NULL,
  start_minute  INTEGER,                        -- NULL: the whole day
  end_minute    INTEGER,
  reason        TEXT NOT NULL
) STRICT;

CREATE TABLE booking (
  id            INTEGER PRIMARY KEY,
  equipment_id  TEXT NOT NULL REFERENCES equipment(id),
  exam_code     TEXT NOT NULL REFERENCES exam_type(code),
  date          TEXT NOT NULL,
  start_minute  INTEGER NOT NULL,
  end_minute    INTEGER NOT NULL CHECK (end_minute > start_minute),
  patient_id    TEXT NOT NULL REFERENCES patient(id),
  facility_id   TEXT NOT NULL REFERENCES facility(id),
  requested_by  TEXT NOT NULL REFERENCES account(id),
  state         TEXT NOT NULL CHECK (state IN ('requested', 'confirmed', 'rejected', 'cancelled', 'done')),
  urgency       TEXT NOT NULL CHECK (urgency IN ('routine', 'soon', 'urgent')),
  order_json    TEXT NOT NULL,                  -- the structured order and its checklist, as sent
  verdict       TEXT NOT NULL CHECK (verdict IN ('ok', 'warn')),  -- core OrderSafety's, when requested
  reason        TEXT NOT NULL DEFAULT '',       -- of a rejection or cancellation
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX booking_day ON booking (equipment_id, date);
CREATE INDEX booking_patient ON booking (patient_id);
CREATE INDEX booking_facility ON booking (facility_id, created_at);

-- Every 5-minute step a requested or confirmed booking occupies. The primary key is the guarantee
-- that no time of a scanner is booked twice (R-BOOK-3): a second booking of any overlapping time
-- fails in the database itself, whatever the server processes in front of it do.
CREATE TABLE booking_hold (
  equipment_id  TEXT NOT NULL,
  date          TEXT NOT NULL,
  minute        INTEGER NOT NULL,  -- a multiple of 5
  booking_id    INTEGER NOT NULL REFERENCES booking(id),
  PRIMARY KEY (equipment_id, date, minute)
) STRICT, WITHOUT ROWID;
CREATE INDEX booking_hold_of ON booking_hold (booking_id);
