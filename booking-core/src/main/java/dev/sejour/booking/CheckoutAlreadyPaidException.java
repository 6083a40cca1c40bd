package dev.sejour.booking;

/**
 * The buyer started a new checkout for a séjour while their earlier one for it was being paid: the earlier
 * one was fulfilled (it is {@code payee}, or refunded by the late-payment policy) and nothing new was held.
 */
public class CheckoutAlreadyPaidException extends BookingException {

    private static final long serialVersionUID = 1L;

    private final String reservationId;

    public CheckoutAlreadyPaidException(String message, String reservationId) {
        super(ErrorCode.CHECKOUT_ALREADY_PAID, message);
        this.reservationId = reservationId;
    }

    /** The earlier reservation, now paid. */
    public String reservationId() {
        return reservationId;
    }
}
