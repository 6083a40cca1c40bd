package dev.sejour.booking.reliability;

/** Lost reservations rebuilt by racing deliveries and lookups on two instances, on H2. */
class LostReservationsH2Test extends LostReservationsTestBase {

    @Override
    Backend openBackend() throws Exception {
        return Backend.jdbc(TestDatabase.Kind.H2);
    }
}
