package dev.sejour.booking.reliability;

import dev.sejour.booking.testsupport.RequiredServices;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A database of its own for one test class (H2 in memory, a PostgreSQL schema, a MariaDB database), removed
 * by {@link #close()}. Each application instance of a test gets a HikariCP pool of its own over it, as two
 * servers would.
 */
final class TestDatabase implements AutoCloseable {

    enum Kind { H2, POSTGRESQL, MARIADB }

    final Kind kind;
    final String name;
    private final String url;
    private final String user;
    private final String password;
    private final String adminUrl;
    private final List<HikariDataSource> pools = new ArrayList<>();

    private TestDatabase(Kind kind, String name, String url, String user, String password, String adminUrl) {
        this.kind = kind;
        this.name = name;
        this.url = url;
        this.user = user;
        this.password = password;
        this.adminUrl = adminUrl;
    }

    static TestDatabase open(Kind kind) throws SQLException {
        return switch (kind) {
            case H2 -> h2();
            case POSTGRESQL -> postgres();
            case MARIADB -> mariadb();
        };
    }

    private static String newName() {
        return "booking_rel_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static TestDatabase h2() {
        String name = newName();
        return new TestDatabase(Kind.H2, name, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "", null);
    }

    static TestDatabase postgres() throws SQLException {
        String url = RequiredServices.setting("BOOKING_IT_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?connectTimeout=5");
        String user = RequiredServices.setting("BOOKING_IT_POSTGRES_USER", "postgres");
        String password = RequiredServices.setting("BOOKING_IT_POSTGRES_PASSWORD", "");
        String name = newName();
        try (Connection admin = RequiredServices.connectOrSkip("PostgreSQL", url, user, password)) {
            execute(admin, "CREATE SCHEMA " + name);
        }
        String separator = url.contains("?") ? "&" : "?";
        return new TestDatabase(Kind.POSTGRESQL, name, url + separator + "currentSchema=" + name, user, password, url);
    }

    static TestDatabase mariadb() throws SQLException {
        String server = RequiredServices.setting("BOOKING_IT_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/");
        String options = "?connectTimeout=5000";
        String user = RequiredServices.setting("BOOKING_IT_MARIADB_USER", "root");
        String password = RequiredServices.setting("BOOKING_IT_MARIADB_PASSWORD", "");
        String name = newName();
        try (Connection admin = RequiredServices.connectOrSkip("MariaDB", server + "test" + options, user, password)) {
            execute(admin, "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
        return new TestDatabase(Kind.MARIADB, name, server + name + options, user, password, server + "test" + options);
    }

    /** A new pool over the database, closed with it. */
    synchronized DataSource newPool(String poolName, int size) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name + "-" + poolName);
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(30_000);
        HikariDataSource pool = new HikariDataSource(config);
        pools.add(pool);
        return pool;
    }

    /** One number from a query, on a connection of its own. */
    long queryLong(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        pools.forEach(HikariDataSource::close);
        pools.clear();
        switch (kind) {
            case H2 -> {
                try (Connection connection = DriverManager.getConnection(url, user, password)) {
                    execute(connection, "SHUTDOWN");
                }
            }
            case POSTGRESQL -> {
                try (Connection admin = DriverManager.getConnection(adminUrl, user, password)) {
                    execute(admin, "DROP SCHEMA IF EXISTS " + name + " CASCADE");
                }
            }
            case MARIADB -> {
                try (Connection admin = DriverManager.getConnection(adminUrl, user, password)) {
                    execute(admin, "DROP DATABASE IF EXISTS " + name);
                }
            }
        }
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
