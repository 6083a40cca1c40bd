package dev.sejour.booking.store.jdbc;

import java.sql.SQLException;

/** PostgreSQL 12 and later. */
final class PostgresDialect extends StandardDialect {

    private static final String DEADLOCK = "40P01";

    @Override
    public String upsertSejour(Tables tables) {
        return "INSERT INTO " + tables.sejours() + " (slug, title, price, currency, places_left)"
                + " VALUES (:slug, :title, :price, :currency, :places_left)"
                + " ON CONFLICT (slug) DO UPDATE SET title = EXCLUDED.title, price = EXCLUDED.price,"
                + " currency = EXCLUDED.currency, places_left = EXCLUDED.places_left";
    }

    @Override
    public boolean isTransient(SQLException e) {
        return super.isTransient(e) || DEADLOCK.equals(e.getSQLState());
    }

    @Override
    public SchemaLock schemaLock() {
        return new SchemaLock.PostgresAdvisory();
    }
}
