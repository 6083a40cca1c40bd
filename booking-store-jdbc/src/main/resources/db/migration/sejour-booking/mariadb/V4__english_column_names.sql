-- Séjour booking, migration 4 (mariadb): one language for column names (English), and capacity, which
-- always meant the places left, named places_left. MariaDB and MySQL cannot rename a CHECK constraint: each
-- statement drops the old one and adds it again under its new name, with the renamed column.
ALTER TABLE sejours
    DROP CONSTRAINT sejours_capacity_check,
    RENAME COLUMN capacity TO places_left,
    ADD CONSTRAINT sejours_places_left_check CHECK (places_left >= 0);
ALTER TABLE reservations
    DROP CONSTRAINT reservations_nb_places_check,
    DROP CONSTRAINT reservations_montant_check,
    DROP CONSTRAINT reservations_statut_check,
    RENAME COLUMN nom TO last_name,
    RENAME COLUMN prenom TO first_name,
    RENAME COLUMN nb_places TO places,
    RENAME COLUMN montant TO amount,
    RENAME COLUMN devise TO currency,
    RENAME COLUMN statut TO status,
    ADD CONSTRAINT reservations_places_check CHECK (places > 0),
    ADD CONSTRAINT reservations_amount_check CHECK (amount >= 0),
    ADD CONSTRAINT reservations_status_check
        CHECK (status IN ('en_attente', 'payee', 'expiree', 'echouee', 'remboursee'));
