package dev.sejour.booking;

/** Fewer places are left than were asked for. */
public class NotEnoughPlacesException extends BookingException {

    private static final long serialVersionUID = 1L;

    public NotEnoughPlacesException(String message) {
        super(ErrorCode.NOT_ENOUGH_PLACES, message);
    }

    public NotEnoughPlacesException(String message, Throwable cause) {
        super(ErrorCode.NOT_ENOUGH_PLACES, message, cause);
    }
}
