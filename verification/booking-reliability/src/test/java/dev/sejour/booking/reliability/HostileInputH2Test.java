package dev.sejour.booking.reliability;

/** Hostile input on H2. */
class HostileInputH2Test extends HostileInputTestBase {

    @Override
    Backend openBackend() throws Exception {
        return Backend.jdbc(TestDatabase.Kind.H2);
    }

    @Override
    int fuzzedBodies() {
        return 400;
    }
}
