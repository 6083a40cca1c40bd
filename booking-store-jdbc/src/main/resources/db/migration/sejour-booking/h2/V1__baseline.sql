-- Séjour booking, migration 1 (h2): the tables as they were before the schema history (0.1.0 previews).
-- Every object name starts with its table's name, so that a table prefix can be put before each.
-- Times are TIMESTAMP WITH TIME ZONE, written in UTC, to the microsecond.

CREATE TABLE IF NOT EXISTS sejours (
    slug      VARCHAR(200) NOT NULL,
    title     VARCHAR(500) NOT NULL,
    price     BIGINT       NOT NULL,
    currency  CHAR(3)      NOT NULL,
    capacity  INTEGER      NOT NULL,
    CONSTRAINT sejours_pk PRIMARY KEY (slug),
    CONSTRAINT sejours_price_check CHECK (price >= 0),
    CONSTRAINT sejours_capacity_check CHECK (capacity >= 0)
);

CREATE TABLE IF NOT EXISTS reservations (
    id                   VARCHAR(100) NOT NULL,
    sejour_slug          VARCHAR(200) NOT NULL,
    nom                  VARCHAR(200) NOT NULL,
    prenom               VARCHAR(200) NOT NULL,
    email                VARCHAR(320) NOT NULL,
    nb_places            INTEGER      NOT NULL,
    montant              BIGINT       NOT NULL,
    devise               CHAR(3)      NOT NULL,
    statut               VARCHAR(20)  NOT NULL,
    stripe_session_id    VARCHAR(255),
    payment_intent_id    VARCHAR(255),
    created_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    paid_at              TIMESTAMP(6) WITH TIME ZONE,
    notified_at          TIMESTAMP(6) WITH TIME ZONE,
    notify_claimed_until TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT reservations_pk PRIMARY KEY (id),
    CONSTRAINT reservations_sejour_fk FOREIGN KEY (sejour_slug) REFERENCES sejours (slug),
    CONSTRAINT reservations_session_uk UNIQUE (stripe_session_id),
    CONSTRAINT reservations_nb_places_check CHECK (nb_places > 0),
    CONSTRAINT reservations_montant_check CHECK (montant >= 0),
    CONSTRAINT reservations_statut_check
        CHECK (statut IN ('en_attente', 'payee', 'expiree', 'echouee', 'remboursee'))
);

-- Expired holds (the sweeper), notifications due, places counted per séjour, refunds by PaymentIntent.
CREATE INDEX IF NOT EXISTS reservations_expiry_idx ON reservations (statut, expires_at);
CREATE INDEX IF NOT EXISTS reservations_notify_idx ON reservations (statut, notified_at);
CREATE INDEX IF NOT EXISTS reservations_sejour_idx ON reservations (sejour_slug, statut);
CREATE INDEX IF NOT EXISTS reservations_intent_idx ON reservations (payment_intent_id);
