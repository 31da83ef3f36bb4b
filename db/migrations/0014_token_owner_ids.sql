-- Token ownership by id. created_by stays as the display name of the creator ("kind:name"), but
-- names are free text: a token named after another token must not inherit what that one made.
-- user_id (added in 0003, unused until now) holds the account a token acts for; created_by_token_id
-- the token that created it, when a token did.
ALTER TABLE api_tokens ADD COLUMN created_by_token_id uuid REFERENCES api_tokens(id) ON DELETE SET NULL;
CREATE INDEX api_tokens_user_id_idx ON api_tokens (user_id);
CREATE INDEX api_tokens_created_by_token_id_idx ON api_tokens (created_by_token_id);

-- Emails are unique and never renamed, so "user:<email>" names exactly one account.
UPDATE api_tokens t SET user_id = u.id
  FROM users u
 WHERE t.user_id IS NULL AND t.created_by = 'user:' || u.email;

-- A token creator is known only when exactly one token of that name existed before the row was
-- made. Anything else (colliding names, 'system', deleted creators) stays without an owner:
-- such tokens are visible to and revocable by admins only.
UPDATE api_tokens t SET created_by_token_id = c.id
  FROM api_tokens c
 WHERE t.created_by = 'token:' || c.name
   AND c.id <> t.id
   AND c.created_at <= t.created_at
   AND (SELECT count(*) FROM api_tokens d WHERE d.name = c.name AND d.created_at <= t.created_at AND d.id <> t.id) = 1;

-- A token acts for the account of the token that made it (transitively).
WITH RECURSIVE chain(id, user_id) AS (
  SELECT id, user_id FROM api_tokens WHERE user_id IS NOT NULL
  UNION
  SELECT t.id, chain.user_id FROM api_tokens t JOIN chain ON t.created_by_token_id = chain.id WHERE t.user_id IS NULL
)
UPDATE api_tokens t SET user_id = chain.user_id FROM chain WHERE t.id = chain.id AND t.user_id IS NULL;
