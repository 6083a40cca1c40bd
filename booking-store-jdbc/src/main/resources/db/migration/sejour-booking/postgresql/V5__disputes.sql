-- Séjour booking, migration 5 (postgresql): disputes (chargebacks) recorded on the reservation, for the
-- organiser, and the organiser's notice of each as an outbox: due at dispute_notice_due_at (null when nothing
-- is owed), after dispute_notice_attempts failed attempts. Amounts in minor units, as amount.
ALTER TABLE reservations
    ADD COLUMN IF NOT EXISTS dispute_id VARCHAR(255),
    ADD COLUMN IF NOT EXISTS dispute_status VARCHAR(40),
    ADD COLUMN IF NOT EXISTS dispute_reason VARCHAR(100),
    ADD COLUMN IF NOT EXISTS dispute_amount BIGINT,
    ADD COLUMN IF NOT EXISTS dispute_currency CHAR(3),
    ADD COLUMN IF NOT EXISTS dispute_opened_at TIMESTAMP(6) WITH TIME ZONE,
    ADD COLUMN IF NOT EXISTS dispute_closed_at TIMESTAMP(6) WITH TIME ZONE,
    ADD COLUMN IF NOT EXISTS dispute_notice_due_at TIMESTAMP(6) WITH TIME ZONE,
    ADD COLUMN IF NOT EXISTS dispute_notice_attempts INTEGER NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS reservations_dispute_notice_idx ON reservations (dispute_notice_due_at);
