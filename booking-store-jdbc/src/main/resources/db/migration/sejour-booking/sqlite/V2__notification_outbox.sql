-- Séjour booking, migration 2 (sqlite): the notification outbox's columns (attempts, failure, last error).
-- Applied once, after V1, by createTablesIfMissing() or by Flyway from this folder.
ALTER TABLE reservations ADD COLUMN notify_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reservations ADD COLUMN notify_failed_at TEXT;
ALTER TABLE reservations ADD COLUMN notify_last_error TEXT;
CREATE INDEX IF NOT EXISTS reservations_notify_failed_idx ON reservations (notify_failed_at);
