package dev.sejour.booking;

/**
 * Stable codes of the library's domain errors, carried by every {@link BookingException} and sent to
 * clients as {@code {"error": code, "message": …}}. Transport concerns (HTTP statuses, refusals such as
 * an unknown path or a body too large) belong to the transport: {@code booking-servlet} maps these codes
 * to statuses and adds its own.
 */
public enum ErrorCode {
    /** A field is missing or invalid. */
    INVALID_REQUEST("invalid_request"),
    /** A webhook's signature is missing, wrong or outside the tolerance window. */
    INVALID_SIGNATURE("invalid_signature"),
    SEJOUR_NOT_FOUND("sejour_not_found"),
    RESERVATION_NOT_FOUND("reservation_not_found"),
    NOT_ENOUGH_PLACES("not_enough_places"),
    /** An organiser's change the current state does not allow (see {@link ChangeRefusedException}). */
    CHANGE_REFUSED("change_refused"),
    /** The buyer's earlier checkout for the same séjour was paid while they started another one. */
    CHECKOUT_ALREADY_PAID("checkout_already_paid"),
    /** The buyer's address already has as many pending checkouts as allowed. */
    TOO_MANY_PENDING_CHECKOUTS("too_many_pending_checkouts"),
    /** A store failed, or a bug: the message is for the log, not for the client. */
    INTERNAL_ERROR("internal_error"),
    /** Stripe could not be reached or failed. */
    PAYMENT_PROVIDER_UNAVAILABLE("payment_provider_unavailable"),
    /** A notifier could not deliver ({@link dev.sejour.booking.spi.NotificationException}); never sent to a client. */
    NOTIFICATION_FAILED("notification_failed");

    private final String code;

    ErrorCode(String code) {
        this.code = code;
    }

    /** The code as sent to clients, in snake case. */
    public String code() {
        return code;
    }
}
