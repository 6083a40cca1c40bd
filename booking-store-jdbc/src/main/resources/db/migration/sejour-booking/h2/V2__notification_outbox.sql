-- Séjour booking, migration 2 (h2): the notification outbox's columns (attempts, failure, last error).
-- Applied once, after V1, by createTablesIfMissing() or by Flyway from this folder.
ALTER TABLE reservations ADD COLUMN IF NOT EXISTS notify_attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE reservations ADD COLUMN IF NOT EXISTS notify_failed_at TIMESTAMP(6) WITH TIME ZONE;
ALTER TABLE reservations ADD COLUMN IF NOT EXISTS notify_last_error VARCHAR(500);
CREATE INDEX IF NOT EXISTS reservations_notify_failed_idx ON reservations (notify_failed_at);
