-- Séjour booking: drops the tables of the JDBC stores, and every row in them.

DROP TABLE IF EXISTS reservations_buyer_locks;
DROP TABLE IF EXISTS reservations;
DROP TABLE IF EXISTS sejours;
