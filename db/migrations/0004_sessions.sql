-- Sign-out everywhere: sessions carry the epoch they were issued in; bumping it voids them all.
ALTER TABLE users ADD COLUMN session_epoch integer NOT NULL DEFAULT 0;
