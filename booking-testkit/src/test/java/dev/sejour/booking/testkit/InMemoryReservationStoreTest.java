package dev.sejour.booking.testkit;

class InMemoryReservationStoreTest extends ReservationStoreContract {

    @Override
    protected BookingStores createStores() {
        return BookingStores.inMemory();
    }
}
