package dev.sejour.booking.store.jdbc;

import dev.sejour.booking.testsupport.RequiredServices;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * A database of its own for one test class (H2 database, PostgreSQL schema, MariaDB database), behind a
 * HikariCP pool, removed by {@link #close()}. Sessions run in a time zone that is neither UTC nor the JVM's
 * (which the build sets to Europe/Paris), so that a time shifted anywhere shows.
 */
abstract class TestDatabase implements AutoCloseable {

    // Enough connections for the 64-thread races to contend for real; the rest wait for a connection.
    private static final int POOL_SIZE = 16;

    final String name = "booking_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private HikariDataSource pool;

    DataSource dataSource() {
        return pool;
    }

    /** SQL that renders a time column as UTC {@code yyyy-MM-dd HH:mm:ss.SSSSSS}. */
    abstract String utcText(String column);

    /** Removes what the test class created. */
    abstract void drop() throws SQLException;

    @Override
    public void close() throws SQLException {
        try {
            if (pool != null) {
                pool.close();
            }
        } finally {
            drop();
        }
    }

    final TestDatabase open(String url, String user, String password, String initSql) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(2);
        config.setConnectionTimeout(30_000);
        if (initSql != null) {
            config.setConnectionInitSql(initSql);
        }
        pool = new HikariDataSource(config);
        return this;
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static TestDatabase h2Memory() {
        H2 db = new H2(null);
        return db.open(db.url = "jdbc:h2:mem:" + db.name + ";DB_CLOSE_DELAY=-1", "sa", "", null);
    }

    static TestDatabase h2File() {
        Path folder = Path.of("target", "h2", UUID.randomUUID().toString());
        H2 db = new H2(folder);
        return db.open(db.url = "jdbc:h2:file:" + folder.toAbsolutePath().resolve(db.name), "sa", "", null);
    }

    /** A SQLite file under {@code target/sqlite}, opened with the settings the stores document. */
    static TestDatabase sqliteFile() {
        Path folder = Path.of("target", "sqlite", UUID.randomUUID().toString());
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SqliteFile db = new SqliteFile(folder);
        return db.open(SqliteDatabase.url(folder.resolve(db.name + ".db")), null, null, null);
    }

    static TestDatabase postgres() throws SQLException {
        String url = RequiredServices.setting("BOOKING_IT_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?connectTimeout=5");
        String user = RequiredServices.setting("BOOKING_IT_POSTGRES_USER", "postgres");
        String password = RequiredServices.setting("BOOKING_IT_POSTGRES_PASSWORD", "");
        Postgres db = new Postgres(url, user, password);
        try (Connection admin = RequiredServices.connectOrSkip("PostgreSQL", url, user, password)) {
            execute(admin, "CREATE SCHEMA " + db.name);
        }
        String separator = url.contains("?") ? "&" : "?";
        return db.open(url + separator + "currentSchema=" + db.name, user, password, "SET TIME ZONE 'Asia/Kolkata'");
    }

    static TestDatabase mariadb() throws SQLException {
        String server = RequiredServices.setting("BOOKING_IT_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/");
        String options = "?connectTimeout=5000";
        String user = RequiredServices.setting("BOOKING_IT_MARIADB_USER", "root");
        String password = RequiredServices.setting("BOOKING_IT_MARIADB_PASSWORD", "");
        MariaDb db = new MariaDb(server + options, user, password);
        try (Connection admin = RequiredServices.connectOrSkip("MariaDB", server + "test" + options, user, password)) {
            execute(admin, "CREATE DATABASE " + db.name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
        return db.open(server + db.name + options, user, password, "SET time_zone = '+05:30'");
    }

    private static final class H2 extends TestDatabase {

        private final Path folder;
        private String url;

        H2(Path folder) {
            this.folder = folder;
        }

        @Override
        String utcText(String column) {
            return "FORMATDATETIME(" + column + ", 'yyyy-MM-dd HH:mm:ss.SSSSSS', 'en', 'UTC')";
        }

        @Override
        void drop() throws SQLException {
            if (folder == null) {
                try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
                    execute(connection, "SHUTDOWN");
                }
                return;
            }
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class SqliteFile extends TestDatabase {

        private final Path folder;

        SqliteFile(Path folder) {
            this.folder = folder;
        }

        @Override
        String utcText(String column) {
            return column; // already UTC text, to the microsecond
        }

        @Override
        void drop() {
            try (Stream<Path> files = Files.walk(folder)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class Postgres extends TestDatabase {

        private final String url;
        private final String user;
        private final String password;

        Postgres(String url, String user, String password) {
            this.url = url;
            this.user = user;
            this.password = password;
        }

        @Override
        String utcText(String column) {
            return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')";
        }

        @Override
        void drop() throws SQLException {
            try (Connection admin = RequiredServices.connectOrSkip("PostgreSQL", url, user, password)) {
                execute(admin, "DROP SCHEMA IF EXISTS " + name + " CASCADE");
            }
        }
    }

    private static final class MariaDb extends TestDatabase {

        private final String url;
        private final String user;
        private final String password;

        MariaDb(String url, String user, String password) {
            this.url = url;
            this.user = user;
            this.password = password;
        }

        @Override
        String utcText(String column) {
            return "DATE_FORMAT(" + column + ", '%Y-%m-%d %H:%i:%s.%f')";
        }

        @Override
        void drop() throws SQLException {
            try (Connection admin = RequiredServices.connectOrSkip("MariaDB", url, user, password)) {
                execute(admin, "DROP DATABASE IF EXISTS " + name);
            }
        }
    }
}
