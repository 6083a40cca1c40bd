package dev.sejour.booking.store.jdbc;

/** The JDBC stores on an in-memory H2 database. */
class H2MemoryStoresTest extends JdbcStoresTestBase {

    @Override
    TestDatabase openDatabase() {
        return TestDatabase.h2Memory();
    }
}
