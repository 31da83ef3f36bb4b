-- Streamed evidence uploads (larger than the JSON API's ~1.5 MB) are stored in 1 MiB chunks so they
-- can be written and read back without holding a whole file in memory. They stay in Postgres, like
-- the small files in case_evidence.content: committed with their audit entry, included in database
-- backups, and readable by every process in scale-out mode. Existing rows keep their inline content.
CREATE TABLE case_evidence_chunks (
  evidence_id uuid NOT NULL REFERENCES case_evidence(id) ON DELETE CASCADE,
  seq integer NOT NULL CHECK (seq >= 0),
  data bytea NOT NULL,
  PRIMARY KEY (evidence_id, seq)
);
-- Evidence is often already compressed (archives, images, pcaps): skip the TOAST compression attempt.
ALTER TABLE case_evidence_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
