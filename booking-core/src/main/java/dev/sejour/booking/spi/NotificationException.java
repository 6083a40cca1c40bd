package dev.sejour.booking.spi;

import dev.sejour.booking.BookingException;
import dev.sejour.booking.ErrorCode;
import org.jspecify.annotations.Nullable;

/**
 * A notifier could not deliver. Transient unless {@link #permanent()}. Under the library's one exception
 * root, {@link BookingException}, with {@link ErrorCode#NOTIFICATION_FAILED}; the service catches it (the
 * buyer's request never sees it) and records the attempt in the {@link NotificationOutbox}.
 */
public class NotificationException extends BookingException {

    private static final long serialVersionUID = 1L;

    private final boolean permanent;

    public NotificationException(String message, @Nullable Throwable cause) {
        this(message, cause, false);
    }

    public NotificationException(String message, @Nullable Throwable cause, boolean permanent) {
        super(ErrorCode.NOTIFICATION_FAILED, message, cause);
        this.permanent = permanent;
    }

    /** True when retrying cannot succeed; the notification is then recorded as given up. */
    public boolean permanent() {
        return permanent;
    }
}
