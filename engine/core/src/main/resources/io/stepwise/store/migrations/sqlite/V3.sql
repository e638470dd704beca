-- operators of the web console (token hashes only) and their sign-in sessions (id hashes only)
CREATE TABLE operators (
  name       TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  approver   INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE sessions (
  id_hash    TEXT PRIMARY KEY,
  operator   TEXT NOT NULL,
  csrf       TEXT NOT NULL,
  address    TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX sessions_by_operator ON sessions (operator);
