-- Séjour booking, migration 5 (sqlite): disputes (chargebacks) recorded on the reservation, for the
-- organiser, and the organiser's notice of each as an outbox: due at dispute_notice_due_at (null when nothing
-- is owed), after dispute_notice_attempts failed attempts. Amounts in minor units, as amount.
ALTER TABLE reservations ADD COLUMN dispute_id TEXT;
ALTER TABLE reservations ADD COLUMN dispute_status TEXT;
ALTER TABLE reservations ADD COLUMN dispute_reason TEXT;
ALTER TABLE reservations ADD COLUMN dispute_amount INTEGER;
ALTER TABLE reservations ADD COLUMN dispute_currency TEXT;
ALTER TABLE reservations ADD COLUMN dispute_opened_at TEXT;
ALTER TABLE reservations ADD COLUMN dispute_closed_at TEXT;
ALTER TABLE reservations ADD COLUMN dispute_notice_due_at TEXT;
ALTER TABLE reservations ADD COLUMN dispute_notice_attempts INTEGER NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS reservations_dispute_notice_idx ON reservations (dispute_notice_due_at);
