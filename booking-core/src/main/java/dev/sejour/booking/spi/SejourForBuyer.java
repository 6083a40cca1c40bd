package dev.sejour.booking.spi;

import dev.sejour.booking.Sejour;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A séjour as one buyer's checkout reads it: the séjour, and how many places that buyer's pending checkouts
 * of it hold (see {@link SejourStore#findBySlugForBuyer}).
 *
 * @param sejour the séjour
 * @param buyerPendingPlaces the sum of the places of the buyer's pending reservations of this séjour (0 if
 *     none); empty when the store did not read them
 */
public record SejourForBuyer(Sejour sejour, OptionalInt buyerPendingPlaces) {

    public SejourForBuyer {
        Objects.requireNonNull(sejour, "sejour");
        Objects.requireNonNull(buyerPendingPlaces, "buyerPendingPlaces");
        if (buyerPendingPlaces.isPresent() && buyerPendingPlaces.getAsInt() < 0) {
            throw new IllegalArgumentException("buyerPendingPlaces must be >= 0: " + buyerPendingPlaces.getAsInt());
        }
    }

    /** The séjour with the places the buyer's pending checkouts of it hold (0 or more). */
    public static SejourForBuyer of(Sejour sejour, int buyerPendingPlaces) {
        return new SejourForBuyer(sejour, OptionalInt.of(buyerPendingPlaces));
    }

    /** The séjour alone: the store did not read the buyer's pending checkouts. */
    public static SejourForBuyer sejourOnly(Sejour sejour) {
        return new SejourForBuyer(sejour, OptionalInt.empty());
    }
}
