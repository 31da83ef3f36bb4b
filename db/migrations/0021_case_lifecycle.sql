-- Alert ↔ incident lifecycle and the incident room's marks (docs/cases.md, "Escalation and closing").
-- An escalated alert names its case, so the console links to it and closing the case resolves it.
ALTER TABLE alerts ADD COLUMN IF NOT EXISTS incident_id uuid REFERENCES cases(id) ON DELETE SET NULL;
CREATE INDEX IF NOT EXISTS alerts_incident_idx ON alerts (incident_id) WHERE incident_id IS NOT NULL;

-- Closing requires a resolution and its summary (checked by the service; NULL while open).
ALTER TABLE cases ADD COLUMN IF NOT EXISTS resolution text
  CHECK (resolution IN ('truepositive', 'falsepositive', 'duplicate', 'benign', 'other'));
ALTER TABLE cases ADD COLUMN IF NOT EXISTS resolution_summary text NOT NULL DEFAULT '';
-- Traffic Light Protocol and Permissible Actions Protocol (FIRST), on the case and per evidence item.
ALTER TABLE cases ADD COLUMN IF NOT EXISTS tlp text NOT NULL DEFAULT 'amber' CHECK (tlp IN ('clear', 'green', 'amber', 'amber+strict', 'red'));
ALTER TABLE cases ADD COLUMN IF NOT EXISTS pap text NOT NULL DEFAULT 'amber' CHECK (pap IN ('clear', 'green', 'amber', 'red'));
ALTER TABLE cases ADD COLUMN IF NOT EXISTS template_id uuid;
ALTER TABLE case_evidence ADD COLUMN IF NOT EXISTS tlp text CHECK (tlp IN ('clear', 'green', 'amber', 'amber+strict', 'red'));
ALTER TABLE case_evidence ADD COLUMN IF NOT EXISTS pap text CHECK (pap IN ('clear', 'green', 'amber', 'red'));

-- Admin-defined starting points for new cases: tasks, severity, tags, a description skeleton.
CREATE TABLE IF NOT EXISTS case_templates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
  kind text NOT NULL DEFAULT 'incident' CHECK (kind IN ('incident', 'investigation')),
  severity text NOT NULL DEFAULT 'medium' CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  tlp text NOT NULL DEFAULT 'amber' CHECK (tlp IN ('clear', 'green', 'amber', 'amber+strict', 'red')),
  pap text NOT NULL DEFAULT 'amber' CHECK (pap IN ('clear', 'green', 'amber', 'red')),
  description text NOT NULL DEFAULT '',
  tags text[] NOT NULL DEFAULT '{}',
  tasks text[] NOT NULL DEFAULT '{}',
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
