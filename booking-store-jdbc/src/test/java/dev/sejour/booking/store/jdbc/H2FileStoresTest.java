package dev.sejour.booking.store.jdbc;

/** The JDBC stores on an H2 database in a file under {@code target/h2}. */
class H2FileStoresTest extends JdbcStoresTestBase {

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.h2File();
    }
}
