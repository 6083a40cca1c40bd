-- Séjour booking: tables of the JDBC stores, H2 2.x.
-- Every object name starts with its table's name, so that a table prefix can be put before each.
-- Column names are English; the status values stay the library's own codes (en_attente, payee, ...), as in
-- the JSON answers and the Mongo documents. places_left: places still for sale (held and paid ones are out).
-- The same tables as the migrations under db/migration/sejour-booking/<dialect>/, applied in order.
-- Times are TIMESTAMP WITH TIME ZONE, written in UTC, to the microsecond.

CREATE TABLE IF NOT EXISTS sejours (
    slug         VARCHAR(200) NOT NULL,
    title        VARCHAR(500) NOT NULL,
    price        BIGINT       NOT NULL,
    currency     CHAR(3)      NOT NULL,
    places_left  INTEGER      NOT NULL,
    CONSTRAINT sejours_pk PRIMARY KEY (slug),
    CONSTRAINT sejours_price_check CHECK (price >= 0),
    CONSTRAINT sejours_places_left_check CHECK (places_left >= 0)
);

CREATE TABLE IF NOT EXISTS reservations (
    id                   VARCHAR(100) NOT NULL,
    sejour_slug          VARCHAR(200) NOT NULL,
    last_name            VARCHAR(200) NOT NULL,
    first_name           VARCHAR(200) NOT NULL,
    email                VARCHAR(320) NOT NULL,
    places               INTEGER      NOT NULL,
    amount               BIGINT       NOT NULL,
    currency             CHAR(3)      NOT NULL,
    status               VARCHAR(20)  NOT NULL,
    stripe_session_id    VARCHAR(255),
    payment_intent_id    VARCHAR(255),
    created_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    paid_at              TIMESTAMP(6) WITH TIME ZONE,
    notified_at          TIMESTAMP(6) WITH TIME ZONE,
    -- notify_claimed_until: nobody may try the notification before then (an attempt under way, or the
    -- backoff after a failed one); notify_failed_at: given up (a dead letter) after notify_attempts.
    notify_claimed_until TIMESTAMP(6) WITH TIME ZONE,
    notify_attempts      INTEGER      DEFAULT 0 NOT NULL,
    notify_failed_at     TIMESTAMP(6) WITH TIME ZONE,
    notify_last_error    VARCHAR(500),
    -- The buyer's address as the per-buyer limit counts it (trimmed, lower-cased); null in rows written
    -- before the limit existed, which then do not count.
    buyer_key            VARCHAR(320),
    -- A dispute (chargeback) of the payment, recorded for the organiser (amount in minor units), and the
    -- organiser's notice of it: due at dispute_notice_due_at (null when nothing is owed), after
    -- dispute_notice_attempts failed attempts.
    dispute_id           VARCHAR(255),
    dispute_status       VARCHAR(40),
    dispute_reason       VARCHAR(100),
    dispute_amount       BIGINT,
    dispute_currency     CHAR(3),
    dispute_opened_at    TIMESTAMP(6) WITH TIME ZONE,
    dispute_closed_at    TIMESTAMP(6) WITH TIME ZONE,
    dispute_notice_due_at TIMESTAMP(6) WITH TIME ZONE,
    dispute_notice_attempts INTEGER   DEFAULT 0 NOT NULL,
    CONSTRAINT reservations_pk PRIMARY KEY (id),
    CONSTRAINT reservations_sejour_fk FOREIGN KEY (sejour_slug) REFERENCES sejours (slug),
    CONSTRAINT reservations_session_uk UNIQUE (stripe_session_id),
    CONSTRAINT reservations_places_check CHECK (places > 0),
    CONSTRAINT reservations_amount_check CHECK (amount >= 0),
    CONSTRAINT reservations_status_check
        CHECK (status IN ('en_attente', 'payee', 'expiree', 'echouee', 'remboursee')),
    CONSTRAINT reservations_notify_attempts_check CHECK (notify_attempts >= 0)
);

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

-- One row per buyer address that ever held places: a hold under the per-buyer limit locks its row, so that
-- holds of one address are counted one after the other. Rows may be deleted at any time.
CREATE TABLE IF NOT EXISTS reservations_buyer_locks (
    buyer_key VARCHAR(320) NOT NULL,
    CONSTRAINT reservations_buyer_locks_pk PRIMARY KEY (buyer_key)
);
