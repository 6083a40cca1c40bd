package dev.sejour.booking.reliability;

/** The event storm on H2. */
class EventStormH2Test extends EventStormTestBase {

    @Override
    Backend openBackend() throws Exception {
        return Backend.jdbc(TestDatabase.Kind.H2);
    }
}
