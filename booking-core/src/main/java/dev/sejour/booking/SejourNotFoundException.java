package dev.sejour.booking;

/** No séjour has the requested slug. */
public class SejourNotFoundException extends BookingException {

    private static final long serialVersionUID = 1L;

    public SejourNotFoundException(String message) {
        super(ErrorCode.SEJOUR_NOT_FOUND, message);
    }

    public SejourNotFoundException(String message, Throwable cause) {
        super(ErrorCode.SEJOUR_NOT_FOUND, message, cause);
    }
}
