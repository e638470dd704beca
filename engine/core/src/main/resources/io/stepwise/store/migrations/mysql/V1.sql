-- runs, append-only events, step output, leases
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
