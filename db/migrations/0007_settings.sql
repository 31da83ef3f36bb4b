-- Instance settings an admin edits in the UI. One typed row (id = 1) rather than key/value
-- pairs: each setting gets a real type and CHECK, and the row is versioned like every editable record.
CREATE TABLE settings (
  id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  -- Role given to users who sign in through OAuth/OIDC for the first time, or 'none' to refuse them.
  -- NULL: never set in the UI, so PICKET_OAUTH_DEFAULT_ROLE (the environment) decides.
  oauth_new_user_role text CHECK (oauth_new_user_role IN ('viewer', 'analyst', 'none')),
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text
);

INSERT INTO settings (id) VALUES (1);
