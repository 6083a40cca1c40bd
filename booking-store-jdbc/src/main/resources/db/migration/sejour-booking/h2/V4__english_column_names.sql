-- Séjour booking, migration 4 (h2): one language for column names (English), and capacity, which always
-- meant the places left, named places_left. Constraints named after a column follow it.
ALTER TABLE sejours ALTER COLUMN capacity RENAME TO places_left;
ALTER TABLE sejours RENAME CONSTRAINT sejours_capacity_check TO sejours_places_left_check;
ALTER TABLE reservations ALTER COLUMN nom RENAME TO last_name;
ALTER TABLE reservations ALTER COLUMN prenom RENAME TO first_name;
ALTER TABLE reservations ALTER COLUMN nb_places RENAME TO places;
ALTER TABLE reservations ALTER COLUMN montant RENAME TO amount;
ALTER TABLE reservations ALTER COLUMN devise RENAME TO currency;
ALTER TABLE reservations ALTER COLUMN statut RENAME TO status;
ALTER TABLE reservations RENAME CONSTRAINT reservations_nb_places_check TO reservations_places_check;
ALTER TABLE reservations RENAME CONSTRAINT reservations_montant_check TO reservations_amount_check;
ALTER TABLE reservations RENAME CONSTRAINT reservations_statut_check TO reservations_status_check;
