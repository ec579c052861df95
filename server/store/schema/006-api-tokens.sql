-- SPDX-License-Identifier: MIT
-- 006-api-tokens: personal tokens for standard DICOMweb clients (Authorization: Bearer). Created by
-- the user in a full session, shown once; only the SHA-256 is kept. They end with the account's
-- sessions (password change, re-issue, role change, deactivation, revocation) and at expiry.
CREATE TABLE api_token (
  id            INTEGER PRIMARY KEY,
  account_id    TEXT NOT NULL REFERENCES account(id),
  name          TEXT NOT NULL,
  token_hash    TEXT NOT NULL UNIQUE,
  created_at    INTEGER NOT NULL,
  expires_at    INTEGER NOT NULL,
  last_used_at  INTEGER,
  revoked_at    INTEGER
) STRICT;
CREATE INDEX api_token_account ON api_token (account_id);
