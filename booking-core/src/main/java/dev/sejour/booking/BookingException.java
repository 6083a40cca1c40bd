package dev.sejour.booking;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one unchecked exception of the library. Its {@link #errorCode()} is stable and safe to show to a
 * client; its message never contains a secret.
 */
public class BookingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode errorCode;

    public BookingException(ErrorCode errorCode, String message) {
        this(errorCode, message, null);
    }

    public BookingException(ErrorCode errorCode, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.errorCode = Objects.requireNonNull(errorCode, "errorCode");
    }

    public ErrorCode errorCode() {
        return errorCode;
    }
}
