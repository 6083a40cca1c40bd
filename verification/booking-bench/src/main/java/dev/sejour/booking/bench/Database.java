package dev.sejour.booking.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sejour.booking.store.jdbc.JdbcBookingStores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * A database under test: a Hikari pool of a fixed size, and the library's own tables (its shipped
 * schema script) under the prefix {@code bench_}, dropped and created again for each scenario.
 */
final class Database implements AutoCloseable {

    static final String PREFIX = "bench_";
    static final String SEJOURS = PREFIX + "sejours";
    static final String RESERVATIONS = PREFIX + "reservations";
    static final String PG_SCHEMA = "sejour_bench";

    private final String name;
    private final HikariDataSource pool;

    private Database(String name, String url, int poolSize) {
        this.name = name;
        HikariConfig config = new HikariConfig();
        config.setPoolName("bench-" + name);
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(poolSize);
        config.setConnectionTimeout(30_000);
        this.pool = new HikariDataSource(config);
    }

    /** H2 in memory, in this JVM. */
    static Database h2(int poolSize) {
        return new Database("H2 (mem)", "jdbc:h2:mem:sejour_bench;DB_CLOSE_DELAY=-1", poolSize);
    }

    /** PostgreSQL at {@code url} (no schema in it), in the schema {@value #PG_SCHEMA}, created if missing. */
    static Database postgres(String url, int poolSize) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + PG_SCHEMA);
        }
        String withSchema = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + PG_SCHEMA
                + "&reWriteBatchedInserts=true";
        return new Database("PostgreSQL", withSchema, poolSize);
    }

    String name() {
        return name;
    }

    HikariDataSource pool() {
        return pool;
    }

    int poolSize() {
        return pool.getMaximumPoolSize();
    }

    /** Drops the bench tables and creates them again with the library's script; answers fresh stores. */
    JdbcBookingStores freshStores() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + RESERVATIONS);
            s.execute("DROP TABLE IF EXISTS " + SEJOURS);
        }
        return JdbcBookingStores.builder(pool).tablePrefix(PREFIX).createTablesIfMissing().build();
    }

    void insertSejour(String slug, String title, long price, String currency, int capacity) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO " + SEJOURS + " (slug, title, price, currency, places_left) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, slug);
            ps.setString(2, title);
            ps.setLong(3, price);
            ps.setString(4, currency);
            ps.setInt(5, capacity);
            ps.executeUpdate();
        }
    }

    /**
     * Inserts pending reservations {@code idPrefix + i} with sessions {@code sessionPrefix + i}, as
     * {@code startCheckout} leaves them, in batches (set-up, not measured).
     */
    void insertPending(String idPrefix, String sessionPrefix, int from, int to, String slug, int places,
                       long amount, String currency) throws SQLException {
        OffsetDateTime now = OffsetDateTime.ofInstant(Instant.now().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO "
                + RESERVATIONS + " (id, sejour_slug, last_name, first_name, email, places, amount, currency, status,"
                + " stripe_session_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            for (int i = from; i < to; i++) {
                ps.setString(1, idPrefix + i);
                ps.setString(2, slug);
                ps.setString(3, "Devillers");
                ps.setString(4, "David");
                ps.setString(5, "david" + i + "@example.com");
                ps.setInt(6, places);
                ps.setLong(7, amount);
                ps.setString(8, currency);
                ps.setString(9, "en_attente");
                ps.setString(10, sessionPrefix == null ? null : sessionPrefix + i);
                ps.setObject(11, now);
                ps.setObject(12, now.plusHours(2));
                ps.addBatch();
                if ((i - from) % 1000 == 999) {
                    ps.executeBatch();
                }
            }
            ps.executeBatch();
            c.commit();
            c.setAutoCommit(true);
        }
    }

    long count(String sqlFromWhere) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) " + sqlFromWhere)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** e.g. {@code H2 2.5.252}, {@code PostgreSQL 15.20}. */
    String version() {
        try (Connection c = pool.getConnection()) {
            var meta = c.getMetaData();
            return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion().split(" ")[0];
        } catch (SQLException e) {
            return name + " (version unknown)";
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
