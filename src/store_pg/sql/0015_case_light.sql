-- The instant the running step turns yellow (80 % of its time used), beside due_at, so that the
-- case list filters by deadline light in SQL (GET /api/v1/cases?light=): red past due_at,
-- yellow from yellow_at to due_at, green before yellow_at. NULL when no step runs.
ALTER TABLE cases ADD COLUMN yellow_at bigint;
UPDATE cases SET yellow_at = (clock::jsonb ->> 'yellow_at')::bigint WHERE due_at IS NOT NULL AND clock <> '';
