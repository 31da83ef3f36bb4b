-- Events, partitioned by day on utctimestamp. Partitions are created on demand by the store
-- (events_YYYYMMDD) and dropped whole by retention. Index choice and cost: docs/storage.md.
CREATE TABLE events (
  id uuid NOT NULL,
  utctimestamp timestamptz NOT NULL,
  receivedtimestamp timestamptz NOT NULL,
  category text NOT NULL,
  source text NOT NULL,
  hostname text NOT NULL,
  processname text NOT NULL,
  processid text NOT NULL,
  severity text NOT NULL,
  summary text NOT NULL,
  tags text[] NOT NULL DEFAULT '{}',
  details jsonb NOT NULL DEFAULT '{}'
) PARTITION BY RANGE (utctimestamp);

-- btree, not BRIN: "newest first" top-N and keyset cursors need an ordered scan; ids are
-- UUIDv7 built from utctimestamp, so a lookup by id also goes through this index.
CREATE INDEX events_utctimestamp_idx ON events (utctimestamp);
CREATE INDEX events_category_idx ON events (category);
CREATE INDEX events_hostname_idx ON events (hostname);
CREATE INDEX events_tags_idx ON events USING gin (tags);
CREATE INDEX events_details_idx ON events USING gin (details jsonb_path_ops);

-- Rows the database refused even one at a time (should never happen after normalization):
-- kept verbatim so an acknowledged event is never silently lost.
CREATE TABLE events_dead_letter (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  error text NOT NULL,
  raw text NOT NULL
);
