package dev.sejour.booking.servlet;

import dev.sejour.booking.Money;
import dev.sejour.booking.Dispute;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.Sejour;
import dev.sejour.booking.spi.DeliveredNotification;
import dev.sejour.booking.spi.FailedNotification;
import dev.sejour.booking.spi.HoldOutcome;
import dev.sejour.booking.spi.NotificationFailure;
import dev.sejour.booking.spi.NotificationOutbox;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.SejourStore;
import dev.sejour.booking.spi.StoreException;
import dev.sejour.booking.spi.Transition;
import dev.sejour.booking.spi.TransitionOutcome;
import dev.sejour.booking.testkit.BookingStores;
import dev.sejour.booking.testkit.InMemoryReservationStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stores for a booking service shared by a whole test class: each test gets fresh in-memory stores
 * behind the same two objects ({@link #reset()}), and may make the reservation store fail on demand.
 */
final class TestStores {

    static final String SLUG = "yoga_aux_choseaux";
    static final int CAPACITY = 10;
    static final Money PRICE = Money.of(90_000, "eur");
    /** A séjour with one place left, to be refused with 409. */
    static final String ALMOST_FULL_SLUG = "atelier_presque_complet";

    private volatile BookingStores current;
    private final AtomicInteger failingTransitions = new AtomicInteger();
    private final AtomicInteger failingHolds = new AtomicInteger();

    private final SejourStore sejours = new SejourStore() {
        @Override
        public Optional<Sejour> findBySlug(String slug) {
            return current.sejours().findBySlug(slug);
        }

        @Override
        public List<Sejour> findAll() {
            return current.sejours().findAll();
        }

        @Override
        public void save(Sejour sejour) {
            current.sejours().save(sejour);
        }

        @Override
        public Optional<Sejour> adjustPlaces(String slug, int delta) {
            return current.sejours().adjustPlaces(slug, delta);
        }

        @Override
        public boolean create(Sejour sejour) {
            return current.sejours().create(sejour);
        }

        @Override
        public Optional<Sejour> updateDetails(String slug, String title, Money pricePerPlace) {
            return current.sejours().updateDetails(slug, title, pricePerPlace);
        }
    };

    private final ReservationStore reservations = new FailingReservations();

    /** The reservation store and its notification outbox, as every shipped store implements both. */
    private final class FailingReservations implements ReservationStore, NotificationOutbox {
        private InMemoryReservationStore delegate() {
            return (InMemoryReservationStore) current.reservations();
        }

        @Override
        public HoldOutcome insertHold(Reservation pending) {
            failIfAsked(failingHolds, "insertHold");
            return delegate().insertHold(pending);
        }

        @Override
        public HoldOutcome insertHold(Reservation pending, int maxPendingPerBuyer, String replacedReservationId) {
            failIfAsked(failingHolds, "insertHold");
            return delegate().insertHold(pending, maxPendingPerBuyer, replacedReservationId);
        }

        @Override
        public List<Reservation> findPendingByBuyer(String normalisedEmail) {
            return delegate().findPendingByBuyer(normalisedEmail);
        }

        @Override
        public boolean insertReleased(Reservation released) {
            return delegate().insertReleased(released);
        }

        @Override
        public boolean attachSession(String reservationId, String stripeSessionId) {
            return delegate().attachSession(reservationId, stripeSessionId);
        }

        @Override
        public boolean extendHold(String reservationId, Instant until) {
            return delegate().extendHold(reservationId, until);
        }

        @Override
        public TransitionOutcome transition(Transition transition) {
            failIfAsked(failingTransitions, "transition");
            return delegate().transition(transition);
        }

        @Override
        public Optional<Reservation> findById(String reservationId) {
            return delegate().findById(reservationId);
        }

        @Override
        public Optional<Reservation> findByStripeSessionId(String stripeSessionId) {
            return delegate().findByStripeSessionId(stripeSessionId);
        }

        @Override
        public Optional<Reservation> findByPaymentIntentId(String paymentIntentId) {
            return delegate().findByPaymentIntentId(paymentIntentId);
        }

        @Override
        public List<Reservation> findExpiredHolds(Instant now, int limit) {
            return delegate().findExpiredHolds(now, limit);
        }

        @Override
        public List<Reservation> findNotificationsDue(Instant now, int limit) {
            return delegate().findNotificationsDue(now, limit);
        }

        @Override
        public boolean claimNotification(String reservationId, ReservationStatus status, Instant now, Instant until) {
            return delegate().claimNotification(reservationId, status, now, until);
        }

        @Override
        public void releaseNotificationClaim(String reservationId) {
            delegate().releaseNotificationClaim(reservationId);
        }

        @Override
        public boolean markNotified(String reservationId, ReservationStatus status, Instant at) {
            return delegate().markNotified(reservationId, status, at);
        }

        @Override
        public int markAllNotified(List<DeliveredNotification> delivered) {
            return delegate().markAllNotified(delivered);
        }

        @Override
        public List<Reservation> findBySejour(String sejourSlug, ReservationStatus status,
                                              dev.sejour.booking.spi.ReservationCursor after, int limit) {
            return delegate().findBySejour(sejourSlug, status, after, limit);
        }

        @Override
        public int notificationAttempts(String reservationId) {
            return delegate().notificationAttempts(reservationId);
        }

        @Override
        public boolean recordNotificationFailure(NotificationFailure failure) {
            return delegate().recordNotificationFailure(failure);
        }

        @Override
        public List<FailedNotification> findFailedNotifications(int limit) {
            return delegate().findFailedNotifications(limit);
        }

        @Override
        public int countFailedNotifications() {
            return delegate().countFailedNotifications();
        }

        @Override
        public boolean retryFailedNotification(String reservationId) {
            return delegate().retryFailedNotification(reservationId);
        }

        @Override
        public boolean recordDispute(String reservationId, Dispute dispute, Instant noticeDueAt) {
            return delegate().recordDispute(reservationId, dispute, noticeDueAt);
        }

        @Override
        public List<Reservation> findDisputeNoticesDue(Instant now, int limit) {
            return delegate().findDisputeNoticesDue(now, limit);
        }

        @Override
        public boolean claimDisputeNotice(String reservationId, String disputeStatus, Instant now, Instant until) {
            return delegate().claimDisputeNotice(reservationId, disputeStatus, now, until);
        }

        @Override
        public boolean finishDisputeNotice(String reservationId, String disputeStatus, int attempts, Instant retryAt) {
            return delegate().finishDisputeNotice(reservationId, disputeStatus, attempts, retryAt);
        }

        @Override
        public int disputeNoticeAttempts(String reservationId) {
            return delegate().disputeNoticeAttempts(reservationId);
        }
    }

    TestStores() {
        reset();
    }

    /** Fresh stores: the seed's séjour with {@link #CAPACITY} places, one with a single place; no failures. */
    void reset() {
        BookingStores fresh = BookingStores.inMemory();
        fresh.sejours().save(new Sejour(SLUG, "Yoga aux Choseaux", PRICE, CAPACITY));
        fresh.sejours().save(new Sejour(ALMOST_FULL_SLUG, "Atelier presque complet", PRICE, 1));
        failingTransitions.set(0);
        failingHolds.set(0);
        current = fresh;
    }

    SejourStore sejours() {
        return sejours;
    }

    ReservationStore reservations() {
        return reservations;
    }

    /** The stores of the current test, without failure injection. */
    BookingStores current() {
        return current;
    }

    /** The next {@code n} status transitions throw a {@link StoreException}, as a lost database would. */
    void failNextTransitions(int n) {
        failingTransitions.set(n);
    }

    /** The next {@code n} holds throw a {@link StoreException}. */
    void failNextHolds(int n) {
        failingHolds.set(n);
    }

    int placesLeft(String slug) {
        return current.sejours().findBySlug(slug).orElseThrow().placesLeft();
    }

    List<Reservation> allReservations() {
        return ((InMemoryReservationStore) current.reservations()).findAll();
    }

    Optional<Reservation> reservation(String id) {
        return current.reservations().findById(id);
    }

    private static void failIfAsked(AtomicInteger counter, String what) {
        if (counter.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new StoreException("simulated outage in " + what
                    + " (jdbc:postgresql://db.internal:5432/booking?password=hunter2)");
        }
    }
}
