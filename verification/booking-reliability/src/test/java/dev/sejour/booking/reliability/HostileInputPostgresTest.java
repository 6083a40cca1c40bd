package dev.sejour.booking.reliability;

/** Hostile input on POSTGRESQL. */
class HostileInputPostgresTest extends HostileInputTestBase {

    @Override
    Backend openBackend() throws Exception {
        return Backend.jdbc(TestDatabase.Kind.POSTGRESQL);
    }

    @Override
    int fuzzedBodies() {
        return 150;
    }
}
