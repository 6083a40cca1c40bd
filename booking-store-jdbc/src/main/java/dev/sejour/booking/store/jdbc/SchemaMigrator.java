package dev.sejour.booking.store.jdbc;

import dev.sejour.booking.spi.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the tables to the current version with the dialect's shipped {@link Migration}s; see
 * {@link JdbcBookingStores.Builder#createTablesIfMissing()}.
 *
 * <p>What ran is kept in {@code <prefix>sejour_booking_schema_history} (version, description, script,
 * checksum, installed_on): one row per migration, like Flyway's history but a table of the library's own,
 * so an application's Flyway history is never touched. Tables made before the history existed (by an older
 * {@code createTablesIfMissing()}, by hand, or by Flyway from the same scripts) are recognised by the
 * columns each migration adds, recorded as such, and only the missing migrations run. Everything happens
 * under the dialect's {@link SchemaLock}, so instances starting together change the schema one at a time.
 */
final class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final int MAX_ATTEMPTS = 5;

    private final Jdbi jdbi;
    private final JdbcDialect dialect;
    private final Tables tables;
    private final String history;

    SchemaMigrator(Jdbi jdbi, JdbcDialect dialect, Tables tables) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.tables = tables;
        this.history = tables.prefix() + "sejour_booking_schema_history";
    }

    /**
     * @return the versions this call applied, oldest first (empty when the tables were current)
     * @throws StoreException if a migration fails, or one recorded as applied was changed since
     */
    List<Integer> migrate() {
        for (int attempt = 1; ; attempt++) {
            try {
                return dialect.sql().schemaLock().run(jdbi, tables.prefix() + "sejour_booking", this::migrateLocked);
            } catch (JdbiException e) {
                // SQLite may answer busy past its timeout while another process holds the write lock.
                java.sql.SQLException cause = Transactor.sqlCause(e);
                if (cause == null || !dialect.sql().isTransient(cause) || attempt == MAX_ATTEMPTS) {
                    throw new StoreException("could not migrate the booking tables (" + dialect.migrationLocation()
                            + "): " + e.getMessage(), e);
                }
            }
        }
    }

    private List<Integer> migrateLocked(Handle h) {
        h.execute("CREATE TABLE IF NOT EXISTS " + history + " (version INTEGER NOT NULL PRIMARY KEY,"
                + " description VARCHAR(200) NOT NULL, script VARCHAR(1000) NOT NULL, checksum INTEGER NOT NULL,"
                + " installed_on VARCHAR(40) NOT NULL)");
        Map<Integer, Integer> applied = new TreeMap<>();
        h.createQuery("SELECT version, checksum FROM " + history)
                .map((rs, ctx) -> Map.entry(rs.getInt("version"), rs.getInt("checksum")))
                .forEach(e -> applied.put(e.getKey(), e.getValue()));
        List<Migration> migrations = Migration.of(dialect);
        if (!applied.isEmpty() && !succeeds(h, tables.apply("SELECT slug FROM sejours WHERE 1 = 0"))
                && !succeeds(h, tables.apply("SELECT id FROM reservations WHERE 1 = 0"))) {
            // Both tables were dropped (the drop scripts leave the history): start again from an empty schema.
            h.execute("DELETE FROM " + history);
            applied.clear();
            LOG.info("The booking tables (prefix '{}') were dropped: their schema history is cleared", tables.prefix());
        }
        if (applied.isEmpty()) {
            adoptTablesMadeBeforeTheHistory(h, migrations, applied);
        }
        List<Integer> ran = new ArrayList<>();
        for (Migration migration : migrations) {
            Integer checksum = applied.get(migration.version());
            if (checksum != null) {
                if (checksum != migration.checksum()) {
                    throw new StoreException(migration.name() + " was applied with checksum " + checksum
                            + " but the shipped script has " + migration.checksum() + ": it must not change once released");
                }
                continue;
            }
            h.createScript(tables.apply(migration.script())).executeAsSeparateStatements();
            record(h, migration, migration.name());
            ran.add(migration.version());
            LOG.info("Applied {} to the booking tables (prefix '{}')", migration.name(), tables.prefix());
        }
        return ran;
    }

    // Tables that already hold a migration's columns record it without running it, in order, up to the first
    // migration whose columns are missing.
    private void adoptTablesMadeBeforeTheHistory(Handle h, List<Migration> migrations, Map<Integer, Integer> applied) {
        for (Migration migration : migrations) {
            if (!migration.presence().stream().allMatch(probe -> succeeds(h, tables.apply(probe)))) {
                return;
            }
            record(h, migration, "(present before the schema history)");
            applied.put(migration.version(), migration.checksum());
            LOG.info("The booking tables (prefix '{}') already had {}: recorded", tables.prefix(), migration.name());
        }
    }

    private void record(Handle h, Migration migration, String script) {
        h.createUpdate("INSERT INTO " + history + " (version, description, script, checksum, installed_on)"
                        + " VALUES (:version, :description, :script, :checksum, :installedOn)")
                .bind("version", migration.version())
                .bind("description", migration.description())
                .bind("script", script)
                .bind("checksum", migration.checksum())
                .bind("installedOn", Instant.now().toString())
                .execute();
    }

    // In a transaction (PostgreSQL, SQLite) a failed statement must not spoil the rest: a savepoint takes it back.
    private static boolean succeeds(Handle h, String probe) {
        boolean inTransaction = h.isInTransaction();
        if (inTransaction) {
            h.savepoint("sejour_booking_probe");
        }
        try {
            h.createQuery(probe).mapToMap().list();
            if (inTransaction) {
                h.release("sejour_booking_probe");
            }
            return true;
        } catch (JdbiException e) {
            if (inTransaction) {
                h.rollbackToSavepoint("sejour_booking_probe");
            }
            return false;
        }
    }
}
