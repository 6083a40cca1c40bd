package dev.sejour.booking.testkit;

class InMemorySejourStoreTest extends SejourStoreContract {

    @Override
    protected BookingStores createStores() {
        return BookingStores.inMemory();
    }
}
