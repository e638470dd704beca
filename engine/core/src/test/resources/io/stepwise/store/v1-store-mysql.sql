-- A MySQL/MariaDB run store as stepwise wrote it at schema version 1 (frozen: never edit; it stands for old users' databases).
CREATE TABLE IF NOT EXISTS runs (
  id             VARCHAR(128) NOT NULL PRIMARY KEY,
  procedure_name VARCHAR(255) NOT NULL,
  cluster        VARCHAR(128) NOT NULL,
  procedure_file TEXT,
  inventory_file TEXT,
  operator       VARCHAR(255),
  started_at     VARCHAR(30) NOT NULL,
  params_json    MEDIUMTEXT NOT NULL,
  procedure_fp   VARCHAR(255),
  inventory_fp   VARCHAR(255),
  step_fps_json  MEDIUMTEXT NOT NULL,
  state          VARCHAR(32) NOT NULL,
  current_step   VARCHAR(255),
  KEY runs_by_cluster (cluster, state)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS events (
  run_id    VARCHAR(128) NOT NULL,
  seq       BIGINT NOT NULL,
  at_time   VARCHAR(30) NOT NULL,
  type      VARCHAR(32) NOT NULL,
  step_id   VARCHAR(255),
  host      VARCHAR(255),
  state     VARCHAR(32),
  attempt   INT NOT NULL,
  actor     VARCHAR(255),
  note      TEXT,
  data_json MEDIUMTEXT,
  PRIMARY KEY (run_id, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS outputs (
  id      BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  run_id  VARCHAR(128) NOT NULL,
  step_id VARCHAR(128) NOT NULL,
  host    VARCHAR(128) NOT NULL,
  attempt INT NOT NULL,
  stream  VARCHAR(16) NOT NULL,
  content MEDIUMTEXT NOT NULL,
  KEY outputs_by_step (run_id, step_id, host, attempt, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS leases (
  lock_key     VARCHAR(255) NOT NULL PRIMARY KEY,
  kind         VARCHAR(16) NOT NULL,
  run_id       VARCHAR(128) NOT NULL,
  cluster      VARCHAR(128) NOT NULL,
  holder_user  VARCHAR(255) NOT NULL,
  holder_host  VARCHAR(255) NOT NULL,
  holder_pid   BIGINT NOT NULL,
  holder_since VARCHAR(30) NOT NULL,
  token        VARCHAR(64) NOT NULL,
  heartbeat_at VARCHAR(30) NOT NULL,
  expires_at   VARCHAR(30) NOT NULL,
  version      BIGINT NOT NULL,
  KEY leases_by_run (run_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, description VARCHAR(255) NOT NULL, applied_at VARCHAR(30) NOT NULL);
INSERT INTO schema_version VALUES (1, 'runs, append-only events, step output, leases', '2026-10-01T08:00:00.000000000Z');
INSERT INTO runs VALUES ('r-old', 'secondary-resync', 'east', 'procedures/resync.yaml', 'east.yaml', 'carol', '2026-10-01T09:00:00.000000000Z', '{"database":"xopdb","repl_password":"****"}', 'pfp1', 'ifp1', '{"dump":"f1","verify-ha":"f2"}', 'PAUSED', 'verify-ha');
INSERT INTO events VALUES ('r-old', 1, '2026-10-01T09:00:00.000000000Z', 'RUN_STARTED', NULL, NULL, NULL, 0, NULL, NULL, NULL);
INSERT INTO events VALUES ('r-old', 2, '2026-10-01T09:01:00.000000000Z', 'CAPTURED', 'source-position', 'xop-a', NULL, 1, NULL, NULL, '{"binlog_file":"bin.000042"}');
INSERT INTO events VALUES ('r-old', 3, '2026-10-01T09:02:00.000000000Z', 'STEP_STATE', 'verify-ha', 'xop-a', 'WAITING_FOR_PERSON', 1, NULL, NULL, '{}');
INSERT INTO outputs (run_id, step_id, host, attempt, stream, content) VALUES ('r-old', 'dump', 'xop-a', 1, 'stdout', CONCAT('dumped ✓ ok', CHAR(10 USING utf8mb4)));
INSERT INTO leases VALUES ('cluster:east', 'cluster', 'r-old', 'east', 'carol', 'ops-laptop', 99999999, '2026-10-01T09:00:00.000000000Z', 'tok-1', '2026-10-01T09:02:00.000000000Z', '2026-10-01T09:02:30.000000000Z', 3);
