-- Séjour booking, migration 5 (h2): disputes (chargebacks) recorded on the reservation, for the organiser,
-- and the organiser's notice of each as an outbox: due at dispute_notice_due_at (null when nothing is owed),
-- after dispute_notice_attempts failed attempts. Amounts in minor units, as amount.
ALTER TABLE reservations ADD COLUMN IF NOT EXISTS dispute_id VARCHAR(255);
ALTER TABLE reservations ADD COLUMN IF NOT EXISTS dispute_status VARCHAR(40);
ALTER TABLE reservations ADD COLUMN IF NOT EXISTS dispute_reason VARCHAR(100);
ALTER TABLE reservations ADD COLUMN IF NOT EXISTS dispute_amount BIGINT;
ALTER TABLE reservations ADD COLUMN IF NOT EXISTS dispute_currency CHAR(3);
ALTER TABLE reservations ADD COLUMN IF NOT EXISTS dispute_opened_at TIMESTAMP(6) WITH TIME ZONE;
ALTER TABLE reservations ADD COLUMN IF NOT EXISTS dispute_closed_at TIMESTAMP(6) WITH TIME ZONE;
ALTER TABLE reservations ADD COLUMN IF NOT EXISTS dispute_notice_due_at TIMESTAMP(6) WITH TIME ZONE;
ALTER TABLE reservations ADD COLUMN IF NOT EXISTS dispute_notice_attempts INTEGER DEFAULT 0 NOT NULL;
CREATE INDEX IF NOT EXISTS reservations_dispute_notice_idx ON reservations (dispute_notice_due_at);
