-- Free text (the default field and `summary:`) is a case-insensitive substring match, ILIKE '%…%',
-- which no btree serves: at 10M events a rare word over 24 h read every row of the range (3-9 s).
-- A trigram GIN index answers it from the index (docs/storage.md, "Free text"). pg_trgm ships with
-- Postgres (contrib) and is a trusted extension: the database's owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
-- ON ONLY: the parent's index is created at once, and every partition created from now on gets its
-- own. Partitions that already hold events are indexed after start, one at a time and without
-- blocking writes (CREATE INDEX CONCURRENTLY, then ATTACH), so a large store does not hold the
-- migration (and the start) for the hours a single CREATE INDEX over all of them would take.
CREATE INDEX IF NOT EXISTS events_summary_trgm ON ONLY events USING gin (summary gin_trgm_ops);
