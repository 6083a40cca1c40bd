package dev.sejour.booking.store.jdbc;

import java.sql.SQLException;

/** PostgreSQL 12 and later. */
final class PostgresDialect extends StandardDialect {

    private static final String DEADLOCK = "40P01";

    @Override
    public String upsertSejour(Tables tables) {
        return "INSERT INTO " + tables.sejours() + " (slug, title, price, currency, capacity)"
                + " VALUES (:slug, :title, :price, :currency, :capacity)"
                + " ON CONFLICT (slug) DO UPDATE SET title = EXCLUDED.title, price = EXCLUDED.price,"
                + " currency = EXCLUDED.currency, capacity = EXCLUDED.capacity";
    }

    @Override
    public boolean isTransient(SQLException e) {
        return super.isTransient(e) || DEADLOCK.equals(e.getSQLState());
    }

    @Override
    public String buyerKeyColumnType() {
        return "VARCHAR(320) COLLATE \"C\"";
    }
}
