-- The per-channel delivery log in the admin UI pages a channel's outbox rows newest first; without
-- this index every page (and the "last delivery" column) scans the whole outbox.
CREATE INDEX notification_outbox_channel_idx ON notification_outbox (channel_id, id DESC);
