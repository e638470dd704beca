-- Seed data of the lab's xopdb, loaded on both members before replication starts (as on a cloned pair).
-- Tables the secondary ignores (replicate-ignore-table): ports, system_parms, sessions, session_keys,
-- session_parms, circuit_groups. The rest are provisioning tables that replicate.
CREATE TABLE system_parms (
  name VARCHAR(64) NOT NULL PRIMARY KEY,
  value VARCHAR(255) NOT NULL
);
INSERT INTO system_parms VALUES ('node_name', 'xop-a'), ('sync_interval', '60'), ('ha_role', 'primary'),
  ('sip_domain', 'lab.example');

CREATE TABLE ports (
  id INT AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(32) NOT NULL,
  state VARCHAR(16) NOT NULL DEFAULT 'idle'
);
INSERT INTO ports (name) VALUES ('sip-1'), ('sip-2'), ('sip-3');

CREATE TABLE sessions (
  id INT AUTO_INCREMENT PRIMARY KEY,
  port_id INT NOT NULL,
  started_at DATETIME NOT NULL
);
CREATE TABLE session_keys (id INT AUTO_INCREMENT PRIMARY KEY, session_id INT NOT NULL, k VARCHAR(64));
CREATE TABLE session_parms (id INT AUTO_INCREMENT PRIMARY KEY, session_id INT NOT NULL, v VARCHAR(255));
CREATE TABLE circuit_groups (
  id INT AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(32) NOT NULL,
  trunk_count INT NOT NULL
);
INSERT INTO circuit_groups (name, trunk_count) VALUES ('local-e1', 2);

-- Provisioning: replicated from the primary.
CREATE TABLE services (
  id INT AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(64) NOT NULL UNIQUE,
  enabled TINYINT NOT NULL DEFAULT 1,
  setting VARCHAR(255) NOT NULL DEFAULT ''
);
INSERT INTO services (name, setting) VALUES ('conference', 'max=32'), ('voicemail', 'greeting=default'),
  ('paging', 'zone=all'), ('alerting', 'tts=on');

CREATE TABLE subscribers (
  id INT AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(64) NOT NULL,
  extension VARCHAR(16) NOT NULL UNIQUE,
  service_id INT NOT NULL
);
INSERT INTO subscribers (name, extension, service_id) VALUES ('Ada', '2001', 1), ('Grace', '2002', 2),
  ('Linus', '2003', 1), ('Barbara', '2004', 3);

CREATE TABLE routes (
  id INT AUTO_INCREMENT PRIMARY KEY,
  pattern VARCHAR(32) NOT NULL,
  destination VARCHAR(64) NOT NULL
);
INSERT INTO routes (pattern, destination) VALUES ('2XXX', 'local'), ('9.', 'pstn-gw');
