package dev.sejour.booking.store.jdbc;

import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.spi.NotificationOutbox;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.SejourStore;
import dev.sejour.booking.spi.StoreException;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jspecify.annotations.Nullable;

/**
 * The JDBC séjour and reservation stores over one {@link DataSource}: H2, PostgreSQL, MariaDB, MySQL or
 * SQLite (see {@link SqliteDatabase} for its connection settings).
 *
 * <pre>{@code
 * JdbcBookingStores stores = JdbcBookingStores.builder(dataSource)
 *         .tablePrefix("booking_")      // optional, default none
 *         .createTablesIfMissing()      // optional, default: the tables must exist
 *         .build();
 * BookingService service = BookingService.builder()
 *         .stores(stores.sejours(), stores.reservations())
 *         // .stripeSecretKey(…), .webhookSecret(…), .baseUrl(…)…
 *         .build();
 * }</pre>
 *
 * <p>The tables are those of the scripts named by {@link JdbcDialect#schemaResource()}. The stores keep no
 * state of their own: any number of application instances may share the database.
 */
public final class JdbcBookingStores {

    private final JdbcDialect dialect;
    private final Tables tables;
    private final JdbcSejourStore sejours;
    private final JdbcReservationStore reservations;

    private JdbcBookingStores(Jdbi jdbi, JdbcDialect dialect, Tables tables) {
        this.dialect = dialect;
        this.tables = tables;
        Transactor transactor = new Transactor(jdbi, dialect.sql());
        this.sejours = new JdbcSejourStore(transactor, dialect.sql(), tables);
        this.reservations = new JdbcReservationStore(transactor, dialect.sql(), tables);
    }

    /** Stores over existing tables without prefix, the dialect read from the database. */
    public static JdbcBookingStores create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /** Settings for stores over {@code dataSource}: table prefix, dialect, table creation. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
    }

    /** The séjour store, over the {@code sejours} table. */
    public SejourStore sejours() {
        return sejours;
    }

    /**
     * The reservation store, over the {@code reservations} table; it changes the séjours' places left. It is
     * also the {@link NotificationOutbox} (its notification columns), which
     * {@code BookingService.Builder.stores} finds on it.
     */
    public ReservationStore reservations() {
        return reservations;
    }

    /** The same object as {@link #reservations()}, typed as the notification outbox it also is. */
    public NotificationOutbox outbox() {
        return reservations;
    }

    /**
     * Places of the séjour held by pending reservations and taken by paid ones: an inspection for checks
     * and dashboards, not part of the SPI (the engine never needs it).
     *
     * @return places by status, with exactly {@code PENDING} and {@code PAID} (0 when none)
     * @throws StoreException if the database cannot be read
     */
    public Map<ReservationStatus, Integer> countPlaces(String sejourSlug) {
        return reservations.countPlaces(sejourSlug);
    }

    /** The dialect set, or read from the database. */
    public JdbcDialect dialect() {
        return dialect;
    }

    /** The prefix before the table names, empty for none. */
    public String tablePrefix() {
        return tables.prefix();
    }

    /**
     * Settings of {@link JdbcBookingStores}, a plain mutable builder like every other builder of the
     * library: each method changes this builder and returns it. Not thread-safe; {@link #build()} may be
     * called more than once.
     */
    public static final class Builder {

        private final DataSource dataSource;
        private String tablePrefix = "";
        private @Nullable JdbcDialect dialect;
        private boolean createTables;

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /**
         * Puts {@code prefix} before the table names ({@code booking_sejours}) and the names of their
         * indexes and constraints. Letters, digits and {@code _}; default none.
         *
         * @throws IllegalArgumentException if the prefix has other characters
         */
        public Builder tablePrefix(String prefix) {
            Tables.withPrefix(prefix);
            this.tablePrefix = prefix;
            return this;
        }

        /** Sets the dialect instead of reading it from the connection's metadata when building. */
        public Builder dialect(JdbcDialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        /**
         * When building, creates the tables or brings them to the current version with the dialect's
         * versioned migrations ({@link JdbcDialect#migrationLocation()}, prefixed), recorded in
         * {@code <prefix>sejour_booking_schema_history}, under a lock so that instances starting together
         * take turns. Rows are kept. Off by default: many applications run the same migrations with Flyway.
         */
        public Builder createTablesIfMissing() {
            this.createTables = true;
            return this;
        }

        /**
         * @throws StoreException if the database cannot be reached, is not supported, or the tables
         *     cannot be created
         */
        public JdbcBookingStores build() {
            Jdbi jdbi = Jdbi.create(dataSource);
            JdbcDialect chosen = dialect != null ? dialect : detect(jdbi);
            Tables tables = Tables.withPrefix(tablePrefix);
            if (createTables) {
                new SchemaMigrator(jdbi, chosen, tables).migrate();
            }
            if (chosen == JdbcDialect.SQLITE) {
                SqliteSettings.warnIfNotDurable(jdbi);
            }
            return new JdbcBookingStores(jdbi, chosen, tables);
        }

        private static JdbcDialect detect(Jdbi jdbi) {
            String product;
            try {
                product = jdbi.withHandle(h -> h.getConnection().getMetaData().getDatabaseProductName());
            } catch (JdbiException | java.sql.SQLException e) {
                throw new StoreException("could not read the database product name to choose a dialect", e);
            }
            try {
                return JdbcDialect.forProductName(product);
            } catch (IllegalArgumentException e) {
                throw new StoreException(e.getMessage() + "; set one with dialect(...) if it speaks the same SQL", e);
            }
        }
    }
}
