-- Séjour booking, migration 3 (sqlite): the per-buyer limit. buyer_key is the buyer's address as the limit
-- counts it (trimmed, lower-cased), null in rows written before it (they do not count). The lock table keeps
-- the schema alike: SQLite runs one writing transaction at a time, so no row needs locking here.
ALTER TABLE reservations ADD COLUMN buyer_key TEXT;
CREATE INDEX IF NOT EXISTS reservations_buyer_idx ON reservations (buyer_key, statut);
CREATE TABLE IF NOT EXISTS reservations_buyer_locks (
    buyer_key TEXT NOT NULL,
    CONSTRAINT reservations_buyer_locks_pk PRIMARY KEY (buyer_key)
) STRICT;
