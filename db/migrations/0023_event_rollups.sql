-- Per-minute event counts by category, source, hostname, severity and details.sourceipaddress,
-- plus the total ('all'), for the match-all histogram and the dashboard's top panels, which would
-- otherwise scan every event of the range. Maintained by statement triggers on `events`, so every
-- writer (COPY included) updates them in its own transaction: exact at every commit.
-- Append-only deltas (no unique key, no upsert): two batches committing at once never wait on each
-- other's counter rows. Readers sum; compaction merges a range's deltas (docs/storage.md).
CREATE TABLE event_rollups (
  minute timestamptz NOT NULL,
  dim text NOT NULL,
  key text NOT NULL,
  n bigint NOT NULL
);
CREATE INDEX event_rollups_dim_minute_idx ON event_rollups (dim, minute);

-- One row per (minute, dimension, value) of the statement's rows. The sourceip key is the store's
-- own group expression (details #>> '{sourceipaddress}'), so sums equal the events table's GROUP BY.
-- date_bin, not date_trunc: independent of the session time zone.
CREATE FUNCTION event_rollups_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
    INSERT INTO event_rollups (minute, dim, key, n)
    SELECT m, v.dim, v.key, count(*)
    FROM (SELECT date_bin('1 minute', utctimestamp, '2000-01-01T00:00:00Z') AS m, category, source, hostname, severity,
                 details #>> '{sourceipaddress}' AS ip FROM new_rows) r
    CROSS JOIN LATERAL (VALUES ('all', ''), ('category', r.category), ('source', r.source), ('hostname', r.hostname),
                               ('severity', r.severity), ('sourceip', r.ip)) AS v(dim, key)
    WHERE v.key IS NOT NULL
    GROUP BY 1, 2, 3;
  END IF;
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
    INSERT INTO event_rollups (minute, dim, key, n)
    SELECT m, v.dim, v.key, -count(*)
    FROM (SELECT date_bin('1 minute', utctimestamp, '2000-01-01T00:00:00Z') AS m, category, source, hostname, severity,
                 details #>> '{sourceipaddress}' AS ip FROM old_rows) r
    CROSS JOIN LATERAL (VALUES ('all', ''), ('category', r.category), ('source', r.source), ('hostname', r.hostname),
                               ('severity', r.severity), ('sourceip', r.ip)) AS v(dim, key)
    WHERE v.key IS NOT NULL
    GROUP BY 1, 2, 3;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION event_rollups_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE event_rollups;
  RETURN NULL;
END $$;

CREATE TRIGGER events_rollup_insert AFTER INSERT ON events REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION event_rollups_add();
CREATE TRIGGER events_rollup_delete AFTER DELETE ON events REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION event_rollups_add();
CREATE TRIGGER events_rollup_update AFTER UPDATE ON events REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION event_rollups_add();
CREATE TRIGGER events_rollup_truncate AFTER TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION event_rollups_truncate();

-- Events already stored when this migration runs.
INSERT INTO event_rollups (minute, dim, key, n)
SELECT m, v.dim, v.key, count(*)
FROM (SELECT date_bin('1 minute', utctimestamp, '2000-01-01T00:00:00Z') AS m, category, source, hostname, severity,
             details #>> '{sourceipaddress}' AS ip FROM events) r
CROSS JOIN LATERAL (VALUES ('all', ''), ('category', r.category), ('source', r.source), ('hostname', r.hostname),
                           ('severity', r.severity), ('sourceip', r.ip)) AS v(dim, key)
WHERE v.key IS NOT NULL
GROUP BY 1, 2, 3;
