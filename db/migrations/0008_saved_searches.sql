-- Saved searches of the events explorer: a query, a time range and the table's columns, owned by
-- the identity that saved it, optionally shared with the team and pinned to the dashboard.
CREATE TABLE saved_searches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  query text NOT NULL DEFAULT '',
  -- As the user gave them: relative (now-24h) stays relative, absolute stays ISO.
  time_from text NOT NULL DEFAULT 'now-24h',
  time_to text NOT NULL DEFAULT 'now',
  columns text[] NOT NULL DEFAULT '{}',
  -- "user:<id>" or "token:<id>": API tokens save searches too (automation, tests).
  owner text NOT NULL,
  owner_name text NOT NULL,
  shared boolean NOT NULL DEFAULT false,
  pinned boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX saved_searches_owner_idx ON saved_searches (owner, name);
CREATE INDEX saved_searches_shared_idx ON saved_searches (name) WHERE shared;
