package dev.sejour.booking.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * SQLite 3.37 and later (STRICT tables), through xerial's sqlite-jdbc; see {@link SqliteDatabase} for the
 * connection settings that make it durable and let writers queue instead of failing.
 *
 * <p>SQLite has no time type: instants are {@code TEXT} in UTC, fixed width
 * ({@code 2026-10-25 00:30:00.123456}), so that comparing the text compares the instants.
 */
final class SqliteDialect implements SqlDialect {

    static final DateTimeFormatter UTC_TEXT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);

    // Primary result codes (the driver may report the extended code: its low byte is the primary one).
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_CONSTRAINT = 19;

    @Override
    public String upsertSejour(Tables tables) {
        return "INSERT INTO " + tables.sejours() + " (slug, title, price, currency, places_left)"
                + " VALUES (:slug, :title, :price, :currency, :places_left)"
                + " ON CONFLICT (slug) DO UPDATE SET title = excluded.title, price = excluded.price,"
                + " currency = excluded.currency, places_left = excluded.places_left";
    }

    @Override
    public String limitClause() {
        return "LIMIT :limit";
    }

    @Override
    public void bindInstant(PreparedStatement statement, int position, @Nullable Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(position, Types.VARCHAR);
        } else {
            statement.setString(position, UTC_TEXT.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC)));
        }
    }

    @Override
    public @Nullable Instant readInstant(ResultSet rs, String column) throws SQLException {
        String value = rs.getString(column);
        return value == null ? null : LocalDateTime.parse(value, UTC_TEXT).toInstant(ZoneOffset.UTC);
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        // The driver names the extended code in its message: SQLITE_CONSTRAINT_UNIQUE or _PRIMARYKEY (a CHECK
        // or foreign key failure is SQLITE_CONSTRAINT too, and is a real failure).
        String message = String.valueOf(e.getMessage());
        return primary(e) == SQLITE_CONSTRAINT
                && (message.contains("SQLITE_CONSTRAINT_UNIQUE") || message.contains("SQLITE_CONSTRAINT_PRIMARYKEY"));
    }

    @Override
    public boolean isTransient(SQLException e) {
        // One writer at a time: a transaction that found the database locked past the busy timeout (or whose
        // read snapshot went stale, SQLITE_BUSY_SNAPSHOT) was rolled back and may simply be tried again.
        int code = primary(e);
        return code == SQLITE_BUSY || code == SQLITE_LOCKED;
    }

    /** SQLite has no row locks: its transactions are IMMEDIATE, one writer at a time (see SqliteDatabase). */
    @Override
    public String forUpdate() {
        return "";
    }

    private static int primary(SQLException e) {
        return e.getErrorCode() & 0xff;
    }

    @Override
    public SchemaLock schemaLock() {
        return new SchemaLock.SqliteImmediate();
    }
}
