package dev.sejour.booking;

/** Stripe could not be reached, timed out, or refused the call; nothing was changed by it. */
public class PaymentProviderException extends BookingException {

    private static final long serialVersionUID = 1L;

    public PaymentProviderException(String message) {
        super(ErrorCode.PAYMENT_PROVIDER_UNAVAILABLE, message);
    }

    public PaymentProviderException(String message, Throwable cause) {
        super(ErrorCode.PAYMENT_PROVIDER_UNAVAILABLE, message, cause);
    }
}
