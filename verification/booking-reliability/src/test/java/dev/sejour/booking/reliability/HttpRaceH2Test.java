package dev.sejour.booking.reliability;

/** The HTTP race on h2. */
class HttpRaceH2Test extends HttpRaceTestBase {

    @Override
    Backend openBackend() throws Exception {
        return Backend.jdbc(TestDatabase.Kind.H2);
    }
}
