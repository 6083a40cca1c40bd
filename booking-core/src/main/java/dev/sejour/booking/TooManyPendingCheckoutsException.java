package dev.sejour.booking;

/**
 * The buyer's address already has as many pending checkouts as
 * {@link BookingService.Builder#maxPendingCheckoutsPerEmail(int)} allows, across séjours; nothing was held.
 * The buyer finishes or cancels one of them (or waits for its hold to end) and tries again.
 */
public class TooManyPendingCheckoutsException extends BookingException {

    private static final long serialVersionUID = 1L;

    public TooManyPendingCheckoutsException(String message) {
        super(ErrorCode.TOO_MANY_PENDING_CHECKOUTS, message);
    }
}
