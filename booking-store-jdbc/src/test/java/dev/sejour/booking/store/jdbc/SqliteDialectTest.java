package dev.sejour.booking.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the SQLite dialect reads the errors the real driver raises. */
class SqliteDialectTest {

    private final SqliteDialect dialect = new SqliteDialect();

    @TempDir
    Path temp;

    @Test
    void aPrimaryOrUniqueKeyClashIsAUniqueViolationAndACheckIsNot() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id TEXT PRIMARY KEY, session TEXT UNIQUE, n INTEGER CHECK (n > 0)) STRICT");
            s.execute("INSERT INTO t VALUES ('a', 'cs_1', 1)");

            SQLException primary = catchThrowableOfType(SQLException.class, () -> s.execute("INSERT INTO t VALUES ('a', 'cs_2', 1)"));
            SQLException unique = catchThrowableOfType(SQLException.class, () -> s.execute("INSERT INTO t VALUES ('b', 'cs_1', 1)"));
            SQLException check = catchThrowableOfType(SQLException.class, () -> s.execute("INSERT INTO t VALUES ('c', 'cs_3', 0)"));

            assertThat(dialect.isUniqueViolation(primary)).isTrue();
            assertThat(dialect.isUniqueViolation(unique)).isTrue();
            assertThat(dialect.isUniqueViolation(check)).isFalse();
            assertThat(dialect.isTransient(check)).isFalse();
        }
    }

    @Test
    void aWriterThatFindsTheWriteLockTakenPastItsTimeoutMayTryAgain() throws Exception {
        Path file = Files.createDirectories(temp).resolve("busy.db");
        String url = "jdbc:sqlite:" + file + "?journal_mode=WAL&transaction_mode=IMMEDIATE&busy_timeout=50";
        try (Connection holder = DriverManager.getConnection(url); Connection other = DriverManager.getConnection(url)) {
            try (Statement s = holder.createStatement()) {
                s.execute("CREATE TABLE t (n INTEGER)");
            }
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("INSERT INTO t VALUES (1)"); // holds SQLite's single write lock until commit
            }

            SQLException busy = catchThrowableOfType(SQLException.class, () -> {
                other.setAutoCommit(false); // BEGIN IMMEDIATE: this is where a second writer waits, then fails
                try (Statement s = other.createStatement()) {
                    s.execute("INSERT INTO t VALUES (2)");
                }
            });

            assertThat(dialect.isTransient(busy)).as(busy.getMessage()).isTrue();
            assertThat(dialect.isUniqueViolation(busy)).isFalse();
            holder.commit();
        }
    }

    @Test
    void instantsAreFixedWidthUtcTextSoThatTextOrderIsTimeOrder() {
        assertThat(SqliteDialect.UTC_TEXT.format(Instant.parse("2026-03-29T02:30:00.000001Z").atOffset(java.time.ZoneOffset.UTC)))
                .isEqualTo("2026-03-29 02:30:00.000001");
        assertThat(SqliteDialect.UTC_TEXT.format(Instant.parse("2026-10-25T00:30:00Z").atOffset(java.time.ZoneOffset.UTC)))
                .isEqualTo("2026-10-25 00:30:00.000000");
    }

    @Test
    void connectionsWithoutTheRecommendedSettingsAreReportedWhenTheStoresAreBuilt() {
        org.sqlite.SQLiteDataSource plain = new org.sqlite.SQLiteDataSource();
        plain.setUrl("jdbc:sqlite:" + temp.resolve("plain.db"));
        org.sqlite.SQLiteDataSource durable = new org.sqlite.SQLiteDataSource();
        durable.setUrl(SqliteDatabase.url(temp.resolve("durable.db")));

        assertThat(SqliteSettings.problems(org.jdbi.v3.core.Jdbi.create(plain)))
                .anySatisfy(p -> assertThat(p).contains("journal_mode"))
                .anySatisfy(p -> assertThat(p).contains("foreign_keys"));
        assertThat(JdbcBookingStores.builder(plain).createTablesIfMissing().build().dialect()).isEqualTo(JdbcDialect.SQLITE);
        assertThat(SqliteSettings.problems(org.jdbi.v3.core.Jdbi.create(durable))).isEmpty();
    }

    @Test
    void theRecommendedUrlCarriesTheDurableSettings() {
        assertThat(SqliteDatabase.url(temp.resolve("booking.db")))
                .startsWith("jdbc:sqlite:" + temp.toAbsolutePath().resolve("booking.db").toString().replace('\\', '/') + "?")
                .contains("journal_mode=WAL", "synchronous=FULL", "transaction_mode=IMMEDIATE", "busy_timeout=",
                        "foreign_keys=true");
    }
}
