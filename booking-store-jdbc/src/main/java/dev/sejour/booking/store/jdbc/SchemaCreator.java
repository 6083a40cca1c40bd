package dev.sejour.booking.store.jdbc;

import dev.sejour.booking.spi.StoreException;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/** Runs the shipped schema script when a table is missing; see {@link JdbcBookingStores.Builder#createTablesIfMissing()}. */
final class SchemaCreator {

    private final Jdbi jdbi;
    private final JdbcDialect dialect;
    private final Tables tables;

    SchemaCreator(Jdbi jdbi, JdbcDialect dialect, Tables tables) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.tables = tables;
    }

    /** @return whether the script ran */
    boolean createIfMissing() {
        if (exists(tables.sejours()) && exists(tables.reservations()) && exists(tables.buyerLocks())) {
            return false;
        }
        if (exists(tables.reservations()) && !columnExists(tables.reservations(), "buyer_key")) {
            // Tables created before the per-buyer limit: the script's index on buyer_key needs the column.
            // Holds written before it have none and do not count against the limit.
            try {
                jdbi.useHandle(h -> h.execute("ALTER TABLE " + tables.reservations() + " ADD COLUMN buyer_key "
                        + dialect.sql().buyerKeyColumnType()));
            } catch (JdbiException e) {
                if (!columnExists(tables.reservations(), "buyer_key")) { // another instance may have added it
                    throw new StoreException("could not add buyer_key to " + tables.reservations(), e);
                }
            }
        }
        List<String> statements = SqlScripts.statements(tables.apply(SqlScripts.read(dialect.schemaResource())));
        try {
            // The scripts say IF NOT EXISTS: a table that exists stays as it is, and two instances starting
            // together do not fail. PostgreSQL and H2 also create everything or nothing.
            jdbi.useTransaction(h -> statements.forEach(h::execute));
        } catch (JdbiException e) {
            throw new StoreException("could not create the booking tables from " + dialect.schemaResource(), e);
        }
        return true;
    }

    // A probe query rather than DatabaseMetaData: it follows the connection's search path or current
    // schema, and each database's identifier case, exactly as the stores' own queries will.
    private boolean exists(String table) {
        try {
            jdbi.useTransaction(h -> probe(h, table));
            return true;
        } catch (JdbiException e) {
            return false;
        }
    }

    private boolean columnExists(String table, String column) {
        try {
            jdbi.useTransaction(h -> h.createQuery("SELECT " + column + " FROM " + table + " WHERE 1 = 0")
                    .mapToMap().list());
            return true;
        } catch (JdbiException e) {
            return false;
        }
    }

    private static void probe(Handle h, String table) {
        h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE 1 = 0").mapTo(Integer.class).one();
    }
}
