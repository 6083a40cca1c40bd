package dev.sejour.booking.reliability;

/** Database faults on POSTGRESQL. */
class DatabaseFaultsPostgresTest extends DatabaseFaultsTestBase {

    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.POSTGRESQL;
    }
}
