-- runs, append-only events, step output, leases
CREATE TABLE runs (
  id             TEXT PRIMARY KEY,
  procedure_name TEXT NOT NULL,
  cluster        TEXT NOT NULL,
  procedure_file TEXT,
  inventory_file TEXT,
  operator       TEXT,
  started_at     TEXT NOT NULL,
  params_json    TEXT NOT NULL,
  procedure_fp   TEXT,
  inventory_fp   TEXT,
  step_fps_json  TEXT NOT NULL,
  state          TEXT NOT NULL,
  current_step   TEXT
);
CREATE INDEX runs_by_cluster ON runs (cluster, state);
CREATE TABLE events (
  run_id    TEXT NOT NULL REFERENCES runs (id),
  seq       INTEGER NOT NULL,
  at_time   TEXT NOT NULL,
  type      TEXT NOT NULL,
  step_id   TEXT,
  host      TEXT,
  state     TEXT,
  attempt   INTEGER NOT NULL,
  actor     TEXT,
  note      TEXT,
  data_json TEXT,
  PRIMARY KEY (run_id, seq)
);
CREATE TABLE outputs (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id  TEXT NOT NULL REFERENCES runs (id),
  step_id TEXT NOT NULL,
  host    TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  stream  TEXT NOT NULL,
  content TEXT NOT NULL
);
CREATE INDEX outputs_by_step ON outputs (run_id, step_id, host, attempt, id);
CREATE TABLE leases (
  lock_key     TEXT PRIMARY KEY,
  kind         TEXT NOT NULL,
  run_id       TEXT NOT NULL,
  cluster      TEXT NOT NULL,
  holder_user  TEXT NOT NULL,
  holder_host  TEXT NOT NULL,
  holder_pid   INTEGER NOT NULL,
  holder_since TEXT NOT NULL,
  token        TEXT NOT NULL,
  heartbeat_at TEXT NOT NULL,
  expires_at   TEXT NOT NULL,
  version      INTEGER NOT NULL
);
CREATE INDEX leases_by_run ON leases (run_id);
