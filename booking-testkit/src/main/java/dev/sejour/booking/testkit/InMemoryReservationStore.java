package dev.sejour.booking.testkit;

import dev.sejour.booking.Dispute;
import dev.sejour.booking.Reservation;
import dev.sejour.booking.ReservationStatus;
import dev.sejour.booking.StatusCount;
import dev.sejour.booking.spi.FailedNotification;
import dev.sejour.booking.spi.HoldOutcome;
import dev.sejour.booking.spi.NotificationFailure;
import dev.sejour.booking.spi.NotificationOutbox;
import dev.sejour.booking.spi.ReservationCursor;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.StoreException;
import dev.sejour.booking.spi.Transition;
import dev.sejour.booking.spi.TransitionOutcome;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Reservations in memory: the reference implementation of {@link ReservationStore}. Every operation runs
 * under its séjour store's lock, which is what makes a hold and its reservation one atomic step here.
 */
public final class InMemoryReservationStore implements ReservationStore, NotificationOutbox, PlacesCounter {

    private final InMemorySejourStore sejours;
    private final Map<String, Reservation> byId = new LinkedHashMap<>();
    private final Map<String, Instant> claims = new HashMap<>();
    /** Per reservation, the notification of its current status: attempts, failure, last error. */
    private final Map<String, NotificationState> notificationStates = new HashMap<>();

    private record NotificationState(int attempts, @Nullable Instant failedAt, String lastError) {
    }

    /** Per reservation with a dispute whose organiser's notice is owed: when it is due, and failed attempts. */
    private final Map<String, DisputeNotice> disputeNotices = new HashMap<>();

    private record DisputeNotice(Instant dueAt, int attempts) {
    }

    public InMemoryReservationStore(InMemorySejourStore sejours) {
        this.sejours = Objects.requireNonNull(sejours, "sejours");
        sejours.countBuyerPendingPlacesWith((slug, email) -> findPendingByBuyer(email).stream()
                .filter(r -> r.sejourSlug().equals(slug))
                .mapToInt(Reservation::places)
                .sum());
    }

    @Override
    public HoldOutcome insertHold(Reservation pending) {
        synchronized (sejours.lock) {
            if (byId.containsKey(pending.id())) {
                throw new StoreException("duplicate reservation id " + pending.id());
            }
            if (!sejours.exists(pending.sejourSlug())) {
                return HoldOutcome.SEJOUR_NOT_FOUND;
            }
            if (!sejours.addPlaces(pending.sejourSlug(), -pending.places())) {
                return HoldOutcome.NOT_ENOUGH_PLACES;
            }
            byId.put(pending.id(), pending);
            return HoldOutcome.HELD;
        }
    }

    @Override
    public HoldOutcome insertHold(Reservation pending, int maxPendingPerBuyer, @Nullable String replacedReservationId) {
        synchronized (sejours.lock) {
            String buyer = pending.buyer().normalisedEmail();
            Reservation replaced = replacedReservationId == null ? null : byId.get(replacedReservationId);
            if (replacedReservationId != null && (replaced == null || replaced.status() != ReservationStatus.PENDING
                    || !replaced.buyer().normalisedEmail().equals(buyer))) {
                return HoldOutcome.REPLACED_NOT_PENDING;
            }
            long others = byId.values().stream()
                    .filter(r -> r.status() == ReservationStatus.PENDING && r.buyer().normalisedEmail().equals(buyer)
                            && !r.id().equals(replacedReservationId))
                    .count();
            if (others >= maxPendingPerBuyer) {
                return HoldOutcome.TOO_MANY_PENDING;
            }
            if (!sejours.exists(pending.sejourSlug())) {
                return HoldOutcome.SEJOUR_NOT_FOUND;
            }
            if (replaced != null) {
                // All under one lock: undone below if the new hold cannot be taken, so nothing changes then.
                sejours.addPlaces(replaced.sejourSlug(), replaced.places());
            }
            HoldOutcome held = HoldOutcome.NOT_ENOUGH_PLACES;
            try {
                held = insertHold(pending);
            } finally {
                if (replaced != null && held != HoldOutcome.HELD) {
                    sejours.addPlaces(replaced.sejourSlug(), -replaced.places());
                }
            }
            if (replaced != null) {
                if (held == HoldOutcome.HELD) {
                    byId.put(replaced.id(), replaced.withStatus(ReservationStatus.EXPIRED));
                    claims.remove(replaced.id());
                }
            }
            return held;
        }
    }

