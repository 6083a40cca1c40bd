package dev.sejour.booking.spi;

/**
 * Tells the buyer (and, if the implementation wants, the organiser) what happened to a reservation.
 *
 * <p>Called after the change is committed, at least once per notification, on one of the service's
 * notification threads (never inside a webhook or page request): a failure leaves the notification due and
 * it is retried later with a growing delay, so an implementation throws rather than swallow. It should be
 * bounded (timeouts): a hung call holds one of the few notification threads. Called from several threads
 * at once.
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

    /**
     * Whether this notifier tells the organiser of the notifications meant for them
     * ({@link Notification.Kind#forOrganiser()}: disputes), because it knows their address. When false, the
     * service owes the organiser nothing: it logs a warning per dispute instead. Default false.
     */
    default boolean notifiesOrganiser() {
        return false;
    }

    /** A notifier that tells nobody, for applications that send their own messages. */
    static Notifier none() {
        return notification -> { };
    }
}
