package dev.sejour.booking.testkit;

import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.SejourStore;
import java.util.Objects;

/**
 * A pair of stores over one database, as a contract suite or an application test needs them.
 *
 * @param sejours the séjour store
 * @param reservations the reservation store sharing its database
 */
public record BookingStores(SejourStore sejours, ReservationStore reservations) {

    public BookingStores {
        Objects.requireNonNull(sejours, "sejours");
        Objects.requireNonNull(reservations, "reservations");
    }

    /** Fresh, empty in-memory stores. */
    public static BookingStores inMemory() {
        InMemorySejourStore sejours = new InMemorySejourStore();
        return new BookingStores(sejours, new InMemoryReservationStore(sejours));
    }
}
