package dev.sejour.booking.reliability;

/** Database faults on H2. */
class DatabaseFaultsH2Test extends DatabaseFaultsTestBase {

    @Override
    TestDatabase.Kind kind() {
        return TestDatabase.Kind.H2;
    }
}
