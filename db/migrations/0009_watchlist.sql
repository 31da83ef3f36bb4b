-- Watchlist and block lists (MozDef's watchlist, blockip and blockfqdn) in one table: the three
-- lists share shape, validation and audit; `list` says which one an item belongs to.
CREATE TABLE watch_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  list text NOT NULL CHECK (list IN ('watchlist', 'blockip', 'blockfqdn')),
  type text NOT NULL CHECK (type IN ('ip', 'cidr', 'domain', 'username', 'hash')),
  -- Normalized: IPs canonical, CIDRs masked, domains and hashes lower case.
  value text NOT NULL,
  -- md5 / sha1 / sha256 for hashes, NULL otherwise.
  hash_type text CHECK (hash_type IN ('md5', 'sha1', 'sha256')),
  comment text NOT NULL DEFAULT '',
  -- Block lists: the duration chosen ('1h' … '30d' or 'permanent'); NULL on the watchlist.
  duration text,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- NULL: never expires.
  expires_at timestamptz,
  version integer NOT NULL DEFAULT 1,
  -- Removal is soft so the audit trail and past event tags keep their meaning.
  deleted_at timestamptz
);
-- One live item per value per list; an expired one is retired (deleted_at set) when re-added.
CREATE UNIQUE INDEX watch_items_live_value ON watch_items (list, type, value) WHERE deleted_at IS NULL;

-- Notification channels an admin manages; `secret` (webhook URL, SMTP password) never leaves the API in full.
CREATE TABLE notification_channels (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('webhook', 'slack', 'email')),
  -- Non-secret settings: SMTP host/port/from/to/user, etc.
  config jsonb NOT NULL DEFAULT '{}',
  secret text NOT NULL DEFAULT '',
  enabled boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);

-- Durable outbox: the unique (alert, channel) pair is what makes "one notification per alert per
-- channel" hold across retries and restarts.
CREATE TABLE notification_outbox (
  id bigserial PRIMARY KEY,
  alert_id uuid NOT NULL REFERENCES alerts(id),
  channel_id uuid NOT NULL REFERENCES notification_channels(id),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (alert_id, channel_id)
);
CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at) WHERE status IN ('pending', 'sending');
