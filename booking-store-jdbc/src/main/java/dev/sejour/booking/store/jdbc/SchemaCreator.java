package dev.sejour.booking.store.jdbc;

import dev.sejour.booking.spi.StoreException;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the shipped schema script when a table is missing; see {@link JdbcBookingStores.Builder#createTablesIfMissing()}. */
final class SchemaCreator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaCreator.class);

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
        if (exists(tables.sejours()) && exists(tables.reservations())) {
            upgradeIfNeeded();
            addBuyerKeyIfMissing();
            if (exists(tables.buyerLocks())) {
                return false;
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

    /**
     * Tables created before the per-buyer limit lack {@code buyer_key}, which the script's index needs: adds
     * it. Holds written before it have none and do not count against the limit. Another instance starting
     * at the same time may add it first.
     */
    private void addBuyerKeyIfMissing() {
        if (columnExists(tables.reservations(), "buyer_key")) {
            return;
        }
        try {
            jdbi.useHandle(h -> h.execute("ALTER TABLE " + tables.reservations() + " ADD COLUMN buyer_key "
                    + dialect.sql().buyerKeyColumnType()));
            LOG.info("Added buyer_key (the per-buyer limit) to {}", tables.reservations());
        } catch (JdbiException e) {
            if (!columnExists(tables.reservations(), "buyer_key")) {
                throw new StoreException("could not add buyer_key to " + tables.reservations(), e);
            }
        }
    }

    /**
     * Tables created before the notification outbox lack its columns: adds them (the shipped upgrade
     * script), so that an application upgraded in place keeps working. Another instance starting at the
     * same time may add them first: then there is nothing left to do.
     */
    private void upgradeIfNeeded() {
        if (hasOutboxColumns()) {
            return;
        }
        List<String> statements = SqlScripts.statements(tables.apply(SqlScripts.read(dialect.outboxUpgradeResource())));
        try {
            jdbi.useTransaction(h -> statements.forEach(h::execute));
            LOG.info("Added the notification outbox's columns to {}", tables.reservations());
        } catch (JdbiException e) {
            if (!hasOutboxColumns()) {
                throw new StoreException("could not add the notification outbox's columns to " + tables.reservations()
                        + " from " + dialect.outboxUpgradeResource(), e);
            }
        }
    }

    private boolean hasOutboxColumns() {
        try {
            jdbi.useTransaction(h -> h.createQuery("SELECT COUNT(*) FROM " + tables.reservations()
                    + " WHERE 1 = 0 AND notify_attempts = 0 AND notify_failed_at IS NULL AND notify_last_error IS NULL")
                    .mapTo(Integer.class).one());
            return true;
        } catch (JdbiException e) {
            return false;
        }
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
