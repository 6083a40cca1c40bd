package dev.sejour.booking.spi;

/** A notifier could not deliver. Transient unless {@link #permanent()}. */
public class NotificationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean permanent;

    public NotificationException(String message, Throwable cause) {
        this(message, cause, false);
    }

    public NotificationException(String message, Throwable cause, boolean permanent) {
        super(message, cause);
        this.permanent = permanent;
    }

    /** True when retrying cannot succeed; the notification is then recorded as given up. */
    public boolean permanent() {
        return permanent;
    }
}
