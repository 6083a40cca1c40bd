package dev.sejour.booking.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.SejourStore;
import dev.sejour.booking.store.jdbc.JdbcBookingStores;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The stores the example runs on (JDBC over a HikariCP pool), and the pool to close with them. The one
 * place that decides which store implementation the example uses.
 */
final class ExampleStores implements AutoCloseable {

    private final HikariDataSource pool;
    private final SejourStore sejours;
    private final ReservationStore reservations;
    private final String description;

    private ExampleStores(HikariDataSource pool, JdbcBookingStores stores, String description) {
        this.pool = pool;
        this.sejours = Objects.requireNonNull(stores.sejours(), "sejours");
        this.reservations = Objects.requireNonNull(stores.reservations(), "reservations");
        this.description = description;
    }

    /** Opens the configured database, creating its tables if they are missing. */
    static ExampleStores open(ExampleConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("booking-db");
        hikari.setJdbcUrl(config.jdbc().url());
        if (config.jdbc().user() != null) {
            hikari.setUsername(config.jdbc().user());
        }
        if (config.jdbc().password() != null) {
            hikari.setPassword(config.jdbc().password());
        }
        // SQLite lets one transaction write at a time (readers run alongside in WAL mode): a few connections
        // are plenty, and writers queue in the pool rather than polling SQLite's lock.
        hikari.setMaximumPoolSize(config.jdbc().isSqlite() ? 4 : config.jdbc().isH2() ? 5 : 10);
        hikari.setConnectionTimeout(5_000); // fail fast: the webhook answers 5xx and Stripe retries
        HikariDataSource pool = new HikariDataSource(hikari);
        try {
            JdbcBookingStores stores = JdbcBookingStores.builder(pool).createTablesIfMissing().build();
            createHealthTable(pool);
            String where = config.jdbc().isSqlite() ? "SQLite database file"
                    : config.jdbc().isH2() && config.jdbc().url().startsWith("jdbc:h2:file:")
                    ? "H2 database file" : stores.dialect() + " database";
            return new ExampleStores(pool, stores, where + " " + redact(config.jdbc().url()));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    SejourStore sejours() {
        return sejours;
    }

    ReservationStore reservations() {
        return reservations;
    }

    /** For the start-up log: where the data lives. */
    String description() {
        return description;
    }

    /**
     * Throws if the database cannot answer or cannot store a change. A read is not enough: on a full disk
     * reads still work while every checkout and webhook fails, so this commits a one-row write to the
     * example's own {@value #HEALTH_TABLE} table (one fsync on SQLite).
     */
    void check() {
        try (Connection connection = pool.getConnection()) {
            if (!connection.isValid(2)) {
                throw new IllegalStateException("the database connection is not valid");
            }
            connection.setAutoCommit(false);
            try {
                probeWrite(connection);
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the database cannot store a change: " + e.getMessage(), e);
        }
        sejours.findBySlug("health-check");
    }

    /** The example's own table (not the library's): one row that each health check rewrites. */
    static final String HEALTH_TABLE = "example_health";

    private static void createHealthTable(DataSource pool) {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + HEALTH_TABLE
                    + " (id INTEGER NOT NULL PRIMARY KEY, checked_at VARCHAR(40) NOT NULL)");
            // The row each check rewrites, created now so that two first checks at once do not both insert it;
            // another instance starting at the same moment may insert it first, and then the update works.
            try {
                probeWrite(connection);
            } catch (SQLException insertedMeanwhile) {
                probeWrite(connection);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the table " + HEALTH_TABLE + ": " + e.getMessage(), e);
        }
    }

    private static void probeWrite(Connection connection) throws SQLException {
        String now = Instant.now().toString();
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE " + HEALTH_TABLE + " SET checked_at = ? WHERE id = 1")) {
            update.setString(1, now);
            if (update.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + HEALTH_TABLE + " (id, checked_at) VALUES (1, ?)")) {
            insert.setString(1, now);
            insert.executeUpdate();
        }
    }

    @Override
    public void close() {
        pool.close();
    }

    /** A JDBC URL without what looks like a password parameter. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password|pwd)=[^;&]*", "$1=****");
    }
}
