package dev.sejour.booking.spi;

/**
 * Tells the buyer (and, if the implementation wants, the organiser) what happened to a reservation.
 *
 * <p>Called after the change is committed, at least once per notification: a failure leaves the
 * notification due and it is retried later, so an implementation throws rather than swallow. It should
 * be quick and bounded (timeouts), as it may run inside a webhook request.
 */
@FunctionalInterface
public interface Notifier {

    /**
     * Delivers the notification.
     *
     * @throws NotificationException when delivery failed; {@link NotificationException#permanent()}
     *     says that retrying cannot help (an address the server refuses)
     */
    void notify(Notification notification);

    /** A notifier that tells nobody, for applications that send their own messages. */
    static Notifier none() {
        return notification -> { };
    }
}
