-- Per-user in-app notifications (the inbox): today "someone @mentioned you in a case". Written in
-- the same transaction as the note that mentions, so a note never exists without its notifications
-- (nor the other way round).
CREATE TABLE inbox_notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  recipient_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('mention')),
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  -- What was written: a timeline entry, a hypothesis comment, or a Markdown field of the case.
  entry_type text NOT NULL CHECK (entry_type IN ('timeline', 'comment', 'description', 'lessonsLearned', 'mitigations')),
  -- The timeline entry or comment id; the case id for case fields.
  entry_id uuid NOT NULL,
  -- One notification per recipient per written thing: a retried or replayed write, or the same
  -- person mentioned twice in one note, hits this key instead of notifying again. Case fields add
  -- the case version, so a later edit that newly adds the mention notifies again.
  source_key text NOT NULL,
  actor text NOT NULL,
  actor_id uuid REFERENCES users(id) ON DELETE SET NULL,
  -- Plain text around the mention (never rendered as HTML).
  excerpt text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz,
  UNIQUE (recipient_id, source_key)
);
CREATE INDEX inbox_notifications_recipient ON inbox_notifications (recipient_id, created_at DESC, id DESC);
CREATE INDEX inbox_notifications_unread ON inbox_notifications (recipient_id) WHERE read_at IS NULL;
