-- SPDX-License-Identifier: MIT
-- 001-foundation: the instance's own facts. Accounts, consents and records arrive in later migrations.
CREATE TABLE instance (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) STRICT;
INSERT INTO instance (key, value) VALUES ('created_at', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
