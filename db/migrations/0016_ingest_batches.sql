-- Queue mode: a batch taken from Redis can be delivered again (a worker killed after its commit and
-- before it told BullMQ). Its id is written in the same transaction as its events, so a second
-- delivery finds it and stores nothing. Rows older than a day are pruned (redeliveries come within
-- minutes: the stalled-job check runs every few seconds).
CREATE TABLE ingest_batches (
  id text PRIMARY KEY,
  stored_at timestamptz NOT NULL DEFAULT now(),
  events integer NOT NULL
);
CREATE INDEX ingest_batches_stored_at_idx ON ingest_batches (stored_at);
