-- Séjour booking, migration 1 (sqlite): the tables as they were before the schema history (0.1.0 previews).
-- Every object name starts with its table's name, so that a table prefix can be put before each.
-- Times are TEXT in UTC, fixed width 'YYYY-MM-DD HH:MM:SS.ffffff' (to the microsecond), so that comparing
-- the text compares the instants. Foreign keys are enforced only on connections opened with
-- foreign_keys=true (see SqliteDatabase).

CREATE TABLE IF NOT EXISTS sejours (
    slug      TEXT    NOT NULL,
    title     TEXT    NOT NULL,
    price     INTEGER NOT NULL,
    currency  TEXT    NOT NULL,
    capacity  INTEGER NOT NULL,
    CONSTRAINT sejours_pk PRIMARY KEY (slug),
    CONSTRAINT sejours_currency_check CHECK (length(currency) = 3),
    CONSTRAINT sejours_price_check CHECK (price >= 0),
    CONSTRAINT sejours_capacity_check CHECK (capacity >= 0)
) STRICT;

CREATE TABLE IF NOT EXISTS reservations (
    id                   TEXT    NOT NULL,
    sejour_slug          TEXT    NOT NULL,
    nom                  TEXT    NOT NULL,
    prenom               TEXT    NOT NULL,
    email                TEXT    NOT NULL,
    nb_places            INTEGER NOT NULL,
    montant              INTEGER NOT NULL,
    devise               TEXT    NOT NULL,
    statut               TEXT    NOT NULL,
    stripe_session_id    TEXT,
    payment_intent_id    TEXT,
    created_at           TEXT    NOT NULL,
    expires_at           TEXT    NOT NULL,
    paid_at              TEXT,
    notified_at          TEXT,
    -- notify_claimed_until: nobody may try the notification before then (an attempt under way, or a backoff).
    notify_claimed_until TEXT,
    CONSTRAINT reservations_pk PRIMARY KEY (id),
    CONSTRAINT reservations_sejour_fk FOREIGN KEY (sejour_slug) REFERENCES sejours (slug),
    CONSTRAINT reservations_session_uk UNIQUE (stripe_session_id),
    CONSTRAINT reservations_nb_places_check CHECK (nb_places > 0),
    CONSTRAINT reservations_montant_check CHECK (montant >= 0),
    CONSTRAINT reservations_devise_check CHECK (length(devise) = 3),
    CONSTRAINT reservations_statut_check
        CHECK (statut IN ('en_attente', 'payee', 'expiree', 'echouee', 'remboursee'))
) STRICT;

-- Expired holds (the sweeper), notifications due, places counted per séjour, refunds by PaymentIntent.
CREATE INDEX IF NOT EXISTS reservations_expiry_idx ON reservations (statut, expires_at);
CREATE INDEX IF NOT EXISTS reservations_notify_idx ON reservations (statut, notified_at);
CREATE INDEX IF NOT EXISTS reservations_sejour_idx ON reservations (sejour_slug, statut);
CREATE INDEX IF NOT EXISTS reservations_intent_idx ON reservations (payment_intent_id);
