-- Séjour booking, migration 5 (mariadb): disputes (chargebacks) recorded on the reservation, for the
-- organiser, and the organiser's notice of each as an outbox: due at dispute_notice_due_at (null when nothing
-- is owed), after dispute_notice_attempts failed attempts. Amounts in minor units, as amount. The new
-- columns take the table's utf8mb4_bin.
ALTER TABLE reservations
    ADD COLUMN dispute_id VARCHAR(255),
    ADD COLUMN dispute_status VARCHAR(40),
    ADD COLUMN dispute_reason VARCHAR(100),
    ADD COLUMN dispute_amount BIGINT,
    ADD COLUMN dispute_currency CHAR(3),
    ADD COLUMN dispute_opened_at DATETIME(6),
    ADD COLUMN dispute_closed_at DATETIME(6),
    ADD COLUMN dispute_notice_due_at DATETIME(6),
    ADD COLUMN dispute_notice_attempts INT NOT NULL DEFAULT 0,
    ADD INDEX reservations_dispute_notice_idx (dispute_notice_due_at);
