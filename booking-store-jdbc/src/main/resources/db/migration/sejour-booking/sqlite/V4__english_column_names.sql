-- Séjour booking, migration 4 (sqlite): one language for column names (English), and capacity, which always
-- meant the places left, named places_left. SQLite rewrites the CHECK constraints and indexes that use a
-- renamed column; it cannot rename a constraint without rebuilding its table, so tables migrated here keep
-- the former constraint names (sejours_capacity_check, reservations_nb_places_check, ..._montant_check,
-- ..._devise_check, ..._statut_check), which only show in error messages.
ALTER TABLE sejours RENAME COLUMN capacity TO places_left;
ALTER TABLE reservations RENAME COLUMN nom TO last_name;
ALTER TABLE reservations RENAME COLUMN prenom TO first_name;
ALTER TABLE reservations RENAME COLUMN nb_places TO places;
ALTER TABLE reservations RENAME COLUMN montant TO amount;
ALTER TABLE reservations RENAME COLUMN devise TO currency;
ALTER TABLE reservations RENAME COLUMN statut TO status;
