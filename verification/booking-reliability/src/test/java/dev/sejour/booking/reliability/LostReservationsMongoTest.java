package dev.sejour.booking.reliability;

/** Lost reservations rebuilt by racing deliveries and lookups on two instances, on Mongo. */
class LostReservationsMongoTest extends LostReservationsTestBase {

    @Override
    Backend openBackend() throws Exception {
        return Backend.mongo();
    }
}
