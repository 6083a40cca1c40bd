package dev.sejour.booking.spi;

import dev.sejour.booking.Sejour;
import java.util.Objects;

/**
 * A séjour as one buyer's checkout reads it: the séjour, and how many places that buyer's pending checkouts
 * of it hold (see {@link SejourStore#findBySlugForBuyer}).
 *
 * @param sejour the séjour
 * @param buyerPendingPlaces the sum of the places of the buyer's pending reservations of this séjour (0 if
 *     none), or {@link #UNKNOWN} when the store did not read them
 */
public record SejourForBuyer(Sejour sejour, int buyerPendingPlaces) {

    /** The store did not read the buyer's pending reservations. */
    public static final int UNKNOWN = -1;

    public SejourForBuyer {
        Objects.requireNonNull(sejour, "sejour");
        if (buyerPendingPlaces < UNKNOWN) {
            throw new IllegalArgumentException("buyerPendingPlaces must be >= 0 or UNKNOWN");
        }
    }

    /** Whether {@link #buyerPendingPlaces()} was read. */
    public boolean knowsBuyerPendingPlaces() {
        return buyerPendingPlaces != UNKNOWN;
    }
}
