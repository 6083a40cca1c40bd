package dev.sejour.booking.store.jdbc;

import java.sql.SQLException;

/** H2 2.x (MVStore). */
final class H2Dialect extends StandardDialect {

    // H2's LOCK_TIMEOUT (1 s by default) ends the whole statement, and the store rolls back the transaction.
    private static final String LOCK_TIMEOUT = "HYT00";

    @Override
    public String upsertSejour(Tables tables) {
        return "MERGE INTO " + tables.sejours() + " (slug, title, price, currency, places_left) KEY (slug)"
                + " VALUES (:slug, :title, :price, :currency, :places_left)";
    }

    @Override
    public boolean isTransient(SQLException e) {
        return super.isTransient(e) || LOCK_TIMEOUT.equals(e.getSQLState());
    }

    @Override
    public SchemaLock schemaLock() {
        return new SchemaLock.H2Lease();
    }
}
