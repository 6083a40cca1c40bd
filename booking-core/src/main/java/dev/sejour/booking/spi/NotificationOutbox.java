package dev.sejour.booking.spi;

import dev.sejour.booking.Reservation;
import dev.sejour.booking.ReservationStatus;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import java.util.List;

/**
 * The outbox of notifications owed to buyers: which reservations must be told of their status, who is
 * telling them now (a claim), what was delivered, what failed and when to try again (a backoff), and what
 * was given up (dead letters). {@code BookingService} delivers through it with at-least-once semantics,
 * and any number of instances may share it.
 *
 * <p>A notification is the pair (reservation, status): a reservation that is {@code payee} or
 * {@code remboursee} and not notified of that status is owed one. The outbox therefore lives with the
 * reservations; every shipped store implements it in the same class as its {@link ReservationStore}
 * ({@code BookingService.Builder} takes the reservation store as the outbox when it implements this
 * interface). A store whose database cannot keep it there may pass another implementation to
 * {@code BookingService.Builder#notificationOutbox}, which must see the same reservations.
 *
 * <p>Implementations are thread-safe and throw {@link StoreException} on failure; a condition that does
 * not hold is an outcome ({@code false}), not an exception. All instants are the service's clock, stored
 * to the millisecond.
 */
public interface NotificationOutbox {

    /**
     * Reservations whose buyer must be told something ({@code payee} or {@code remboursee}, not notified,
     * not failed) and that are due: nobody is notifying them now and no retry is waiting (no claim, or a
     * claim or backoff that ended at or before {@code now}). Those never claimed or whose claim was released
     * come first (oldest first), then the others by the time their claim or backoff ended, earliest first.
     */
    List<Reservation> findNotificationsDue(Instant now, int limit);

    /**
     * Claims the right to notify the buyer of the reservation's current status until {@code until}, so
     * that concurrent deliveries of one event send one email. Succeeds only if the reservation has that
     * status, is not notified, not failed, and has no live claim or backoff (none, or one that ended at or
     * before {@code now}).
     */
    boolean claimNotification(String reservationId, ReservationStatus status, Instant now, Instant until);

    /** Ends a claim without recording a delivery, so the notification is due again at once. */
    void releaseNotificationClaim(String reservationId);

    /**
     * Records that the buyer was told of {@code status}, only if the reservation still has it.
     *
     * @return false if the status changed meanwhile (the new status will be notified on its own)
     */
    boolean markNotified(String reservationId, ReservationStatus status, Instant at);

    /**
     * Records several deliveries at once, each as {@link #markNotified} would (those whose reservation
     * changed status are skipped). The dispatcher batches what its threads delivered meanwhile, so that a
     * burst of confirmations does not cost a commit each. The default calls {@link #markNotified} for each;
     * a store that can do it in one round trip or transaction should.
     *
     * @return how many were recorded
     */
    default int markAllNotified(List<DeliveredNotification> delivered) {
        int marked = 0;
        for (DeliveredNotification d : delivered) {
            if (markNotified(d.reservationId(), d.status(), d.at())) {
                marked++;
            }
        }
        return marked;
    }

    /**
     * Attempts recorded for the notification of the reservation's current status (see
     * {@link #recordNotificationFailure}); 0 when none failed, or no such reservation.
     */
    int notificationAttempts(String reservationId);

    /**
     * Records a failed attempt at notifying, only if the reservation still has {@code failure.status()}, is
     * neither notified nor failed, and has {@code failure.attempt() - 1} attempts recorded: sets its attempts
     * to {@code failure.attempt()}, keeps the error text, and either makes the notification due again at
     * {@code failure.retryAt()} (its claim becomes that backoff), or, when that is null, fails it (a dead
     * letter, never due again until {@link #retryFailedNotification}).
     *
     * @return false if nothing was recorded (the reservation moved on, was notified or failed, another
     *     instance recorded this attempt, or it does not exist)
     */
    boolean recordNotificationFailure(NotificationFailure failure);

    /** Failed notifications (dead letters), the earliest failed first. */
    List<FailedNotification> findFailedNotifications(int limit);

    /** How many notifications are failed (dead letters). */
    int countFailedNotifications();

    /**
     * Makes a failed notification due again at once, with its attempts back to zero (the organiser fixed
     * the address or the mail settings).
     *
     * @return false if the reservation has no failed notification
     */
    boolean retryFailedNotification(String reservationId);

    /**
     * Reservations whose organiser must be told of their dispute's current state (see
     * {@link ReservationStore#recordDispute}) and whose notice is due: its due time (the recording, a claim
     * that ended, or the backoff after a failed attempt) is at or before {@code now}; earliest first.
     */
    List<Reservation> findDisputeNoticesDue(Instant now, int limit);

    /**
     * Claims the right to send the organiser's notice of the reservation's dispute until {@code until}.
     * Succeeds only if the reservation's dispute still has {@code disputeStatus} and its notice is due at or
     * before {@code now}; the notice's due time becomes {@code until}, so that it is due again if the
     * sender never finishes.
     */
    boolean claimDisputeNotice(String reservationId, String disputeStatus, Instant now, Instant until);

    /**
     * Records the end of an attempt at the organiser's notice, only if the reservation's dispute still has
     * {@code disputeStatus} and a notice owed: sets its attempts to {@code attempts} and its due time to
     * {@code retryAt}; null means nothing more to send (delivered, or given up).
     *
     * @return false if nothing was recorded (the dispute moved on: its new state has a notice of its own)
     */
    boolean finishDisputeNotice(String reservationId, String disputeStatus, int attempts, @Nullable Instant retryAt);

    /** Failed attempts recorded for the organiser's notice of the reservation's dispute; 0 when none. */
    int disputeNoticeAttempts(String reservationId);
}
