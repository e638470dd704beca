-- operators of the web console (token hashes only) and their sign-in sessions (id hashes only)
CREATE TABLE IF NOT EXISTS operators (
  name       VARCHAR(128) NOT NULL PRIMARY KEY,
  token_hash VARCHAR(64) NOT NULL,
  approver   INT NOT NULL,
  created_at VARCHAR(30) NOT NULL,
  UNIQUE KEY operators_by_token (token_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS sessions (
  id_hash    VARCHAR(64) NOT NULL PRIMARY KEY,
  operator   VARCHAR(128) NOT NULL,
  csrf       VARCHAR(64) NOT NULL,
  address    VARCHAR(255),
  created_at VARCHAR(30) NOT NULL,
  expires_at VARCHAR(30) NOT NULL,
  KEY sessions_by_operator (operator)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
