-- xopdb_local: each member's own data; never in the binary log (binlog-ignore-db) nor replicated.
CREATE TABLE call_log (
  id INT AUTO_INCREMENT PRIMARY KEY,
  placed_at DATETIME NOT NULL,
  extension VARCHAR(16) NOT NULL
);
INSERT INTO call_log (placed_at, extension) VALUES (NOW(), '2001'), (NOW(), '2003');
