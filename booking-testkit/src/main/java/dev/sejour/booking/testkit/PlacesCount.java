package dev.sejour.booking.testkit;

import dev.sejour.booking.ReservationStatus;
import java.util.Map;

/**
 * Places of one séjour by what holds them, as the contract suites and scenario checks inspect a store.
 * The books balance when {@code initial capacity = placesLeft + held + paid}. Not part of the store SPI:
 * each store's tests give a {@link PlacesCounter} that computes it from the store's own data.
 *
 * @param held places of {@code en_attente} reservations
 * @param paid places of {@code payee} reservations
 */
public record PlacesCount(int held, int paid) {

    public static final PlacesCount NONE = new PlacesCount(0, 0);

    /** From places by status, as the shipped stores' {@code countPlaces} inspection answers them. */
    public static PlacesCount of(Map<ReservationStatus, Integer> byStatus) {
        return new PlacesCount(byStatus.getOrDefault(ReservationStatus.PENDING, 0),
                byStatus.getOrDefault(ReservationStatus.PAID, 0));
    }

    public int occupied() {
        return held + paid;
    }
}
