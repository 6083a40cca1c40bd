package dev.sejour.booking;

/** A webhook's Stripe-Signature does not match its payload, or is too old. */
public class InvalidSignatureException extends BookingException {

    private static final long serialVersionUID = 1L;

    public InvalidSignatureException(String message) {
        super(ErrorCode.INVALID_SIGNATURE, message);
    }

    public InvalidSignatureException(String message, Throwable cause) {
        super(ErrorCode.INVALID_SIGNATURE, message, cause);
    }
}
