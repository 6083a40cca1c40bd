-- Séjour booking, migration 2 (mariadb): the notification outbox's columns (attempts, failure, last error).
-- Applied once, after V1, by createTablesIfMissing() or by Flyway from this folder.
ALTER TABLE reservations
    ADD COLUMN notify_attempts INT NOT NULL DEFAULT 0,
    ADD COLUMN notify_failed_at DATETIME(6),
    ADD COLUMN notify_last_error VARCHAR(500),
    ADD INDEX reservations_notify_failed_idx (notify_failed_at);
