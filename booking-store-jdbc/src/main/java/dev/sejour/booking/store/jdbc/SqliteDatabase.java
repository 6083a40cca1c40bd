package dev.sejour.booking.store.jdbc;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The JDBC URL of a SQLite database file set up for the booking stores (xerial's
 * {@code org.xerial:sqlite-jdbc} driver reads these settings from the URL, for every connection it opens):
 * <ul>
 *   <li>{@code journal_mode=WAL} and {@code synchronous=FULL}: a commit returns only once the write-ahead
 *       log is written and fsync'ed, so a committed change survives the process being killed and, on disks
 *       that honour fsync, the machine losing power;</li>
 *   <li>{@code transaction_mode=IMMEDIATE}: each transaction takes the single write lock when it begins,
 *       so two writers queue rather than one failing half-way with {@code SQLITE_BUSY};</li>
 *   <li>{@code busy_timeout}: how long a writer queues for the lock (10 s) before the store gives up;</li>
 *   <li>{@code foreign_keys=true}: SQLite enforces foreign keys only when asked, per connection.</li>
 * </ul>
 *
 * <pre>{@code
 * HikariConfig pool = new HikariConfig();
 * pool.setJdbcUrl(SqliteDatabase.url(Path.of("data/booking.db")));
 * pool.setMaximumPoolSize(4); // one writer at a time anyway; readers run alongside (WAL)
 * JdbcBookingStores stores = JdbcBookingStores.builder(new HikariDataSource(pool)).createTablesIfMissing().build();
 * }</pre>
 */
public final class SqliteDatabase {

    /** The settings {@link #url(Path)} appends. */
    public static final String SETTINGS =
            "journal_mode=WAL&synchronous=FULL&transaction_mode=IMMEDIATE&busy_timeout=10000&foreign_keys=true";

    private SqliteDatabase() {
    }

    /** {@code jdbc:sqlite:<absolute file>?}{@link #SETTINGS}; the file is created on first connection. */
    public static String url(Path file) {
        String path = Objects.requireNonNull(file, "file").toAbsolutePath().normalize().toString().replace('\\', '/');
        return "jdbc:sqlite:" + path + "?" + SETTINGS;
    }
}