    @Override
    public List<Reservation> findPendingByBuyer(String normalisedEmail) {
        synchronized (sejours.lock) {
            return byId.values().stream()
                    .filter(r -> r.status() == ReservationStatus.PENDING
                            && r.buyer().normalisedEmail().equals(normalisedEmail))
                    .sorted(Comparator.comparing(Reservation::createdAt).thenComparing(Reservation::id))
                    .toList();
        }
    }

    @Override
    public boolean insertReleased(Reservation released) {
        if (released.status().occupiesPlaces()) {
            throw new IllegalArgumentException("a released reservation holds no places: " + released.status());
        }
        synchronized (sejours.lock) {
            String sessionId = released.stripeSessionId();
            if (byId.containsKey(released.id()) || (sessionId != null
                    && find(r -> sessionId.equals(r.stripeSessionId())).isPresent())) {
                return false;
            }
            byId.put(released.id(), released);
            return true;
        }
    }

    @Override
    public boolean attachSession(String reservationId, String stripeSessionId) {
        synchronized (sejours.lock) {
            Reservation reservation = byId.get(reservationId);
            if (reservation == null) {
                return false;
            }
            if (reservation.stripeSessionId() != null) {
                return reservation.stripeSessionId().equals(stripeSessionId);
            }
            if (find(r -> stripeSessionId.equals(r.stripeSessionId())).isPresent()) {
                return false;
            }
            byId.put(reservationId, reservation.withStripeSessionId(stripeSessionId));
            return true;
        }
    }

    @Override
    public TransitionOutcome transition(Transition t) {
        synchronized (sejours.lock) {
            Reservation reservation = byId.get(t.reservationId());
            if (reservation == null) {
                return TransitionOutcome.NOT_FOUND;
            }
            if (reservation.status() != t.from()) {
                return TransitionOutcome.STALE;
            }
            String sessionId = t.stripeSessionId();
            if (sessionId != null && find(r -> sessionId.equals(r.stripeSessionId())
                    && !r.id().equals(t.reservationId())).isPresent()) {
                throw new StoreException("session " + t.stripeSessionId() + " belongs to another reservation");
            }
            if (!sejours.addPlaces(reservation.sejourSlug(), t.placesDelta())) {
                return TransitionOutcome.NOT_ENOUGH_PLACES;
            }
            Reservation moved = t.applyTo(reservation);
            byId.put(moved.id(), moved);
            claims.remove(moved.id());
            notificationStates.remove(moved.id());
            if (t.notificationClaimUntil() != null) {
                claims.put(moved.id(), t.notificationClaimUntil());
            }
            return TransitionOutcome.APPLIED;
        }
    }

    @Override
    public Optional<Reservation> findById(String reservationId) {
        synchronized (sejours.lock) {
            return Optional.ofNullable(byId.get(reservationId));
        }
    }

    @Override
    public Optional<Reservation> findByStripeSessionId(String stripeSessionId) {
        return find(r -> stripeSessionId.equals(r.stripeSessionId()));
    }

    @Override
    public Optional<Reservation> findByPaymentIntentId(String paymentIntentId) {
        return find(r -> paymentIntentId.equals(r.paymentIntentId()));
    }

    @Override
    public boolean extendHold(String reservationId, Instant until) {
        synchronized (sejours.lock) {
            Reservation reservation = byId.get(reservationId);
            if (reservation == null || reservation.status() != ReservationStatus.PENDING
                    || !reservation.expiresAt().isBefore(until)) {
                return false;
            }
            byId.put(reservationId, reservation.withExpiresAt(until));
            return true;
        }
    }

    @Override
    public List<Reservation> findExpiredHolds(Instant now, int limit) {
        synchronized (sejours.lock) {
            return byId.values().stream()
                    .filter(r -> r.status() == ReservationStatus.PENDING && !r.expiresAt().isAfter(now))
                    .sorted(Comparator.comparing(Reservation::expiresAt).thenComparing(Reservation::id))
                    .limit(limit)
                    .toList();
        }
    }

