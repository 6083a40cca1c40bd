package dev.sejour.booking.spi;

import dev.sejour.booking.Reservation;
import dev.sejour.booking.ReservationStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where reservations live, and the only way places are taken or given back. Every method that changes
 * something is atomic and conditional (a compare-and-set done by the database, never a read-modify-write
 * in Java), so any number of application instances can share one store.
 *
 * <p>The store shares its database with the {@link SejourStore} whose places it changes. Implementations
 * are thread-safe and throw {@link StoreException} on failure; a condition that does not hold is an
 * outcome, not an exception. The booking algorithm lives in {@code BookingService}, not here.
 */
public interface ReservationStore {

    /**
     * Takes {@code pending.places()} places of its séjour if that many are left, and stores the pending
     * reservation, atomically: both happen or neither does.
     */
    HoldOutcome insertHold(Reservation pending);

    /**
     * Like {@link #insertHold(Reservation)}, and only if the buyer has fewer than {@code maxPendingPerBuyer}
     * pending reservations (of any séjour) counting by {@link dev.sejour.booking.Buyer#normalisedEmail()}.
     * The count and the hold are one atomic step for that buyer: concurrent holds of one address are
     * serialised (a lock on a per-address row, or the like), so they never exceed the limit together.
     *
     * <p>When {@code replacedReservationId} is not null, that reservation must be pending and of the same
     * buyer; it is released in the same step ({@code expiree}, its places given back) and does not count
     * against the limit, and the new hold may take the places it gave back before any other buyer can (a
     * store without multi-document transactions says in its documentation if it cannot promise that). If
     * the new hold then lacks places ({@link HoldOutcome#NOT_ENOUGH_PLACES}), the replaced reservation may
     * have been released or not: the caller, which ended its Checkout Session first, releases it.
     *
     * @param pending the new hold
     * @param maxPendingPerBuyer the most pending reservations one address may have, at least 1
     * @param replacedReservationId the buyer's earlier pending reservation to release, or null
     * @return {@link HoldOutcome#HELD}, or why nothing was held: {@link HoldOutcome#TOO_MANY_PENDING},
     *     {@link HoldOutcome#REPLACED_NOT_PENDING}, {@link HoldOutcome#NOT_ENOUGH_PLACES},
     *     {@link HoldOutcome#SEJOUR_NOT_FOUND}
     */
    HoldOutcome insertHold(Reservation pending, int maxPendingPerBuyer, String replacedReservationId);

    /**
     * The pending reservations of one buyer, of any séjour, oldest first.
     *
     * @param normalisedEmail the buyer's {@link dev.sejour.booking.Buyer#normalisedEmail()}
     */
    List<Reservation> findPendingByBuyer(String normalisedEmail);

    /**
     * Stores a reservation that holds no places (status {@code expiree} or {@code echouee}: its places were
     * given back, or never taken) without touching any séjour's places, atomically. Its séjour exists (a
     * store may refuse one that does not, with a {@link StoreException}). The booking flow uses it to record a paid session whose reservation the store lost (a crash, a
     * restored backup) when no place can be given: the reservation is then refunded by a
     * {@link #transition}, so the books stay balanced and the refund is recorded like any late payment.
     *
     * @param released the reservation, whose {@link Reservation#status()} does not occupy places
     * @return true if stored; false, changing nothing, if a reservation with that id (or that Stripe
     *     session id) already exists: another delivery of the same payment stored it first
     * @throws IllegalArgumentException if its status occupies places ({@code en_attente}, {@code payee})
     */
    boolean insertReleased(Reservation released);

    /**
     * Records the Checkout Session of a reservation that has none yet, or the same one.
     *
     * @return false if the reservation does not exist or already has another session
     */
    boolean attachSession(String reservationId, String stripeSessionId);

    /** Applies a status compare-and-set with its change of places; see {@link Transition}. */
    TransitionOutcome transition(Transition transition);

    Optional<Reservation> findById(String reservationId);

    Optional<Reservation> findByStripeSessionId(String stripeSessionId);

    Optional<Reservation> findByPaymentIntentId(String paymentIntentId);

    /**
     * Moves a pending reservation's hold end to {@code until}, only if it is pending and its hold ends
     * earlier. The sweeper uses it for holds it must keep (a delayed payment still processing) so that
     * they stop coming back first in {@link #findExpiredHolds} and starving newer ones.
     *
     * @return false if the reservation is not pending, or its hold already ends at or after {@code until}
     */
    boolean extendHold(String reservationId, Instant until);

    /** Pending reservations whose hold ended at or before {@code now}, oldest first. */
    List<Reservation> findExpiredHolds(Instant now, int limit);

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

    /** Places of the séjour held by pending reservations and taken by paid ones. */
    PlacesCount countPlaces(String sejourSlug);

    /**
     * Repairs what a crash between two writes may have left, for stores that cannot make a hold or a
     * transition one atomic write (see the MongoDB store). Called by the sweeper.
     *
     * @return how many records were repaired
     */
    default int repair(Instant now) {
        return 0;
    }

    /**
     * A page of one séjour's reservations for its organiser, ordered by {@code createdAt} then {@code id}
     * (a stable order: a reservation made while paging comes last, never twice).
     *
     * @param sejourSlug the séjour
     * @param status only reservations with this status; null for all
     * @param after the last reservation of the previous page (only its {@code createdAt} and {@code id} are
     *     read); null for the first page
     * @param limit at most this many (positive)
     */
    List<Reservation> findBySejour(String sejourSlug, ReservationStatus status, ReservationCursor after, int limit);
}
