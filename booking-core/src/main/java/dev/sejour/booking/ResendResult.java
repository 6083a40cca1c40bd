package dev.sejour.booking;

/**
 * What {@link BookingAdmin#resendNotification} did.
 *
 * @param reservation the reservation
 * @param action what was done
 */
public record ResendResult(Reservation reservation, Action action) {

    public enum Action {
        /** The notification was not delivered yet (failed for good, or still due): it was handed to the outbox again. */
        REQUEUED,
        /** The notification was delivered before: it was sent again now. */
        SENT_AGAIN
    }
}
