-- The hourly rollups leave the write path (docs/performance.md, "Single-event POSTs on a quiet box"):
-- every store write inserted its per-minute rows and again as many hourly rows (about 115 rows for a
-- write of 11 events), and small writes paid most. Now the write inserts only the minutes, and an
-- hour's hourly rows are built from its minutes once the hour has ended (rollHours, every 5 minutes).
-- `hourly_through` says where the hourly level ends: hours before it are complete there (a late event
-- of a closed hour still adds its hourly row in the trigger), hours from it on are read as minutes.
-- Starting at the current hour: until now every hour was kept in both levels, so all hours before it
-- are complete; this hour's and later hourly rows are rebuilt when they close.
CREATE TABLE event_rollup_state (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  hourly_through timestamptz NOT NULL
);
INSERT INTO event_rollup_state (hourly_through) VALUES (date_bin('1 hour', now(), '2000-01-01T00:00:00Z'));

CREATE OR REPLACE FUNCTION event_rollups_add() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  closed timestamptz;
BEGIN
  -- Shared by every write; closing an hour (rollHours in rollups.ts) takes it exclusively, so a
  -- write either finished before the hour was built from its minutes or sees it closed below.
  PERFORM pg_advisory_xact_lock_shared(1919904876);
  SELECT hourly_through INTO closed FROM event_rollup_state;
  -- One statement per transition table: the per-minute deltas are computed once; the hourly level
  -- gets only those of hours already closed (late events), the rest waits for rollHours.
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
    WITH r AS (
      SELECT date_bin('1 minute', utctimestamp, '2000-01-01T00:00:00Z') AS m, category, source, hostname, severity,
             details #>> '{sourceipaddress}' AS ip, details -> 'sourceipaddress' AS ipj FROM new_rows
    ), d AS (
      SELECT m, dim, key, count(*) AS n FROM (
        SELECT r.m, v.dim, v.key FROM r
        CROSS JOIN LATERAL (VALUES ('all', ''), ('category', r.category), ('source', r.source), ('hostname', r.hostname),
                                   ('severity', r.severity), ('sourceip', r.ip)) AS v(dim, key)
        WHERE v.key IS NOT NULL
        UNION ALL
        SELECT r.m, 'sourceip.elem', e.key FROM r
        CROSS JOIN LATERAL (SELECT DISTINCT x #>> '{}' AS key FROM jsonb_array_elements(r.ipj) x
                            WHERE jsonb_typeof(x) = 'string') e
        WHERE jsonb_typeof(r.ipj) = 'array'
      ) s GROUP BY 1, 2, 3
    ), fine AS (
      INSERT INTO event_rollups (minute, dim, key, n) SELECT m, dim, key, n FROM d
    )
    INSERT INTO event_rollups_hourly (hour, dim, key, n)
    SELECT date_bin('1 hour', m, '2000-01-01T00:00:00Z'), dim, key, sum(n) FROM d WHERE m < closed GROUP BY 1, 2, 3;
  END IF;
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
    WITH r AS (
      SELECT date_bin('1 minute', utctimestamp, '2000-01-01T00:00:00Z') AS m, category, source, hostname, severity,
             details #>> '{sourceipaddress}' AS ip, details -> 'sourceipaddress' AS ipj FROM old_rows
    ), d AS (
      SELECT m, dim, key, -count(*) AS n FROM (
        SELECT r.m, v.dim, v.key FROM r
        CROSS JOIN LATERAL (VALUES ('all', ''), ('category', r.category), ('source', r.source), ('hostname', r.hostname),
                                   ('severity', r.severity), ('sourceip', r.ip)) AS v(dim, key)
        WHERE v.key IS NOT NULL
        UNION ALL
        SELECT r.m, 'sourceip.elem', e.key FROM r
        CROSS JOIN LATERAL (SELECT DISTINCT x #>> '{}' AS key FROM jsonb_array_elements(r.ipj) x
                            WHERE jsonb_typeof(x) = 'string') e
        WHERE jsonb_typeof(r.ipj) = 'array'
      ) s GROUP BY 1, 2, 3
    ), fine AS (
      INSERT INTO event_rollups (minute, dim, key, n) SELECT m, dim, key, n FROM d
    )
    INSERT INTO event_rollups_hourly (hour, dim, key, n)
    SELECT date_bin('1 hour', m, '2000-01-01T00:00:00Z'), dim, key, sum(n) FROM d WHERE m < closed GROUP BY 1, 2, 3;
  END IF;
  RETURN NULL;
END $$;
