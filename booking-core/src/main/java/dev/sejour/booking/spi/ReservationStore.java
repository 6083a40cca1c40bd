package dev.sejour.booking.spi;

import dev.sejour.booking.Dispute;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.StatusCount;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where reservations live, and the only way places are taken or given back. Every method that changes
 * something is atomic and conditional (a compare-and-set done by the database, never a read-modify-write
 * in Java), so any number of application instances can share one store.
 *
 * <p>The store shares its database with the {@link SejourStore} whose places it changes. Implementations
 * are thread-safe and throw {@link StoreException} on failure; a condition that does not hold is an
 * outcome, not an exception. The booking algorithm lives in {@code BookingService}, not here.
 *
 * <p>The notifications owed to buyers are kept by a {@link NotificationOutbox}, a separate interface that
 * the same class usually implements too (every shipped store does, over the same rows). Inspecting the
 * store (places held and paid per séjour) is not part of this interface: the contract suite in
 * {@code booking-testkit} computes it from the rows itself.
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
    HoldOutcome insertHold(Reservation pending, int maxPendingPerBuyer, @Nullable String replacedReservationId);

    /**
     * The pending reservations of one buyer, of any séjour, oldest first.
     *
     * @param normalisedEmail the buyer's {@link dev.sejour.booking.Buyer#normalisedEmail()}
     */
    List<Reservation> findPendingByBuyer(String normalisedEmail);

    /**
     * Stores a reservation that holds no places (status {@code expiree}, {@code echouee} or {@code remboursee}:
     * its places were given back, or never taken) without touching any séjour's places, atomically. Its séjour exists (a
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
    List<Reservation> findBySejour(String sejourSlug, @Nullable ReservationStatus status, @Nullable ReservationCursor after,
                                   int limit);

    /**
     * One séjour's reservations counted per status, for its organiser's summary: how many reservations and
     * how many places they hold (or held) in each status. A read only, with no lock: a count taken while
     * buyers book may be a moment off, as any read.
     *
     * <p>The default pages through {@link #findBySejour} (500 a round trip), so a store written before this
     * method keeps working; a store that can count in one query should ({@code GROUP BY status} in SQL, an
     * aggregation in MongoDB), as every shipped store does.
     *
     * @param sejourSlug the séjour
     * @return the statuses that have reservations, each with its count (statuses without any may be absent
     *     or {@link StatusCount#NONE}); empty for a séjour without reservations or unknown
     */
    default Map<ReservationStatus, StatusCount> countBySejour(String sejourSlug) {
        Map<ReservationStatus, StatusCount> counts = new EnumMap<>(ReservationStatus.class);
        ReservationCursor after = null;
        while (true) {
            List<Reservation> page = findBySejour(sejourSlug, null, after, COUNT_PAGE);
            for (Reservation r : page) {
                counts.merge(r.status(), new StatusCount(1, r.places()),
                        (a, b) -> new StatusCount(a.reservations() + b.reservations(), a.places() + b.places()));
            }
            if (page.size() < COUNT_PAGE) {
                return counts;
            }
            after = ReservationCursor.after(page.get(page.size() - 1));
        }
    }

    /** Reservations per round trip of the default {@link #countBySejour}. */
    int COUNT_PAGE = 500;

    /**
     * Records a dispute on a reservation, atomically (one conditional write), only if it moves the
     * reservation's dispute forward a step (see {@link Dispute#isOvertakenBy}): inquiry open (status starting
     * {@link Dispute#INQUIRY_PREFIX}, no {@link Dispute#closedAt()}) → chargeback open (any other status, no
     * {@code closedAt}) → closed. That is: the reservation has no dispute; or it has this dispute (same
     * {@link Dispute#id()}) open and {@code dispute} is closed; or it has this dispute open as an inquiry and
     * {@code dispute} is an open chargeback (the bank escalated it). Stripe delivers at least once and in any
     * order, so the same news twice, a status change within a step ({@code needs_response} →
     * {@code under_review}), an inquiry after the chargeback, or an opening after the closing, changes
     * nothing; of an escalation and a closing racing, the closing always ends recorded. Neither the status,
     * nor the places, nor the buyer's notification change.
     *
     * <p>In the same write, the organiser's notice of this dispute (see
     * {@link NotificationOutbox#findDisputeNoticesDue}) becomes due at {@code noticeDueAt} with no attempts
     * recorded, replacing any notice of the dispute's earlier state; when {@code noticeDueAt} is null, no
     * notice is owed (nobody to tell).
     *
     * @param reservationId the reservation whose payment is disputed
     * @param dispute the dispute as Stripe reported it
     * @param noticeDueAt when the organiser's notice becomes due (normally now), or null for none
     * @return true if recorded; false, changing nothing, if it does not move the dispute forward or the
     *     reservation does not exist
     */
    boolean recordDispute(String reservationId, Dispute dispute, @Nullable Instant noticeDueAt);
}