    @Override
    public List<Reservation> findNotificationsDue(Instant now, int limit) {
        synchronized (sejours.lock) {
            return byId.values().stream()
                    .filter(r -> notifiable(r.status()) && r.notifiedAt() == null && !failed(r.id())
                            && !claimed(r.id(), now))
                    .sorted(Comparator.comparing((Reservation r) -> claims.get(r.id()),
                                    Comparator.nullsFirst(Comparator.naturalOrder()))
                            .thenComparing(Reservation::createdAt).thenComparing(Reservation::id))
                    .limit(limit)
                    .toList();
        }
    }

    @Override
    public boolean claimNotification(String reservationId, ReservationStatus status, Instant now, Instant until) {
        synchronized (sejours.lock) {
            Reservation reservation = byId.get(reservationId);
            if (reservation == null || reservation.status() != status || reservation.notifiedAt() != null
                    || failed(reservationId) || claimed(reservationId, now)) {
                return false;
            }
            claims.put(reservationId, until);
            return true;
        }
    }

    @Override
    public void releaseNotificationClaim(String reservationId) {
        synchronized (sejours.lock) {
            claims.remove(reservationId);
        }
    }

    @Override
    public boolean markNotified(String reservationId, ReservationStatus status, Instant at) {
        synchronized (sejours.lock) {
            Reservation reservation = byId.get(reservationId);
            if (reservation == null || reservation.status() != status) {
                return false;
            }
            byId.put(reservationId, reservation.withNotifiedAt(at));
            claims.remove(reservationId);
            return true;
        }
    }

    @Override
    public int notificationAttempts(String reservationId) {
        synchronized (sejours.lock) {
            NotificationState state = notificationStates.get(reservationId);
            return state == null ? 0 : state.attempts();
        }
    }

    @Override
    public boolean recordNotificationFailure(NotificationFailure failure) {
        synchronized (sejours.lock) {
            Reservation reservation = byId.get(failure.reservationId());
            if (reservation == null || reservation.status() != failure.status() || reservation.notifiedAt() != null
                    || failed(reservation.id()) || notificationAttempts(reservation.id()) != failure.attempt() - 1) {
                return false;
            }
            notificationStates.put(reservation.id(), new NotificationState(failure.attempt(),
                    failure.isFinal() ? failure.at() : null, failure.error()));
            if (failure.isFinal()) {
                claims.remove(reservation.id());
            } else {
                claims.put(reservation.id(), failure.retryAt());
            }
            return true;
        }
    }

    @Override
    public List<FailedNotification> findFailedNotifications(int limit) {
        synchronized (sejours.lock) {
            return byId.values().stream()
                    .filter(r -> failed(r.id()))
                    .map(r -> {
                        // failed(id): its state is there, with a failure time.
                        NotificationState state = Objects.requireNonNull(notificationStates.get(r.id()));
                        return new FailedNotification(r, state.attempts(), Objects.requireNonNull(state.failedAt()),
                                state.lastError());
                    })
                    .sorted(Comparator.comparing(FailedNotification::failedAt)
                            .thenComparing(f -> f.reservation().id()))
                    .limit(limit)
                    .toList();
        }
    }

    @Override
    public int countFailedNotifications() {
        synchronized (sejours.lock) {
            return (int) byId.keySet().stream().filter(this::failed).count();
        }
    }

    @Override
    public boolean retryFailedNotification(String reservationId) {
        synchronized (sejours.lock) {
            if (!failed(reservationId)) {
                return false;
            }
            notificationStates.remove(reservationId);
            claims.remove(reservationId);
            return true;
        }
    }

    /** Places of the séjour held by pending reservations and taken by paid ones. */
    @Override
    public PlacesCount countPlaces(String sejourSlug) {
        synchronized (sejours.lock) {
            int held = 0;
            int paid = 0;
            for (Reservation r : byId.values()) {
                if (r.sejourSlug().equals(sejourSlug)) {
                    held += r.status() == ReservationStatus.PENDING ? r.places() : 0;
                    paid += r.status() == ReservationStatus.PAID ? r.places() : 0;
                }
            }
            return new PlacesCount(held, paid);
        }
    }

    /** Every reservation, in insertion order: for assertions in tests. */
    public List<Reservation> findAll() {
        synchronized (sejours.lock) {
            return List.copyOf(byId.values());
        }
    }

    private Optional<Reservation> find(Predicate<Reservation> predicate) {
        synchronized (sejours.lock) {
            return byId.values().stream().filter(predicate).findFirst();
        }
    }

    private boolean failed(String reservationId) {
        NotificationState state = notificationStates.get(reservationId);
        return state != null && state.failedAt() != null;
    }

