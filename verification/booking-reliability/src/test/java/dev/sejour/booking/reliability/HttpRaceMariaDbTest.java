package dev.sejour.booking.reliability;

/**
 * The HTTP race on MariaDB: a quarter of the rounds (5 in CI), as each costs MariaDB about four times what it
 * costs PostgreSQL on the CI machine; {@code BOOKING_RELIABILITY_ROUNDS=200} gives it 50.
 */
class HttpRaceMariaDbTest extends HttpRaceTestBase {

    @Override
    Backend openBackend() throws Exception {
        return Backend.jdbc(TestDatabase.Kind.MARIADB);
    }

    @Override
    int rounds() {
        return Math.max(5, Summary.rounds() / 4);
    }
}
