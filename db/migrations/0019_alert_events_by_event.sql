-- Entity pages find the alerts an entity's events fed: events first, then their alert links by
-- event id (the primary key leads with alert_id and cannot serve that lookup).
CREATE INDEX IF NOT EXISTS alert_events_event_idx ON alert_events (event_id);
