package dev.sejour.booking.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * The JDBC stores on a SQLite file opened as {@link SqliteDatabase#url} says: the whole contract suite,
 * its 64-thread races included (one writer at a time: they queue on the write lock), and the schema,
 * constraint and time tests.
 */
class SqliteFileStoresTest extends JdbcStoresTestBase {

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.sqliteFile();
    }

    @Test
    void theDialectIsReadFromTheDatabase() {
        assertThat(stores.dialect()).isEqualTo(JdbcDialect.SQLITE);
    }

    @Test
    void connectionsAreDurableAndEnforceForeignKeys() throws SQLException {
        assertThat(text("PRAGMA journal_mode")).isEqualToIgnoringCase("wal");
        assertThat(text("PRAGMA synchronous")).isEqualTo("2"); // FULL
        assertThat(text("PRAGMA foreign_keys")).isEqualTo("1");
        assertThat(Integer.parseInt(text("PRAGMA busy_timeout"))).isGreaterThanOrEqualTo(5_000);
    }
}
