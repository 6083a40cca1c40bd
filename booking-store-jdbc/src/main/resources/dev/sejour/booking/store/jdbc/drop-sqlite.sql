-- Séjour booking: drops the tables of the JDBC stores, and every row in them. (createTablesIfMissing()
-- makes them again: it clears its schema history when it finds both tables gone.)

DROP TABLE IF EXISTS reservations_buyer_locks;
DROP TABLE IF EXISTS reservations;
DROP TABLE IF EXISTS sejours;
