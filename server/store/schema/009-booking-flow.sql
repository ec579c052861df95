-- SPDX-License-Identifier: MIT
-- 009-booking-flow: what happens to a request after it is made (R-BOOK-2): the hospital confirms
-- it with an arrival time and preparation, or rejects it; either side cancels or reschedules; the
-- hospital records it done or not attended ('noshow', FHIR's name). A closure or hours change
-- that hits a booking flags it for the office instead of dropping it. Every step is a row of
-- booking_event.
--
-- SQLite cannot change a CHECK constraint in place, so booking is rebuilt. booking_hold refers to
-- booking (and foreign keys are on), so it is dropped first and refilled afterwards from the
-- bookings that hold their time (requested, confirmed): one row per 5-minute step, as
-- records/Bookings writes them.
CREATE TABLE booking_new (
  id                    INTEGER PRIMARY KEY,
  equipment_id          TEXT NOT NULL REFERENCES equipment(id),
  exam_code             TEXT NOT NULL REFERENCES exam_type(code),
  date                  TEXT NOT NULL,
  start_minute          INTEGER NOT NULL,
  end_minute            INTEGER NOT NULL CHECK (end_minute > start_minute),
  patient_id            TEXT NOT NULL REFERENCES patient(id),
  facility_id           TEXT NOT NULL REFERENCES facility(id),
  requested_by          TEXT NOT NULL REFERENCES account(id),
  state                 TEXT NOT NULL CHECK (state IN ('requested', 'confirmed', 'rejected', 'cancelled', 'done', 'noshow')),
  urgency               TEXT NOT NULL CHECK (urgency IN ('routine', 'soon', 'urgent')),
  order_json            TEXT NOT NULL,           -- the structured order and its checklist, as sent
  verdict               TEXT NOT NULL CHECK (verdict IN ('ok', 'warn')),  -- core OrderSafety's, when requested
  reason                TEXT NOT NULL DEFAULT '', -- of the latest rejection, cancellation or reschedule
  created_at            INTEGER NOT NULL,
  updated_at            INTEGER NOT NULL,        -- the latest step (what "new" is judged by)
  arrival_minute        INTEGER CHECK (arrival_minute IS NULL OR arrival_minute BETWEEN 0 AND 1440),  -- set on confirmation
  preparation           TEXT NOT NULL DEFAULT '', -- the hospital's instructions when confirming
  cancelled_by          TEXT NOT NULL DEFAULT '' CHECK (cancelled_by IN ('', 'clinic', 'hospital')),
  referral_document_id  INTEGER REFERENCES document(id),  -- the letter written with the request
  flagged               TEXT NOT NULL DEFAULT '', -- why the office must look ('' when nothing)
  clinic_seen_at        INTEGER NOT NULL DEFAULT 0 -- when the clinic last opened it
) STRICT;
INSERT INTO booking_new (id, equipment_id, exam_code, date, start_minute, end_minute, patient_id, facility_id, requested_by,
                         state, urgency, order_json, verdict, reason, created_at, updated_at)
  SELECT id, equipment_id, exam_code, date, start_minute, end_minute, patient_id, facility_id, requested_by,
         state, urgency, order_json, verdict, reason, created_at, updated_at
  FROM booking;
DROP TABLE booking_hold;
DROP TABLE booking;
ALTER TABLE booking_new RENAME TO booking;
CREATE INDEX booking_day ON booking (equipment_id, date);
CREATE INDEX booking_patient ON booking (patient_id);
CREATE INDEX booking_facility ON booking (facility_id, created_at);
CREATE INDEX booking_state ON booking (state, created_at);  -- the hospital's queue of requests

-- As in 008: the primary key is the guarantee that no time of a scanner is booked twice (R-BOOK-3).
CREATE TABLE booking_hold (
  equipment_id  TEXT NOT NULL,
  date          TEXT NOT NULL,
  minute        INTEGER NOT NULL,  -- a multiple of 5
  booking_id    INTEGER NOT NULL REFERENCES booking(id),
  PRIMARY KEY (equipment_id, date, minute)
) STRICT, WITHOUT ROWID;
CREATE INDEX booking_hold_of ON booking_hold (booking_id);
WITH RECURSIVE step (booking_id, equipment_id, date, minute, end_minute) AS (
  SELECT id, equipment_id, date, start_minute, end_minute FROM booking WHERE state IN ('requested', 'confirmed')
  UNION ALL
  SELECT booking_id, equipment_id, date, minute + 5, end_minute FROM step WHERE minute + 5 < end_minute
)
INSERT INTO booking_hold (equipment_id, date, minute, booking_id) SELECT equipment_id, date, minute, booking_id FROM step;

-- One row per step of a booking, the request included (R-BOOK-2: the clinic sees every change).
CREATE TABLE booking_event (
  id          INTEGER PRIMARY KEY,
  booking_id  INTEGER NOT NULL REFERENCES booking(id),
  at          INTEGER NOT NULL,
  by_account  TEXT NOT NULL REFERENCES account(id),
  from_state  TEXT NOT NULL,             -- '' for the request
  to_state    TEXT NOT NULL,             -- equal to from_state for a reschedule, flag or unflag
  reason      TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX booking_event_of ON booking_event (booking_id, id);
-- Bookings made before this migration: their request is their first step.
INSERT INTO booking_event (booking_id, at, by_account, from_state, to_state)
  SELECT id, created_at, requested_by, '', 'requested' FROM booking ORDER BY id;
