-- alert_events gets one row per event behind every alert: with 200 rules at several thousand events
-- a second that is tens of thousands of rows a second, and each row's two foreign-key checks (an
-- index probe and a row lock on the alert and on the rule, per row) cost about as much as the insert.
-- The alert writer inserts the alert and its links in one transaction, alerts are never deleted
-- (a duplicate crossing deletes its links first, in that same transaction) and rules are never
-- deleted either (disabled, versioned), so the checks guard nothing the writer does not already do.
ALTER TABLE alert_events DROP CONSTRAINT IF EXISTS alert_events_alert_id_fkey;
ALTER TABLE alert_events DROP CONSTRAINT IF EXISTS alert_events_rule_id_fkey;
