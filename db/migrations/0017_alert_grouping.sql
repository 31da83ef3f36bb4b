-- Grouping repeated alerts (docs/rules.md, "Grouping repeated alerts"): a threshold or cardinality
-- crossing for a rule and group key whose alert is still open is absorbed into that alert instead
-- of raising a new one.
--
-- occurrences: how many crossings the alert stands for (1 for an alert that absorbed nothing).
-- last_seen:   event time of the newest event behind it (NULL for older rows and event-less alerts;
--              the API falls back to utctimestamp).
-- absorbing:   this alert takes the next crossing of its rule and group key. It turns false for
--              good when the alert leaves new/acknowledged, is full or too old, or its rule stops
--              grouping; the unique partial index lets at most one alert per rule and group key
--              absorb, so concurrent writers (an engine failover) cannot open two.
ALTER TABLE alerts ADD COLUMN occurrences integer NOT NULL DEFAULT 1;
ALTER TABLE alerts ADD COLUMN last_seen timestamptz;
ALTER TABLE alerts ADD COLUMN absorbing boolean NOT NULL DEFAULT false;
CREATE UNIQUE INDEX alerts_absorbing_group_idx ON alerts (rule_id, group_key) WHERE absorbing;

-- Shipped threshold and cardinality rules group by default; installs seeded before this release get
-- it too (as a new rule version by "system", so the change shows in the rule's history).
WITH changed AS (
  UPDATE rules
  SET definition = definition || '{"grouping": {"enabled": true}}'::jsonb, version = version + 1, updated_at = now()
  WHERE catalogue_key IS NOT NULL AND deleted_at IS NULL AND type IN ('threshold', 'cardinality') AND NOT (definition ? 'grouping')
  RETURNING id, version, definition, enabled
)
INSERT INTO rule_versions (rule_id, version, definition, enabled, changed_by)
SELECT id, version, definition, enabled, 'system' FROM changed;
