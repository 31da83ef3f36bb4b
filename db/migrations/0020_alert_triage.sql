-- Triage at scale (docs/rules.md, "The alert console"): who acknowledged and who assigned an
-- alert, and when, shown on its row; exceptions that expire.
--
-- acknowledged_by/at: the last person to move the alert to acknowledged (NULL: never acknowledged).
-- assigned_by/at:     who set the current assignee (NULL: never assigned).
-- expires_at:         an exception stops applying at this time; NULL is "never", chosen explicitly.
ALTER TABLE alerts ADD COLUMN acknowledged_by text;
ALTER TABLE alerts ADD COLUMN acknowledged_at timestamptz;
ALTER TABLE alerts ADD COLUMN assigned_by text;
ALTER TABLE alerts ADD COLUMN assigned_at timestamptz;
ALTER TABLE rule_exceptions ADD COLUMN expires_at timestamptz;
-- The console's "mine" and "unassigned" filters.
CREATE INDEX IF NOT EXISTS alerts_assignee_idx ON alerts (assignee);
