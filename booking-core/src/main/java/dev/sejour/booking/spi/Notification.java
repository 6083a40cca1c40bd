package dev.sejour.booking.spi;

import dev.sejour.booking.Reservation;
import java.util.Objects;

/**
 * Something the buyer must be told.
 *
 * @param kind what happened
 * @param reservation the reservation, in the status the message is about
 * @param sejourTitle the séjour's title (its slug if the séjour is gone)
 */
public record Notification(Kind kind, Reservation reservation, String sejourTitle) {

    public Notification {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reservation, "reservation");
        Objects.requireNonNull(sejourTitle, "sejourTitle");
    }

    public enum Kind {
        /** The reservation is paid: the confirmation. */
        CONFIRMATION,
        /** The payment went back to the buyer (a payment after the places were gone, or a refund by the organiser). */
        REFUND
    }
}
