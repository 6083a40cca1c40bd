package dev.sejour.booking.store.jdbc;

import java.sql.SQLException;

/**
 * The JDBC stores on MariaDB ({@code BOOKING_IT_MARIADB_URL}, default {@code 127.0.0.1:3306} as
 * {@code root}), in a database of their own.
 */
class MariaDbStoresTest extends JdbcStoresTestBase {

    @Override
    TestDatabase openDatabase() throws SQLException {
        return TestDatabase.mariadb();
    }
}
