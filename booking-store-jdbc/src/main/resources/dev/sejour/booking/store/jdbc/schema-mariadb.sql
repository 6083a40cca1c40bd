-- Séjour booking: tables of the JDBC stores, MariaDB 10.5+ and MySQL 8.0.16+ (InnoDB).
-- Every object name starts with its table's name, so that a table prefix can be put before each.
-- Column names are English; the status values stay the library's own codes (en_attente, payee, ...), as in
-- the JSON answers and the Mongo documents. places_left: places still for sale (held and paid ones are out).
-- The same tables as the migrations under db/migration/sejour-booking/<dialect>/, applied in order.
-- Times are DATETIME(6) holding UTC: TIMESTAMP columns would be shifted by the session's time_zone.
-- utf8mb4_bin: titles and names may hold any character, and Stripe ids are case-sensitive.

CREATE TABLE IF NOT EXISTS sejours (
    slug         VARCHAR(200) NOT NULL,
    title        VARCHAR(500) NOT NULL,
    price        BIGINT       NOT NULL,
    currency     CHAR(3)      NOT NULL,
    places_left  INT          NOT NULL,
    CONSTRAINT sejours_pk PRIMARY KEY (slug),
    CONSTRAINT sejours_price_check CHECK (price >= 0),
    CONSTRAINT sejours_places_left_check CHECK (places_left >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS reservations (
    id                   VARCHAR(100) NOT NULL,
    sejour_slug          VARCHAR(200) NOT NULL,
    last_name            VARCHAR(200) NOT NULL,
    first_name           VARCHAR(200) NOT NULL,
    email                VARCHAR(320) NOT NULL,
    places               INT          NOT NULL,
    amount               BIGINT       NOT NULL,
    currency             CHAR(3)      NOT NULL,
    status               VARCHAR(20)  NOT NULL,
    stripe_session_id    VARCHAR(255),
    payment_intent_id    VARCHAR(255),
    created_at           DATETIME(6)  NOT NULL,
    expires_at           DATETIME(6)  NOT NULL,
    paid_at              DATETIME(6),
    notified_at          DATETIME(6),
    -- notify_claimed_until: nobody may try the notification before then (an attempt under way, or the
    -- backoff after a failed one); notify_failed_at: given up (a dead letter) after notify_attempts.
    notify_claimed_until DATETIME(6),
    notify_attempts      INT          NOT NULL DEFAULT 0,
    notify_failed_at     DATETIME(6),
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
    dispute_opened_at    DATETIME(6),
    dispute_closed_at    DATETIME(6),
    dispute_notice_due_at DATETIME(6),
    dispute_notice_attempts INT       NOT NULL DEFAULT 0,
    CONSTRAINT reservations_pk PRIMARY KEY (id),
    CONSTRAINT reservations_sejour_fk FOREIGN KEY (sejour_slug) REFERENCES sejours (slug),
    CONSTRAINT reservations_session_uk UNIQUE (stripe_session_id),
    CONSTRAINT reservations_places_check CHECK (places > 0),
    CONSTRAINT reservations_amount_check CHECK (amount >= 0),
    CONSTRAINT reservations_status_check
        CHECK (status IN ('en_attente', 'payee', 'expiree', 'echouee', 'remboursee')),
    CONSTRAINT reservations_notify_attempts_check CHECK (notify_attempts >= 0),
    -- Expired holds (the sweeper), notifications due, places counted per séjour, refunds by PaymentIntent.
    INDEX reservations_expiry_idx (status, expires_at),
    INDEX reservations_notify_idx (status, notified_at),
    INDEX reservations_sejour_idx (sejour_slug, status),
    INDEX reservations_intent_idx (payment_intent_id),
    -- A buyer's pending holds (the per-buyer limit).
    INDEX reservations_buyer_idx (buyer_key, status),
    -- Failed notifications (dead letters), listed and counted for the organiser.
    INDEX reservations_notify_failed_idx (notify_failed_at),
    -- Organiser's dispute notices due.
    INDEX reservations_dispute_notice_idx (dispute_notice_due_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- One row per buyer address that ever held places: a hold under the per-buyer limit locks its row, so that
-- holds of one address are counted one after the other. Rows may be deleted at any time.
CREATE TABLE IF NOT EXISTS reservations_buyer_locks (
    buyer_key VARCHAR(320) NOT NULL,
    CONSTRAINT reservations_buyer_locks_pk PRIMARY KEY (buyer_key)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
