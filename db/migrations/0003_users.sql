CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Stored lower-cased; the unique index makes sign-in by email unambiguous.
  email text NOT NULL UNIQUE CHECK (email = lower(email)),
  name text NOT NULL DEFAULT '',
  role text NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
  -- argon2id; NULL for users who only sign in through OAuth/OIDC.
  password_hash text,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  disabled_at timestamptz,
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Optimistic concurrency: an edit names the version it was based on.
  version integer NOT NULL DEFAULT 1
);

ALTER TABLE api_tokens ADD COLUMN user_id uuid REFERENCES users(id) ON DELETE SET NULL;
