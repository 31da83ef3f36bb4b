-- Incidents and investigations share one table with a `kind` column: they carry the same content
-- (timeline, evidence, hypotheses, IOCs, tasks), so every child table references one case id,
-- and promoting an investigation to an incident moves children by updating case_id alone.
CREATE TABLE cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('incident', 'investigation')),
  summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 500),
  description text NOT NULL DEFAULT '',
  severity text NOT NULL DEFAULT 'medium' CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  phase text NOT NULL,
  owner_id uuid REFERENCES users(id) ON DELETE SET NULL,
  contacts text[] NOT NULL DEFAULT '{}',
  -- MozDef's incident dates; opened is set on create, the others by phase changes or by hand.
  opened_at timestamptz NOT NULL DEFAULT now(),
  reported_at timestamptz,
  verified_at timestamptz,
  mitigated_at timestamptz,
  contained_at timestamptz,
  closed_at timestamptz,
  veris text[] NOT NULL DEFAULT '{}',
  attack text[] NOT NULL DEFAULT '{}',
  "references" text[] NOT NULL DEFAULT '{}',
  lessons_learned text NOT NULL DEFAULT '',
  mitigations text NOT NULL DEFAULT '',
  promoted_from_id uuid REFERENCES cases(id),
  promoted_to_id uuid REFERENCES cases(id),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Bumped by every change to the case or its children (the bus carries it); an edit names the
  -- version it was based on, and field_versions ({field: version of its last change}) decides
  -- whether a stale edit still merges (none of its fields changed since) or conflicts.
  version integer NOT NULL DEFAULT 1,
  field_versions jsonb NOT NULL DEFAULT '{}',
  CHECK (
    (kind = 'incident' AND phase IN ('Identification', 'Containment', 'Eradication', 'Recovery', 'Lessons Learned', 'Closed'))
    OR (kind = 'investigation' AND phase IN ('Identification', 'Evidence', 'Holding', 'Escalation', 'Closed'))
  )
);
CREATE INDEX cases_kind_created ON cases (kind, created_at DESC, id DESC);
CREATE INDEX cases_owner ON cases (owner_id);

-- Append-only: when each phase began, and who moved it.
CREATE TABLE case_phase_changes (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  from_phase text,
  phase text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL
);
CREATE INDEX case_phase_changes_case ON case_phase_changes (case_id, at);

CREATE TABLE case_timeline (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The case version that wrote this row: clients fetch only rows newer than the version they hold.
  case_version integer NOT NULL DEFAULT 1,
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  -- When it happened (an event's time, a call made yesterday) vs when it was written down.
  occurred_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  author text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('note', 'action', 'finding', 'communication')),
  text text NOT NULL,
  event_id uuid,
  evidence_id uuid
);
CREATE INDEX case_timeline_case ON case_timeline (case_id, occurred_at);

CREATE TABLE case_evidence (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The case version that wrote this row: clients fetch only rows newer than the version they hold.
  case_version integer NOT NULL DEFAULT 1,
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('event', 'text', 'file')),
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  -- Events are copied whole so the evidence survives retention dropping the original.
  event_id uuid,
  event_snapshot jsonb,
  text_content text,
  file_name text,
  content_type text,
  content bytea,
  size_bytes bigint NOT NULL,
  sha256 text NOT NULL,
  -- Chain of custody: who added it and when; rows are never updated.
  added_by text NOT NULL,
  added_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_evidence_case ON case_evidence (case_id, added_at);

CREATE TABLE case_hypotheses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The case version that wrote this row: clients fetch only rows newer than the version they hold.
  case_version integer NOT NULL DEFAULT 1,
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  statement text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'supported', 'refuted', 'inconclusive')),
  confidence integer NOT NULL DEFAULT 50 CHECK (confidence BETWEEN 0 AND 100),
  supporting_evidence uuid[] NOT NULL DEFAULT '{}',
  refuting_evidence uuid[] NOT NULL DEFAULT '{}',
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  field_versions jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX case_hypotheses_case ON case_hypotheses (case_id, created_at);

CREATE TABLE case_hypothesis_comments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The case version that wrote this row: clients fetch only rows newer than the version they hold.
  case_version integer NOT NULL DEFAULT 1,
  hypothesis_id uuid NOT NULL REFERENCES case_hypotheses(id) ON DELETE CASCADE,
  author text NOT NULL,
  text text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_hypothesis_comments_hypothesis ON case_hypothesis_comments (hypothesis_id, created_at);

CREATE TABLE case_indicators (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The case version that wrote this row: clients fetch only rows newer than the version they hold.
  case_version integer NOT NULL DEFAULT 1,
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  type text NOT NULL CHECK (type IN ('ip', 'domain', 'url', 'hash', 'user')),
  value text NOT NULL,
  note text NOT NULL DEFAULT '',
  added_by text NOT NULL,
  added_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (case_id, type, value)
);

CREATE TABLE case_tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The case version that wrote this row: clients fetch only rows newer than the version they hold.
  case_version integer NOT NULL DEFAULT 1,
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  title text NOT NULL,
  assignee_id uuid REFERENCES users(id) ON DELETE SET NULL,
  due_at timestamptz,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done', 'cancelled')),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1,
  field_versions jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX case_tasks_case ON case_tasks (case_id, created_at);
CREATE INDEX case_tasks_assignee ON case_tasks (assignee_id, status);
