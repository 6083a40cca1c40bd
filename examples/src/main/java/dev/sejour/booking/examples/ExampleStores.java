package dev.sejour.booking.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.SejourStore;
import dev.sejour.booking.store.jdbc.JdbcBookingStores;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

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
        hikari.setMaximumPoolSize(config.jdbc().isH2() ? 5 : 10);
        hikari.setConnectionTimeout(5_000); // fail fast: the webhook answers 5xx and Stripe retries
        HikariDataSource pool = new HikariDataSource(hikari);
        try {
            JdbcBookingStores stores = JdbcBookingStores.builder(pool).createTablesIfMissing().build();
            String where = config.jdbc().isH2() && config.jdbc().url().startsWith("jdbc:h2:file:")
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

    /** Throws if the database cannot answer. */
    void check() {
        try (Connection connection = pool.getConnection()) {
            if (!connection.isValid(2)) {
                throw new IllegalStateException("the database connection is not valid");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the database does not answer: " + e.getMessage(), e);
        }
        sejours.findBySlug("health-check");
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
