-- Séjour booking, migration 4 (postgresql): one language for column names (English), and capacity, which
-- always meant the places left, named places_left. Constraints named after a column follow it.
ALTER TABLE sejours RENAME COLUMN capacity TO places_left;
ALTER TABLE sejours RENAME CONSTRAINT sejours_capacity_check TO sejours_places_left_check;
ALTER TABLE reservations RENAME COLUMN nom TO last_name;
ALTER TABLE reservations RENAME COLUMN prenom TO first_name;
ALTER TABLE reservations RENAME COLUMN nb_places TO places;
ALTER TABLE reservations RENAME COLUMN montant TO amount;
ALTER TABLE reservations RENAME COLUMN devise TO currency;
ALTER TABLE reservations RENAME COLUMN statut TO status;
ALTER TABLE reservations RENAME CONSTRAINT reservations_nb_places_check TO reservations_places_check;
ALTER TABLE reservations RENAME CONSTRAINT reservations_montant_check TO reservations_amount_check;
ALTER TABLE reservations RENAME CONSTRAINT reservations_statut_check TO reservations_status_check;
