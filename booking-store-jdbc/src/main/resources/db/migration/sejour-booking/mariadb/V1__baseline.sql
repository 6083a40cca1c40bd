-- Séjour booking, migration 1 (mariadb): the tables as they were before the schema history (0.1.0 previews).
-- Every object name starts with its table's name, so that a table prefix can be put before each.
-- Times are DATETIME(6) holding UTC: TIMESTAMP columns would be shifted by the session's time_zone.
-- utf8mb4_bin: titles and names may hold any character, and Stripe ids are case-sensitive.

CREATE TABLE IF NOT EXISTS sejours (
    slug      VARCHAR(200) NOT NULL,
    title     VARCHAR(500) NOT NULL,
    price     BIGINT       NOT NULL,
    currency  CHAR(3)      NOT NULL,
    capacity  INT          NOT NULL,
    CONSTRAINT sejours_pk PRIMARY KEY (slug),
    CONSTRAINT sejours_price_check CHECK (price >= 0),
    CONSTRAINT sejours_capacity_check CHECK (capacity >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS reservations (
    id                   VARCHAR(100) NOT NULL,
    sejour_slug          VARCHAR(200) NOT NULL,
    nom                  VARCHAR(200) NOT NULL,
    prenom               VARCHAR(200) NOT NULL,
    email                VARCHAR(320) NOT NULL,
    nb_places            INT          NOT NULL,
    montant              BIGINT       NOT NULL,
    devise               CHAR(3)      NOT NULL,
    statut               VARCHAR(20)  NOT NULL,
    stripe_session_id    VARCHAR(255),
    payment_intent_id    VARCHAR(255),
    created_at           DATETIME(6)  NOT NULL,
    expires_at           DATETIME(6)  NOT NULL,
    paid_at              DATETIME(6),
    notified_at          DATETIME(6),
    notify_claimed_until DATETIME(6),
    CONSTRAINT reservations_pk PRIMARY KEY (id),
    CONSTRAINT reservations_sejour_fk FOREIGN KEY (sejour_slug) REFERENCES sejours (slug),
    CONSTRAINT reservations_session_uk UNIQUE (stripe_session_id),
    CONSTRAINT reservations_nb_places_check CHECK (nb_places > 0),
    CONSTRAINT reservations_montant_check CHECK (montant >= 0),
    CONSTRAINT reservations_statut_check
        CHECK (statut IN ('en_attente', 'payee', 'expiree', 'echouee', 'remboursee')),
    -- Expired holds (the sweeper), notifications due, places counted per séjour, refunds by PaymentIntent.
    INDEX reservations_expiry_idx (statut, expires_at),
    INDEX reservations_notify_idx (statut, notified_at),
    INDEX reservations_sejour_idx (sejour_slug, statut),
    INDEX reservations_intent_idx (payment_intent_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
