package dev.sejour.booking;

/**
 * An organiser's change that the current state does not allow (taking off sale places that are held or
 * sold, refunding a reservation that is not paid): nothing was changed.
 */
public class ChangeRefusedException extends BookingException {

    private static final long serialVersionUID = 1L;

    public ChangeRefusedException(String message) {
        super(ErrorCode.CHANGE_REFUSED, message);
    }
}
