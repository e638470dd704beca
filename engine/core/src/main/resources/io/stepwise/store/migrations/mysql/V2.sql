-- runs.updated_at for status; byte accounting for the per-step output cap
ALTER TABLE runs ADD COLUMN updated_at VARCHAR(30);
UPDATE runs r SET updated_at = COALESCE((SELECT MAX(e.at_time) FROM events e WHERE e.run_id = r.id), r.started_at);
ALTER TABLE outputs ADD COLUMN bytes BIGINT NOT NULL DEFAULT 0, ADD COLUMN truncated INT NOT NULL DEFAULT 0;
UPDATE outputs SET bytes = LENGTH(content);
