package dev.sejour.booking.testkit;

import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.SejourStore;
import java.util.Objects;

/**
 * A pair of stores over one database, as a contract suite or an application test needs them, with the
 * hook that inspects them.
 *
 * @param sejours the séjour store
 * @param reservations the reservation store sharing its database (and, for the shipped stores, the
 *     notification outbox)
 * @param placesCounter counts a séjour's held and paid places from the stores' own data, for the checks
 */
public record BookingStores(SejourStore sejours, ReservationStore reservations, PlacesCounter placesCounter) {

    public BookingStores {
        Objects.requireNonNull(sejours, "sejours");
        Objects.requireNonNull(reservations, "reservations");
        Objects.requireNonNull(placesCounter, "placesCounter");
    }

    /**
     * Stores whose reservation store counts places itself ({@link InMemoryReservationStore} does); for any
     * other, {@link #countPlaces} fails: give a {@link PlacesCounter}.
     */
    public BookingStores(SejourStore sejours, ReservationStore reservations) {
        this(sejours, reservations, reservations instanceof PlacesCounter counter ? counter : slug -> {
            throw new UnsupportedOperationException("no PlacesCounter for " + reservations.getClass().getName()
                    + ": build the BookingStores with one");
        });
    }

    /** Fresh, empty in-memory stores. */
    public static BookingStores inMemory() {
        InMemorySejourStore sejours = new InMemorySejourStore();
        return new BookingStores(sejours, new InMemoryReservationStore(sejours));
    }

    /** Places of the séjour held by pending reservations and taken by paid ones. */
    public PlacesCount countPlaces(String sejourSlug) {
        return placesCounter.countPlaces(sejourSlug);
    }
}
