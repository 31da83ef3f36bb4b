-- Sessions are signed cookies (JWTs) that stay valid until they expire: signing out records the
-- session's id here so a copy of the cookie no longer works. Rows are dropped once the cookie
-- would have expired anyway.
CREATE TABLE ended_sessions (
  sid text PRIMARY KEY,
  user_id uuid REFERENCES users(id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL
);
CREATE INDEX ended_sessions_expires_at ON ended_sessions (expires_at);
