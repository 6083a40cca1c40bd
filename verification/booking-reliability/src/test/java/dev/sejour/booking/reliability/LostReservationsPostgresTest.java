package dev.sejour.booking.reliability;

/** Lost reservations rebuilt by racing deliveries and lookups on two instances, on Postgres. */
class LostReservationsPostgresTest extends LostReservationsTestBase {

    @Override
    Backend openBackend() throws Exception {
        return Backend.jdbc(TestDatabase.Kind.POSTGRESQL);
    }
}
