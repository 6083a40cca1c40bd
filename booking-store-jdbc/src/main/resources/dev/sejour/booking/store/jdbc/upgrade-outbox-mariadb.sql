-- Séjour booking: adds the notification outbox's columns (attempts, failure, last error) to reservations
-- tables created before them, MariaDB 10.5+ and MySQL 8.0.16+ (one statement: MySQL has no
-- ADD COLUMN IF NOT EXISTS). Run by createTablesIfMissing() when they are missing.
ALTER TABLE reservations
    ADD COLUMN notify_attempts INT NOT NULL DEFAULT 0,
    ADD COLUMN notify_failed_at DATETIME(6),
    ADD COLUMN notify_last_error VARCHAR(500),
    ADD INDEX reservations_notify_failed_idx (notify_failed_at);
