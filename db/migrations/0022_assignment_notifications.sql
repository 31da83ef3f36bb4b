-- Assignment notifications in the inbox: "X assigned you alert A / task T". An alert has no case,
-- so case_id becomes optional and an alert_id names the alert instead; every row still names what
-- it is about (a case, or an alert).
ALTER TABLE inbox_notifications DROP CONSTRAINT inbox_notifications_kind_check;
ALTER TABLE inbox_notifications ADD CONSTRAINT inbox_notifications_kind_check CHECK (kind IN ('mention', 'assignment'));
ALTER TABLE inbox_notifications DROP CONSTRAINT inbox_notifications_entry_type_check;
ALTER TABLE inbox_notifications ADD CONSTRAINT inbox_notifications_entry_type_check
  CHECK (entry_type IN ('timeline', 'comment', 'description', 'lessonsLearned', 'mitigations', 'task', 'alert'));
ALTER TABLE inbox_notifications ALTER COLUMN case_id DROP NOT NULL;
ALTER TABLE inbox_notifications ADD COLUMN alert_id uuid REFERENCES alerts(id) ON DELETE CASCADE;
ALTER TABLE inbox_notifications ADD CONSTRAINT inbox_notifications_subject CHECK (
  (entry_type = 'alert' AND alert_id IS NOT NULL) OR (entry_type <> 'alert' AND case_id IS NOT NULL));

-- The dashboard's "needs attention": open alerts without an assignee, oldest first, by severity.
CREATE INDEX alerts_unassigned_open ON alerts (severity, utctimestamp) WHERE assignee IS NULL AND status IN ('new', 'acknowledged', 'escalated');
CREATE INDEX alerts_assignee_open ON alerts (assignee) WHERE status IN ('new', 'acknowledged', 'escalated');
