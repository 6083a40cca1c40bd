-- Séjour booking, migration 3 (postgresql): the per-buyer limit. buyer_key is the buyer's address as the
-- limit counts it (trimmed, lower-cased), null in rows written before it (they do not count); the lock
-- table has one row per address that ever held places, locked by a hold so that holds of one address are
-- counted one after the other (its rows may be deleted at any time).
ALTER TABLE reservations ADD COLUMN IF NOT EXISTS buyer_key VARCHAR(320) COLLATE "C";
CREATE INDEX IF NOT EXISTS reservations_buyer_idx ON reservations (buyer_key, statut);
CREATE TABLE IF NOT EXISTS reservations_buyer_locks (
    buyer_key VARCHAR(320) COLLATE "C" NOT NULL,
    CONSTRAINT reservations_buyer_locks_pk PRIMARY KEY (buyer_key)
);
