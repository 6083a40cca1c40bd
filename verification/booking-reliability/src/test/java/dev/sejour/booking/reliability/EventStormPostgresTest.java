package dev.sejour.booking.reliability;

/** The event storm on POSTGRESQL. */
class EventStormPostgresTest extends EventStormTestBase {

    @Override
    Backend openBackend() throws Exception {
        return Backend.jdbc(TestDatabase.Kind.POSTGRESQL);
    }
}
