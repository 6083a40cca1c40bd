package dev.sejour.booking.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;

/**
 * What H2 and PostgreSQL share: {@code TIMESTAMP WITH TIME ZONE} columns bound as UTC
 * {@link OffsetDateTime}s (never {@link java.sql.Timestamp}, which goes through the JVM's zone), and the
 * standard SQLStates.
 */
abstract class StandardDialect implements SqlDialect {

    @Override
    public String limitClause() {
        return "FETCH FIRST :limit ROWS ONLY";
    }

    @Override
    public void bindInstant(PreparedStatement statement, int position, @Nullable Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(position, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(position, instant.atOffset(ZoneOffset.UTC));
        }
    }

    @Override
    public @Nullable Instant readInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    @Override
    public boolean isTransient(SQLException e) {
        return "40001".equals(e.getSQLState());
    }
}
