-- Crash replay for rules that alert per event, and code rules.
--
-- rule_cursors: per rule, the receivedtimestamp through which stored events were evaluated and their
-- alerts (if any) durably written. It moves forward in the alert write's own transaction (or on the
-- engine's timer while nothing is pending), so after a crash the engine replays what came after it.
CREATE TABLE rule_cursors (
  rule_id uuid PRIMARY KEY REFERENCES rules(id),
  evaluated_through timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Code rules: TypeScript modules deployed by an operator, referenced by file name.
ALTER TABLE rules DROP CONSTRAINT rules_type_check;
ALTER TABLE rules ADD CONSTRAINT rules_type_check
  CHECK (type IN ('match', 'threshold', 'cardinality', 'sequence', 'deadman', 'watchlist', 'sigma', 'code'));

-- What a code rule's evaluate() returned as `details` (NULL for other rules).
ALTER TABLE alerts ADD COLUMN details jsonb;
