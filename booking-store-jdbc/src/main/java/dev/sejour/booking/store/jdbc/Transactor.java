package dev.sejour.booking.store.jdbc;

import dev.sejour.booking.spi.StoreException;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jspecify.annotations.Nullable;

/**
 * Runs each store operation as one short transaction, tries it again after a deadlock or serialization
 * failure (the database rolled it back, so nothing happened), and turns Jdbi's exceptions into
 * {@link StoreException}s.
 *
 * <p>Why not Jdbi's {@code SerializableTransactionRunner}: it retries when the failure's SQLState equals one
 * configured string (default {@code 40001}), while the failures to retry here are told apart by SQLState
 * and by vendor code: PostgreSQL's deadlock is {@code 40P01}, MariaDB's lock wait timeout is error 1205 with
 * the generic SQLState {@code HY000}, H2's lock timeout {@code HYT00}, SQLite's busy database result code 5
 * with no SQLState. Only its protected {@code isSqlState} hook could be bent to ask {@link SqlDialect#isTransient},
 * and it tries again at once, where this loop waits a random moment so that the transactions that
 * deadlocked do not meet again in the same order.
 */
final class Transactor {

    // Each operation is two or three statements on one or two rows: a handful of tries is plenty, and a
    // bound keeps a pathological lock storm from hanging a webhook.
    private static final int MAX_ATTEMPTS = 6;

    private final Jdbi jdbi;
    private final SqlDialect dialect;

    Transactor(Jdbi jdbi, SqlDialect dialect) {
        this.jdbi = jdbi;
        this.dialect = dialect;
    }

    <T> T inTransaction(String what, HandleCallback<T, RuntimeException> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbi.inTransaction(work);
            } catch (JdbiException e) {
                SQLException cause = sqlCause(e);
                if (cause == null || !dialect.isTransient(cause) || attempt == MAX_ATTEMPTS) {
                    throw translate(what, e, cause);
                }
                pause(what, attempt, e);
            }
        }
    }

    /** For reads: one statement needs no explicit transaction. */
    <T> T withHandle(String what, HandleCallback<T, RuntimeException> work) {
        try {
            return jdbi.withHandle(work);
        } catch (JdbiException e) {
            throw translate(what, e, sqlCause(e));
        }
    }

    private StoreException translate(String what, JdbiException e, @Nullable SQLException cause) {
        if (cause != null && dialect.isUniqueViolation(cause)) {
            return new DuplicateKeyException("could not " + what + ": " + cause.getMessage(), e);
        }
        String detail = cause == null ? e.getMessage()
                : cause.getMessage() + " (SQLState " + cause.getSQLState() + ", error " + cause.getErrorCode() + ")";
        return new StoreException("could not " + what + ": " + detail, e);
    }

    static @Nullable SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    // Jitter, so that the transactions that deadlocked do not meet again in the same order.
    private static void pause(String what, int attempt, JdbiException e) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L * attempt + 1));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while retrying to " + what, e);
        }
    }

    /** A unique key clash, for the operations where it is an answer rather than a failure. */
    static final class DuplicateKeyException extends StoreException {

        private static final long serialVersionUID = 1L;

        DuplicateKeyException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
