-- SPDX-License-Identifier: MIT
-- 003-two-factor: TOTP second factor (RFC 6238) and single-use recovery codes (R-PW-6).
CREATE TABLE totp (
  account_id    TEXT PRIMARY KEY NOT NULL REFERENCES account(id),
  secret_sealed TEXT NOT NULL,                      -- AES-256-GCM (SecretBox), bound to the account id
  created_at    INTEGER NOT NULL,
  confirmed_at  INTEGER,                            -- NULL while the enrolment awaits its first code
  last_counter  INTEGER                             -- the newest time step used: codes work once
) STRICT;

CREATE TABLE recovery_code (
  account_id TEXT NOT NULL REFERENCES account(id),
  code_hash  TEXT NOT NULL,                         -- SHA-256; the codes are shown once, never stored
  used_at    INTEGER,
  PRIMARY KEY (account_id, code_hash)
) STRICT;
