package dev.sejour.booking.store.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, when the stores are built, that SQLite connections have the settings {@link SqliteDatabase#url}
 * gives: without them the stores still work, but a commit may not survive a crash (no WAL, no fsync) and
 * the foreign key is not enforced. A warning, not a failure: the data source is the application's.
 */
final class SqliteSettings {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteSettings.class);
    private static final int SYNCHRONOUS_FULL = 2;

    private SqliteSettings() {
    }

    static void warnIfNotDurable(Jdbi jdbi) {
        List<String> problems = problems(jdbi);
        if (!problems.isEmpty()) {
            LOG.warn("The SQLite connections are not set up as the booking stores need ({}): open the database with"
                    + " SqliteDatabase.url(file), i.e. '?{}'", String.join("; ", problems), SqliteDatabase.SETTINGS);
        }
    }

    /** What differs from the recommended settings, as short sentences; empty when all is well. */
    static List<String> problems(Jdbi jdbi) {
        return jdbi.withHandle(h -> {
            List<String> problems = new ArrayList<>();
            String journal = h.createQuery("PRAGMA journal_mode").mapTo(String.class).one();
            if (!"wal".equals(journal.toLowerCase(Locale.ROOT))) {
                problems.add("journal_mode is " + journal + ", not WAL");
            }
            int synchronous = h.createQuery("PRAGMA synchronous").mapTo(Integer.class).one();
            if (synchronous < SYNCHRONOUS_FULL) {
                problems.add("synchronous is " + synchronous + ", not FULL (2): a commit is not fsync'ed");
            }
            int foreignKeys = h.createQuery("PRAGMA foreign_keys").mapTo(Integer.class).one();
            if (foreignKeys != 1) {
                problems.add("foreign_keys is off");
            }
            int busyTimeout = h.createQuery("PRAGMA busy_timeout").mapTo(Integer.class).one();
            if (busyTimeout < 1_000) {
                problems.add("busy_timeout is " + busyTimeout + " ms: concurrent writers fail instead of queueing");
            }
            return problems;
        });
    }
}
