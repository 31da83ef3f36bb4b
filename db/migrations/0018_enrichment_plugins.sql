-- What each process's enrichment plugins did since they were loaded (calls, errors, the last error,
-- files that failed to load), written every few seconds by the process itself, so Admin → Plugins
-- shows every queue worker, not only the web process that serves the page. Rows of processes that
-- stopped reporting are ignored after two minutes and pruned.
CREATE TABLE plugin_status (
  process_id text PRIMARY KEY,
  label text NOT NULL,
  reported_at timestamptz NOT NULL DEFAULT now(),
  status jsonb NOT NULL
);

-- Admin drop filters (MozDef's dropMessage plugin, editable instead of hard-coded): an event matching
-- an enabled filter's query is dropped at enrichment and never stored. Versioned like other records.
CREATE TABLE drop_filters (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  query text NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text
);

-- MozDef's one hard-coded case: AWS load balancer health checks.
INSERT INTO drop_filters (name, query, updated_by)
VALUES ('AWS ELB health checks (MozDef dropMessage)', 'details.http_user_agent:"ELB-HealthChecker/1.0"', 'migration 0018');
