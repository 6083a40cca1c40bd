-- Séjour booking: adds the notification outbox's columns (attempts, failure, last error) to reservations
-- tables created before them, SQLite 3.37 and later. Run by createTablesIfMissing() when they are missing
-- (SQLite has no ADD COLUMN IF NOT EXISTS).
ALTER TABLE reservations ADD COLUMN notify_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reservations ADD COLUMN notify_failed_at TEXT;
ALTER TABLE reservations ADD COLUMN notify_last_error TEXT;
CREATE INDEX IF NOT EXISTS reservations_notify_failed_idx ON reservations (notify_failed_at);
