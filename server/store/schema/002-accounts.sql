-- SPDX-License-Identifier: MIT
-- 002-accounts: facilities, personal accounts, password history, sessions, log-in guard,
-- revoked licences (R-ACC, R-PW, R-SES) and the append-only, hash-chained audit log (R-AUD).
-- Times are Unix seconds (UTC); dates that people write down are hospital-local 'YYYY-MM-DD'.
CREATE TABLE facility (
  id               TEXT PRIMARY KEY NOT NULL,
  name             TEXT NOT NULL,
  kind             TEXT NOT NULL CHECK (kind IN ('hospital', 'clinic')),
  address          TEXT NOT NULL DEFAULT '',
  institution_code TEXT UNIQUE,
  active           INTEGER NOT NULL DEFAULT 1,
  created_at       INTEGER NOT NULL,
  deactivated_at   INTEGER
) STRICT;

CREATE TABLE account (
  id                  TEXT PRIMARY KEY NOT NULL,   -- the personal log-in id (no shared ids, R-ACC-1)
  name                TEXT NOT NULL,
  role                TEXT NOT NULL CHECK (role IN ('clinic', 'staff', 'admin')),
  facility_id         TEXT NOT NULL REFERENCES facility(id),
  licence_number      TEXT,
  setup_visit_on      TEXT,                        -- R-ACC-2 enrolment
  training_done_on    TEXT,                        -- R-ACC-2: no log-in without it
  status              TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deactivated', 'revoked')),
  created_at          INTEGER NOT NULL,
  status_changed_at   INTEGER
) STRICT;
CREATE INDEX account_facility ON account(facility_id);

CREATE TABLE password (
  account_id  TEXT NOT NULL REFERENCES account(id),
  seq         INTEGER NOT NULL,                    -- 1, 2, …; the highest is the current password
  hash        TEXT NOT NULL,                       -- PasswordHash format, parameters included
  set_on      TEXT NOT NULL,                       -- JST date, for core::PasswordPolicy
  set_at      INTEGER NOT NULL,
  temporary   INTEGER NOT NULL CHECK (temporary IN (0, 1)),
  PRIMARY KEY (account_id, seq)
) STRICT;

CREATE TABLE session (
  token_hash   TEXT PRIMARY KEY NOT NULL,          -- SHA-256 of the cookie value; the token is never stored
  account_id   TEXT NOT NULL REFERENCES account(id),
  csrf_token   TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  source_ip    TEXT NOT NULL
) STRICT;
CREATE INDEX session_account ON session(account_id);

-- Failed log-ins are counted per log-in id whether or not the account exists, so that the
-- lock-out itself does not reveal which ids exist.
CREATE TABLE login_guard (
  login_id     TEXT PRIMARY KEY NOT NULL,
  failures     INTEGER NOT NULL,
  locked_until INTEGER
) STRICT;

CREATE TABLE revoked_licence (
  licence_number TEXT PRIMARY KEY NOT NULL,        -- R-ACC-4: the block follows the person
  account_id     TEXT,
  revoked_at     INTEGER NOT NULL,
  reason         TEXT NOT NULL
) STRICT;

CREATE TABLE audit (
  seq         INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,
  account_id  TEXT NOT NULL,
  facility_id TEXT NOT NULL,
  source_ip   TEXT NOT NULL,
  action      TEXT NOT NULL,
  resource    TEXT NOT NULL,
  patient_id  TEXT NOT NULL,
  outcome     TEXT NOT NULL,
  detail      TEXT NOT NULL,
  prev_hash   TEXT NOT NULL,
  hash        TEXT NOT NULL
) STRICT;
CREATE INDEX audit_account ON audit(account_id, at);
CREATE INDEX audit_patient ON audit(patient_id, at);
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
