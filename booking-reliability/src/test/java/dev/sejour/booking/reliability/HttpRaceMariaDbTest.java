package dev.sejour.booking.reliability;

/** The HTTP race on mariadb. */
class HttpRaceMariaDbTest extends HttpRaceTestBase {

    @Override
    Backend openBackend() throws Exception {
        return Backend.jdbc(TestDatabase.Kind.MARIADB);
    }
}
