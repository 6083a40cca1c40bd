package dev.sejour.booking;

/** No reservation belongs to the requested Checkout Session. */
public class ReservationNotFoundException extends BookingException {

    private static final long serialVersionUID = 1L;

    public ReservationNotFoundException(String message) {
        super(ErrorCode.RESERVATION_NOT_FOUND, message);
    }

    public ReservationNotFoundException(String message, Throwable cause) {
        super(ErrorCode.RESERVATION_NOT_FOUND, message, cause);
    }
}
