package dev.sejour.booking.store.jdbc;

import dev.sejour.booking.spi.StoreException;
import java.time.Duration;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Serialises schema changes between every process that shares the database: two application instances
 * starting together on an empty PostgreSQL database otherwise race in {@code CREATE TABLE IF NOT EXISTS}
 * ({@code duplicate key value violates unique constraint "pg_type_typname_nsp_index"}) or apply one
 * migration twice. Each database has its own means, so each dialect names its lock.
 */
interface SchemaLock {

    /**
     * Runs {@code work} while holding the lock named {@code name} (the table prefix plus a fixed word), on one
     * handle; the lock is released whatever happens.
     */
    <T> T run(Jdbi jdbi, String name, HandleCallback<T, RuntimeException> work);

    /**
     * PostgreSQL: a transaction-scoped advisory lock on a hash of the schema and the name, taken first in
     * the one transaction that makes every change (PostgreSQL's DDL is transactional), released by its
     * commit or rollback, or when the connection dies.
     */
    final class PostgresAdvisory implements SchemaLock {
        @Override
        public <T> T run(Jdbi jdbi, String name, HandleCallback<T, RuntimeException> work) {
            return jdbi.inTransaction(h -> {
                h.createQuery("SELECT pg_advisory_xact_lock(hashtext(COALESCE(current_schema(), '') || '.' || :name))")
                        .bind("name", name).mapToMap().one();
                return work.withHandle(h);
            });
        }
    }

    /**
     * MariaDB and MySQL: a named session lock ({@code GET_LOCK}) on a hash of the database and the name,
     * released at the end (or when the connection dies). Their DDL commits as it goes, so the work runs
     * outside a transaction on the lock's connection.
     */
    final class MariaDbNamed implements SchemaLock {
        private static final String LOCK_NAME = "CONCAT('sejour_booking_', SHA1(CONCAT(COALESCE(DATABASE(), ''), '.', :name)))";
        private static final int WAIT_SECONDS = 300;

        @Override
        public <T> T run(Jdbi jdbi, String name, HandleCallback<T, RuntimeException> work) {
            return jdbi.withHandle(h -> {
                Integer got = h.createQuery("SELECT GET_LOCK(" + LOCK_NAME + ", " + WAIT_SECONDS + ")")
                        .bind("name", name).mapTo(Integer.class).one();
                if (got == null || got != 1) {
                    throw new StoreException("could not take the schema lock (GET_LOCK) within " + WAIT_SECONDS + " s");
                }
                try {
                    return work.withHandle(h);
                } finally {
                    h.createQuery("SELECT RELEASE_LOCK(" + LOCK_NAME + ")").bind("name", name).mapToMap().one();
                }
            });
        }
    }

    /**
     * SQLite: one {@code BEGIN IMMEDIATE} transaction, which takes the database's single write lock at once
     * (waiting up to the connection's busy timeout) and makes every change or none (SQLite's DDL is
     * transactional).
     */
    final class SqliteImmediate implements SchemaLock {
        @Override
        public <T> T run(Jdbi jdbi, String name, HandleCallback<T, RuntimeException> work) {
            return jdbi.withHandle(h -> {
                h.execute("BEGIN IMMEDIATE");
                T result;
                try {
                    result = work.withHandle(h);
                } catch (RuntimeException e) {
                    h.execute("ROLLBACK");
                    throw e;
                }
                h.execute("COMMIT");
                return result;
            });
        }
    }

    /**
     * H2: its DDL commits the transaction, and it has no advisory lock, so a lease row in a table of its own
     * ({@code <prefix>sejour_booking_schema_lock}): taken by a conditional update, given back at the end, and
     * taken over after {@link #LEASE} if its holder died (an H2 file opened again by another process).
     */
    final class H2Lease implements SchemaLock {
        static final Duration LEASE = Duration.ofMinutes(2);
        private static final Duration WAIT = Duration.ofMinutes(5);

        @Override
        public <T> T run(Jdbi jdbi, String name, HandleCallback<T, RuntimeException> work) {
            String table = name + "_schema_lock";
            return jdbi.withHandle(h -> {
                h.execute("CREATE TABLE IF NOT EXISTS " + table
                        + " (id INTEGER NOT NULL PRIMARY KEY, locked_until BIGINT NOT NULL, owner VARCHAR(36))");
                try {
                    h.execute("INSERT INTO " + table + " (id, locked_until) SELECT 1, 0 FROM (VALUES 0) v"
                            + " WHERE NOT EXISTS (SELECT 1 FROM " + table + " WHERE id = 1)");
                } catch (JdbiException e) {
                    // Another instance inserted the row between the check and the insert: it is there.
                }
                String owner = UUID.randomUUID().toString();
                acquire(h, table, owner);
                try {
                    return work.withHandle(h);
                } finally {
                    h.createUpdate("UPDATE " + table + " SET locked_until = 0, owner = NULL WHERE id = 1 AND owner = :owner")
                            .bind("owner", owner).execute();
                }
            });
        }

        private static void acquire(Handle h, String table, String owner) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                long now = System.currentTimeMillis();
                int taken = h.createUpdate("UPDATE " + table + " SET locked_until = :until, owner = :owner"
                                + " WHERE id = 1 AND locked_until < :now")
                        .bind("until", now + LEASE.toMillis()).bind("owner", owner).bind("now", now).execute();
                if (taken == 1) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new StoreException("could not take the schema lock in " + table + " within " + WAIT);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("interrupted while waiting for the schema lock in " + table, e);
                }
            }
        }
    }
}