    private boolean claimed(String reservationId, Instant now) {
        Instant until = claims.get(reservationId);
        return until != null && until.isAfter(now);
    }

    private static boolean notifiable(ReservationStatus status) {
        return status == ReservationStatus.PAID || status == ReservationStatus.REFUNDED;
    }

    @Override
    public List<Reservation> findBySejour(String sejourSlug, @Nullable ReservationStatus status,
                                          @Nullable ReservationCursor after,
                                          int limit) {
        synchronized (sejours.lock) {
            return byId.values().stream()
                    .filter(r -> r.sejourSlug().equals(sejourSlug))
                    .filter(r -> status == null || r.status() == status)
                    .filter(r -> after == null || after.precedes(r))
                    .sorted(Comparator.comparing(Reservation::createdAt).thenComparing(Reservation::id))
                    .limit(limit)
                    .toList();
        }
    }

    @Override
    public boolean recordDispute(String reservationId, Dispute dispute, @Nullable Instant noticeDueAt) {
        Objects.requireNonNull(dispute, "dispute");
        synchronized (sejours.lock) {
            Reservation r = byId.get(reservationId);
            if (r == null || (r.dispute() != null && !r.dispute().isOvertakenBy(dispute))) {
                return false;
            }
            byId.put(reservationId, r.withDispute(dispute));
            if (noticeDueAt == null) {
                disputeNotices.remove(reservationId);
            } else {
                disputeNotices.put(reservationId, new DisputeNotice(noticeDueAt, 0));
            }
            return true;
        }
    }

    @Override
    public List<Reservation> findDisputeNoticesDue(Instant now, int limit) {
        synchronized (sejours.lock) {
            return disputeNotices.entrySet().stream()
                    .filter(e -> !e.getValue().dueAt().isAfter(now))
                    .sorted(Map.Entry.<String, DisputeNotice>comparingByValue(
                            Comparator.comparing(DisputeNotice::dueAt)).thenComparing(Map.Entry.comparingByKey()))
                    .limit(limit)
                    .map(e -> byId.get(e.getKey()))
                    .toList();
        }
    }

    @Override
    public boolean claimDisputeNotice(String reservationId, String disputeStatus, Instant now, Instant until) {
        synchronized (sejours.lock) {
            DisputeNotice notice = disputeNotices.get(reservationId);
            if (notice == null || notice.dueAt().isAfter(now) || !hasDisputeStatus(reservationId, disputeStatus)) {
                return false;
            }
            disputeNotices.put(reservationId, new DisputeNotice(until, notice.attempts()));
            return true;
        }
    }

    @Override
    public boolean finishDisputeNotice(String reservationId, String disputeStatus, int attempts,
                                       @Nullable Instant retryAt) {
        synchronized (sejours.lock) {
            if (!disputeNotices.containsKey(reservationId) || !hasDisputeStatus(reservationId, disputeStatus)) {
                return false;
            }
            if (retryAt == null) {
                disputeNotices.remove(reservationId);
            } else {
                disputeNotices.put(reservationId, new DisputeNotice(retryAt, attempts));
            }
            return true;
        }
    }

    @Override
    public int disputeNoticeAttempts(String reservationId) {
        synchronized (sejours.lock) {
            DisputeNotice notice = disputeNotices.get(reservationId);
            return notice == null ? 0 : notice.attempts();
        }
    }

    private boolean hasDisputeStatus(String reservationId, String disputeStatus) {
        Reservation r = byId.get(reservationId);
        return r != null && r.dispute() != null && r.dispute().status().equals(disputeStatus);
    }

    /** {@inheritDoc} Here: one loop over the reservations under the lock, a consistent snapshot. */
    @Override
    public Map<ReservationStatus, StatusCount> countBySejour(String sejourSlug) {
        Objects.requireNonNull(sejourSlug, "sejourSlug");
        synchronized (sejours.lock) {
            Map<ReservationStatus, StatusCount> counts = new java.util.EnumMap<>(ReservationStatus.class);
            for (Reservation r : byId.values()) {
                if (r.sejourSlug().equals(sejourSlug)) {
                    counts.merge(r.status(), new StatusCount(1, r.places()),
                            (a, b) -> new StatusCount(a.reservations() + b.reservations(), a.places() + b.places()));
                }
            }
            return counts;
        }
    }
}
