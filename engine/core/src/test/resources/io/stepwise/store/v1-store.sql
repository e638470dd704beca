-- A run store as stepwise wrote it at schema version 1 (frozen: never edit; it stands for old users' files).
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
CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, description VARCHAR(255) NOT NULL, applied_at VARCHAR(30) NOT NULL);
INSERT INTO schema_version VALUES (1, 'runs, append-only events, step output, leases', '2026-10-01T08:00:00.000000000Z');
INSERT INTO runs VALUES ('r-old', 'secondary-resync', 'east', 'procedures/resync.yaml', 'east.yaml', 'carol', '2026-10-01T09:00:00.000000000Z', '{"database":"xopdb","repl_password":"****"}', 'pfp1', 'ifp1', '{"dump":"f1","verify-ha":"f2"}', 'PAUSED', 'verify-ha');
INSERT INTO events VALUES ('r-old', 1, '2026-10-01T09:00:00.000000000Z', 'RUN_STARTED', NULL, NULL, NULL, 0, NULL, NULL, NULL);
INSERT INTO events VALUES ('r-old', 2, '2026-10-01T09:01:00.000000000Z', 'CAPTURED', 'source-position', 'xop-a', NULL, 1, NULL, NULL, '{"binlog_file":"bin.000042"}');
INSERT INTO events VALUES ('r-old', 3, '2026-10-01T09:02:00.000000000Z', 'STEP_STATE', 'verify-ha', 'xop-a', 'WAITING_FOR_PERSON', 1, NULL, NULL, '{}');
INSERT INTO outputs (run_id, step_id, host, attempt, stream, content) VALUES ('r-old', 'dump', 'xop-a', 1, 'stdout', 'dumped ✓ ok' || char(10));
INSERT INTO leases VALUES ('cluster:east', 'cluster', 'r-old', 'east', 'carol', 'ops-laptop', 99999999, '2026-10-01T09:00:00.000000000Z', 'tok-1', '2026-10-01T09:02:00.000000000Z', '2026-10-01T09:02:30.000000000Z', 3);
