package dev.sejour.booking.spi;

import dev.sejour.booking.BookingException;
import dev.sejour.booking.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * A store could not do its work (connection lost, timeout, constraint it did not expect). Stores wrap
 * their driver's exceptions in it; the booking flow answers 5xx so the caller (or Stripe) retries.
 */
public class StoreException extends BookingException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message, @Nullable Throwable cause) {
        super(ErrorCode.INTERNAL_ERROR, message, cause);
    }

    public StoreException(String message) {
        super(ErrorCode.INTERNAL_ERROR, message);
    }
}
