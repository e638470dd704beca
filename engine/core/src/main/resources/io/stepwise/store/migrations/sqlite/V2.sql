-- runs.updated_at for status; byte accounting for the per-step output cap
ALTER TABLE runs ADD COLUMN updated_at TEXT;
UPDATE runs SET updated_at = COALESCE((SELECT MAX(e.at_time) FROM events e WHERE e.run_id = runs.id), started_at);
ALTER TABLE outputs ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outputs ADD COLUMN truncated INTEGER NOT NULL DEFAULT 0;
UPDATE outputs SET bytes = LENGTH(CAST(content AS BLOB));
