-- Per-step durations in milliseconds from the run store, for ssh-bench.sh. Adjust when the store's
-- schema changes: it needs each step's start and finish time.
SELECT 'unknown-schema' WHERE 0;
