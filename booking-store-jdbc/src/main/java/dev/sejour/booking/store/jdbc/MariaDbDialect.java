package dev.sejour.booking.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * MariaDB 10.5 and later, and MySQL 8.0.16 and later (the first to enforce {@code CHECK}).
 *
 * <p>Times live in {@code DATETIME(6)} columns holding UTC wall-clock values: a {@code TIMESTAMP} column
 * would be converted through the session's {@code time_zone}, and binding a {@link java.sql.Timestamp}
 * through the JVM's zone (twice ambiguous during the autumn DST hour). A UTC {@link LocalDateTime} crosses
 * the driver unchanged.
 */
final class MariaDbDialect implements SqlDialect {

    private static final int DUPLICATE_KEY = 1062;
    private static final int LOCK_WAIT_TIMEOUT = 1205;
    private static final int DEADLOCK = 1213;

    @Override
    public String upsertSejour(Tables tables) {
        return "INSERT INTO " + tables.sejours() + " (slug, title, price, currency, places_left)"
                + " VALUES (:slug, :title, :price, :currency, :places_left)"
                + " ON DUPLICATE KEY UPDATE title = VALUES(title), price = VALUES(price),"
                + " currency = VALUES(currency), places_left = VALUES(places_left)";
    }

    @Override
    public String limitClause() {
        return "LIMIT :limit";
    }

    @Override
    public void bindInstant(PreparedStatement statement, int position, @Nullable Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(position, Types.TIMESTAMP);
        } else {
            statement.setObject(position, LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
        }
    }

    @Override
    public @Nullable Instant readInstant(ResultSet rs, String column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        return e.getErrorCode() == DUPLICATE_KEY;
    }

    @Override
    public boolean isTransient(SQLException e) {
        return e.getErrorCode() == DEADLOCK || e.getErrorCode() == LOCK_WAIT_TIMEOUT || "40001".equals(e.getSQLState());
    }

    @Override
    public String upsertBuyerLock(Tables tables) {
        // Locks the row whether it was there or not (an exclusive lock on the duplicate), with no gap lock
        // taken by a search that found nothing.
        return "INSERT INTO " + tables.buyerLocks() + " (buyer_key) VALUES (:buyer)"
                + " ON DUPLICATE KEY UPDATE buyer_key = buyer_key";
    }

    @Override
    public SchemaLock schemaLock() {
        return new SchemaLock.MariaDbNamed();
    }
}
