package dev.sejour.booking;

import java.util.Arrays;

/** Where a reservation stands. The codes are the seed's French values, used on the wire and in storage. */
public enum ReservationStatus {
    /** Places held while the buyer is on Stripe Checkout. */
    PENDING("en_attente"),
    /** Paid; the places are the buyer's. */
    PAID("payee"),
    /** The checkout ended unpaid; the places were given back. */
    EXPIRED("expiree"),
    /** A delayed payment failed, or Stripe could not be reached at checkout; the places were given back. */
    FAILED("echouee"),
    /** The money went back to the buyer; the reservation holds no place. */
    REFUNDED("remboursee");

    private final String code;

    ReservationStatus(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** Whether a reservation in this status keeps places away from other buyers. */
    public boolean occupiesPlaces() {
        return this == PENDING || this == PAID;
    }

    public static ReservationStatus fromCode(String code) {
        return Arrays.stream(values())
                .filter(s -> s.code.equals(code))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown reservation status: " + code));
    }
}
