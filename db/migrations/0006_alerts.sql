-- Alert rules (versioned; every save keeps the full definition in rule_versions), the alerts they
-- raise, which events fed which alert (MozDef's dedup), analyst exceptions and quiet periods.

CREATE TABLE rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Stable key of a shipped catalogue rule (NULL for rules people write): seeding is idempotent by it.
  catalogue_key text UNIQUE,
  name text NOT NULL,
  type text NOT NULL CHECK (type IN ('match', 'threshold', 'cardinality', 'sequence', 'deadman', 'watchlist', 'sigma')),
  -- The rule as the API and the UI edit it (DESIGN.md's JSON); the columns below mirror it for listing.
  definition jsonb NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  owner text NOT NULL,
  severity text NOT NULL,
  category text NOT NULL,
  tags text[] NOT NULL DEFAULT '{}',
  summary text NOT NULL,
  version integer NOT NULL DEFAULT 1,
  -- Soft delete: alerts keep pointing at the rule, and a deleted catalogue rule is not re-seeded.
  deleted_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rules_enabled_idx ON rules (enabled) WHERE deleted_at IS NULL;

CREATE TABLE rule_versions (
  rule_id uuid NOT NULL REFERENCES rules(id),
  version integer NOT NULL,
  definition jsonb NOT NULL,
  enabled boolean NOT NULL,
  changed_by text NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (rule_id, version)
);

CREATE TABLE alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  utctimestamp timestamptz NOT NULL DEFAULT now(),
  severity text NOT NULL,
  summary text NOT NULL,
  category text NOT NULL,
  tags text[] NOT NULL DEFAULT '{}',
  rule_id uuid REFERENCES rules(id),
  rule_version integer,
  group_key text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'acknowledged', 'escalated', 'closed', 'falsepositive')),
  assignee text,
  event_count integer NOT NULL DEFAULT 0,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alerts_ts_idx ON alerts (utctimestamp DESC);
CREATE INDEX alerts_status_ts_idx ON alerts (status, utctimestamp DESC);
CREATE INDEX alerts_rule_ts_idx ON alerts (rule_id, utctimestamp DESC);

-- An event feeds at most one alert per rule: the unique key is the dedup, enforced by the database
-- so that a restart (or a race) can never raise a second alert from the same events.
CREATE TABLE alert_events (
  alert_id uuid NOT NULL REFERENCES alerts(id),
  rule_id uuid NOT NULL REFERENCES rules(id),
  event_id uuid NOT NULL,
  event_time timestamptz NOT NULL,
  PRIMARY KEY (alert_id, event_id),
  UNIQUE (rule_id, event_id)
);
CREATE INDEX alert_events_rule_time_idx ON alert_events (rule_id, event_time);

-- "Not when …": a Lucene query per rule; events matching it never feed the rule.
CREATE TABLE rule_exceptions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  rule_id uuid NOT NULL REFERENCES rules(id),
  query text NOT NULL,
  comment text NOT NULL DEFAULT '',
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rule_exceptions_rule_idx ON rule_exceptions (rule_id);

-- Quiet period per rule and group key, kept across restarts.
CREATE TABLE rule_suppressions (
  rule_id uuid NOT NULL REFERENCES rules(id),
  group_key text NOT NULL,
  until timestamptz NOT NULL,
  PRIMARY KEY (rule_id, group_key)
);

-- CIDR terms in queries (details.sourceipaddress:10.0.0.0/8): text → inet, NULL instead of an error
-- for anything that is not an address. The caller pre-filters with a regex so ordinary strings never
-- reach the exception handler (which costs a subtransaction).
CREATE FUNCTION picket_try_inet(t text) RETURNS inet LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
BEGIN
  RETURN t::inet;
EXCEPTION WHEN others THEN
  RETURN NULL;
END $$;
