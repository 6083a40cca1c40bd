package dev.sejour.booking.reliability;

/** The HTTP race on postgresql. */
class HttpRacePostgresTest extends HttpRaceTestBase {

    @Override
    Backend openBackend() throws Exception {
        return Backend.jdbc(TestDatabase.Kind.POSTGRESQL);
    }
}
