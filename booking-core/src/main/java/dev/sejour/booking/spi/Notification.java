package dev.sejour.booking.spi;

import dev.sejour.booking.Reservation;
import java.util.Objects;

/**
 * Something the buyer must be told, or, for the kinds where {@link Kind#forOrganiser()} is true, the
 * organiser (a dispute: the reservation's {@link Reservation#dispute()} says which, and in what state).
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
        REFUND,
        /**
         * To the organiser: the buyer's bank opened a dispute on the payment ({@code charge.dispute.created}), or
         * escalated an inquiry to a chargeback (the dispute's status then no longer starts {@code warning_}).
         */
        DISPUTE_OPENED,
        /** To the organiser: the dispute is closed, its outcome in the dispute's status ({@code won}, {@code lost}, …). */
        DISPUTE_CLOSED;

        /** Whether this notification is for the organiser rather than the buyer. */
        public boolean forOrganiser() {
            return this == DISPUTE_OPENED || this == DISPUTE_CLOSED;
        }
    }
}
