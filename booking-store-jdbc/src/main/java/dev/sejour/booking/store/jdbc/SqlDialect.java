package dev.sejour.booking.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What differs between databases, kept in one small strategy per database so that the stores' SQL has no
 * {@code if (dialect)} branches.
 */
interface SqlDialect {

    /** Creates a séjour or replaces its title, price and places left, in one statement. */
    String upsertSejour(Tables tables);

    /** Clause that keeps the first {@code :limit} rows of an ordered query. */
    String limitClause();

    /**
     * Binds an instant (already cut to microseconds) so that no JVM or session time zone shifts it.
     * {@code instant} may be null.
     */
    void bindInstant(PreparedStatement statement, int position, @Nullable Instant instant) throws SQLException;

    /** Reads what {@link #bindInstant} wrote, or null. */
    @Nullable Instant readInstant(ResultSet rs, String column) throws SQLException;

    /** A unique or primary key clash: an answer ("someone else has it"), not a failure. */
    boolean isUniqueViolation(SQLException e);

    /**
     * A failure after which the database rolled the whole transaction back and the same work may simply be
     * tried again (deadlock, serialization failure, lock wait timeout).
     */
    boolean isTransient(SQLException e);

    /**
     * What makes a {@code SELECT} lock the rows it reads until the transaction ends, for the per-buyer lock
     * row: {@code FOR UPDATE}, or nothing where a writing transaction already excludes every other one.
     */
    default String forUpdate() {
        return " FOR UPDATE";
    }

    /**
     * One statement that creates the buyer's lock row if it is missing and locks it until the transaction
     * ends, or null to lock it with {@code SELECT … }{@link #forUpdate()} and insert it when missing. InnoDB
     * needs the former: in REPEATABLE READ a {@code SELECT … FOR UPDATE} that finds no row locks the gap,
     * and two new buyers whose keys fall in one gap then deadlock on their inserts.
     */
    default @Nullable String upsertBuyerLock(Tables tables) {
        return null;
    }

    /** How this database serialises schema changes between instances. */
    SchemaLock schemaLock();
}
