-- Séjour booking: tables of the JDBC stores, SQLite 3.37 and later (STRICT tables).
-- Every object name starts with its table's name, so that a table prefix can be put before each.
-- Column names are English; the status values stay the library's own codes (en_attente, payee, ...), as in
-- the JSON answers and the Mongo documents. places_left: places still for sale (held and paid ones are out).
-- The same tables as the migrations under db/migration/sejour-booking/<dialect>/, applied in order.
-- Times are TEXT in UTC, fixed width 'YYYY-MM-DD HH:MM:SS.ffffff' (to the microsecond), so that comparing
-- the text compares the instants. Foreign keys are enforced only on connections opened with
-- foreign_keys=true (see SqliteDatabase).

CREATE TABLE IF NOT EXISTS sejours (
    slug         TEXT    NOT NULL,
    title        TEXT    NOT NULL,
    price        INTEGER NOT NULL,
    currency     TEXT    NOT NULL,
    places_left  INTEGER NOT NULL,
    CONSTRAINT sejours_pk PRIMARY KEY (slug),
    CONSTRAINT sejours_currency_check CHECK (length(currency) = 3),
    CONSTRAINT sejours_price_check CHECK (price >= 0),
    CONSTRAINT sejours_places_left_check CHECK (places_left >= 0)
) STRICT;

CREATE TABLE IF NOT EXISTS reservations (
    id                   TEXT    NOT NULL,
    sejour_slug          TEXT    NOT NULL,
    last_name            TEXT    NOT NULL,
    first_name           TEXT    NOT NULL,
    email                TEXT    NOT NULL,
    places               INTEGER NOT NULL,
    amount               INTEGER NOT NULL,
    currency             TEXT    NOT NULL,
    status               TEXT    NOT NULL,
    stripe_session_id    TEXT,
    payment_intent_id    TEXT,
    created_at           TEXT    NOT NULL,
    expires_at           TEXT    NOT NULL,
    paid_at              TEXT,
    notified_at          TEXT,
    -- notify_claimed_until: nobody may try the notification before then (an attempt under way, or the
    -- backoff after a failed one); notify_failed_at: given up (a dead letter) after notify_attempts.
    notify_claimed_until TEXT,
    notify_attempts      INTEGER NOT NULL DEFAULT 0,
    notify_failed_at     TEXT,
    notify_last_error    TEXT,
    -- The buyer's address as the per-buyer limit counts it (trimmed, lower-cased); null in rows written
    -- before the limit existed, which then do not count.
    buyer_key            TEXT,
    -- A dispute (chargeback) of the payment, recorded for the organiser (amount in minor units), and the
    -- organiser's notice of it: due at dispute_notice_due_at (null when nothing is owed), after
    -- dispute_notice_attempts failed attempts.
    dispute_id           TEXT,
    dispute_status       TEXT,
    dispute_reason       TEXT,
    dispute_amount       INTEGER,
    dispute_currency     TEXT,
    dispute_opened_at    TEXT,
    dispute_closed_at    TEXT,
    dispute_notice_due_at TEXT,
    dispute_notice_attempts INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT reservations_pk PRIMARY KEY (id),
    CONSTRAINT reservations_sejour_fk FOREIGN KEY (sejour_slug) REFERENCES sejours (slug),
    CONSTRAINT reservations_session_uk UNIQUE (stripe_session_id),
    CONSTRAINT reservations_places_check CHECK (places > 0),
    CONSTRAINT reservations_amount_check CHECK (amount >= 0),
    CONSTRAINT reservations_currency_check CHECK (length(currency) = 3),
    CONSTRAINT reservations_status_check
        CHECK (status IN ('en_attente', 'payee', 'expiree', 'echouee', 'remboursee')),
    CONSTRAINT reservations_notify_attempts_check CHECK (notify_attempts >= 0),
    CONSTRAINT reservations_notify_last_error_check CHECK (length(notify_last_error) <= 500)
) STRICT;

-- Expired holds (the sweeper), notifications due, places counted per séjour, refunds by PaymentIntent.
CREATE INDEX IF NOT EXISTS reservations_expiry_idx ON reservations (status, expires_at);
CREATE INDEX IF NOT EXISTS reservations_notify_idx ON reservations (status, notified_at);
CREATE INDEX IF NOT EXISTS reservations_sejour_idx ON reservations (sejour_slug, status);
CREATE INDEX IF NOT EXISTS reservations_intent_idx ON reservations (payment_intent_id);
-- Failed notifications (dead letters), listed and counted for the organiser.
CREATE INDEX IF NOT EXISTS reservations_notify_failed_idx ON reservations (notify_failed_at);

-- Organiser's dispute notices due.
CREATE INDEX IF NOT EXISTS reservations_dispute_notice_idx ON reservations (dispute_notice_due_at);

-- A buyer's pending holds (the per-buyer limit).
CREATE INDEX IF NOT EXISTS reservations_buyer_idx ON reservations (buyer_key, status);

-- One row per buyer address that ever held places. On the other databases a hold under the per-buyer limit
-- locks its row; SQLite runs one writing transaction at a time (transaction_mode=IMMEDIATE), so the row only
-- keeps the schema alike. Rows may be deleted at any time.
CREATE TABLE IF NOT EXISTS reservations_buyer_locks (
    buyer_key TEXT NOT NULL,
    CONSTRAINT reservations_buyer_locks_pk PRIMARY KEY (buyer_key)
) STRICT;
