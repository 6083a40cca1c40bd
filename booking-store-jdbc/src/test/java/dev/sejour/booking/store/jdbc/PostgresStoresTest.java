package dev.sejour.booking.store.jdbc;

import java.sql.SQLException;

/**
 * The JDBC stores on PostgreSQL ({@code BOOKING_IT_POSTGRES_URL}, default {@code 127.0.0.1:5432/test} as
 * {@code postgres}), in a schema of their own.
 */
class PostgresStoresTest extends JdbcStoresTestBase {

    @Override
    TestDatabase openDatabase() throws SQLException {
        return TestDatabase.postgres();
    }
}
