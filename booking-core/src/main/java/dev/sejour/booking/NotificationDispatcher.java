package dev.sejour.booking;

import dev.sejour.booking.spi.DeliveredNotification;
import dev.sejour.booking.spi.Notification;
import dev.sejour.booking.spi.NotificationException;
import dev.sejour.booking.spi.NotificationFailure;
import dev.sejour.booking.spi.Notifier;
import dev.sejour.booking.spi.NotificationOutbox;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.SejourStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Tells buyers what happened, outside the requests that changed their reservation: an outbox in the store.
 *
 * <p>The transition that makes a notification due also claims it (one write); its winner hands the
 * reservation to a small pool of threads with a bounded queue and returns. A claim in the store makes
 * concurrent deliveries of one event send one message across instances, {@code notifiedAt} makes later ones
 * send none. A failed attempt is recorded with its backoff (the claim becomes the next attempt's time); the
 * last one, or a permanent failure, fails the notification (a dead letter the organiser can re-trigger).
 * Whatever the pool could not take (queue full, closed, a crash, a restart) stays due in the store, and the
 * sweep ({@link #sweep}) hands it over later. At least once, normally exactly once.
 */
final class NotificationDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);
    private static final int MAX_RECORD_BATCH = 200;

    private final NotificationOutbox reservations;
    private final ReservationStore store;
    private final SejourStore sejours;
    private final Notifier notifier;
    private final Clock clock;
    private final Duration claimDuration;
    private final NotificationBackoff backoff;
    private final Duration shutdownTimeout;
    private final ThreadPoolExecutor executor;
    // Handed over and not finished; counted here because the pool's own counts miss a task whose new
    // thread has not started it yet.
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Queue<DeliveredNotification> delivered = new ConcurrentLinkedQueue<>();
    private final ReentrantLock recording = new ReentrantLock();
    private final AtomicLong lastQueueFullWarning = new AtomicLong(Long.MIN_VALUE);

    NotificationDispatcher(NotificationOutbox reservations, ReservationStore store, SejourStore sejours, Notifier notifier, Clock clock,
                           Duration claimDuration, NotificationBackoff backoff, int threads, int queueCapacity,
                           Duration shutdownTimeout) {
        this.reservations = reservations;
        this.store = store;
        this.sejours = sejours;
        this.notifier = notifier;
        this.clock = clock;
        this.claimDuration = claimDuration;
        this.backoff = backoff;
        this.shutdownTimeout = shutdownTimeout;
        // Fixed size, bounded queue, abort when full: a burst of payments never grows threads or memory;
        // what does not fit stays due in the store. Idle threads end, so an idle service holds none.
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity), new NamedDaemonThreads(), new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
    }

    /** Whether a reservation reaching this status must be told; its transition then takes the claim. */
    static boolean needsNotification(ReservationStatus status) {
        return kindFor(status).isPresent();
    }

    /** Until when a claim taken now lasts. */
    Instant claimUntil() {
        return clock.instant().plus(claimDuration);
    }

    /**
     * Hands the notification of a reservation whose claim the caller holds (taken with its transition) to
     * the delivery threads, and returns at once.
     *
     * @return false if the threads could not take it (queue full, closed): it was left due for the sweep
     */
    boolean submitClaimed(Reservation reservation) {
        if (!needsNotification(reservation.status())) {
            return false;
        }
        inFlight.incrementAndGet();
        try {
            executor.execute(new Delivery(reservation, clock.instant().plus(claimDuration), "notification",
                    this::deliver, true));
            return true;
        } catch (RejectedExecutionException full) {
            inFlight.decrementAndGet();
            if (executor.isShutdown()) {
                LOG.info("Notification of reservation {} left due for the next start: the service is closed",
                        reservation.id());
                releaseQuietly(reservation.id());
            } else {
                // No write here: this runs in the request, and the request path stays one commit even when
                // the queue overflows. The claim lapses and the sweep sends it then.
                warnQueueFull();
            }
            return false;
        }
    }

    private void warnQueueFull() {
        long now = System.nanoTime();
        long last = lastQueueFullWarning.get();
        if ((last == Long.MIN_VALUE || now - last > TimeUnit.MINUTES.toNanos(1))
                && lastQueueFullWarning.compareAndSet(last, now)) {
            LOG.warn("The notification queue is full ({} waiting): notifications wait in the store until their"
                    + " claim ends ({}), then the sweep sends them", executor.getQueue().size(), claimDuration);
        }
    }

    /**
     * Claims the reservation's notification if it is due and nobody else holds it, and hands it over.
     *
     * @return true if it was handed to the delivery threads
     */
    boolean submitIfDue(Reservation reservation) {
        if (!needsNotification(reservation.status()) || reservation.notifiedAt() != null) {
            return false;
        }
        Instant now = clock.instant();
        if (!reservations.claimNotification(reservation.id(), reservation.status(), now, now.plus(claimDuration))) {
            return false;
        }
        return submitClaimed(reservation);
    }

    /**
     * Hands every due notification (at most {@code batchSize}, and no more than the queue has room for) to
     * the delivery threads; those not yet due (backing off) wait.
     *
     * @return how many were handed over
     */
    int sweep(int batchSize) {
        int room = Math.min(batchSize, executor.getQueue().remainingCapacity());
        if (room <= 0 || executor.isShutdown()) {
            return 0;
        }
        int handed = 0;
        for (Reservation reservation : reservations.findNotificationsDue(clock.instant(), room)) {
            try {
                if (submitIfDue(reservation)) {
                    handed++;
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not hand over the notification of reservation {}: {}", reservation.id(), e.toString());
            }
        }
        room = Math.min(batchSize - handed, executor.getQueue().remainingCapacity());
        if (room <= 0 || !notifier.notifiesOrganiser()) {
            return handed;
        }
        for (Reservation reservation : reservations.findDisputeNoticesDue(clock.instant(), room)) {
            try {
                if (submitDisputeNotice(reservation)) {
                    handed++;
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not hand over the dispute notice of reservation {}: {}", reservation.id(),
                        e.toString());
            }
        }
        return handed;
    }

    /** Whether the notifier can tell the organiser (of disputes). */
    boolean notifiesOrganiser() {
        return notifier.notifiesOrganiser();
    }

    /**
     * Claims the organiser's notice of the reservation's dispute (in the state the reservation shows) if it
     * is due, and hands it to the delivery threads.
     *
     * @return true if it was handed over
     */
    boolean submitDisputeNotice(Reservation reservation) {
        Dispute dispute = reservation.dispute();
        if (dispute == null) {
            return false;
        }
        Instant now = clock.instant();
        Instant until = now.plus(claimDuration);
        if (!reservations.claimDisputeNotice(reservation.id(), dispute.status(), now, until)) {
            return false;
        }
        inFlight.incrementAndGet();
        try {
            executor.execute(new Delivery(reservation, until, "dispute notice", this::deliverDisputeNotice, false));
            return true;
        } catch (RejectedExecutionException full) {
            // Its claim lapses and the sweep sends it then.
            inFlight.decrementAndGet();
            if (!executor.isShutdown()) {
                warnQueueFull();
            }
            return false;
        }
    }

    /** Notifications handed over and not yet finished (queued or being delivered). */
    int inFlight() {
        return inFlight.get();
    }

    /**
     * Stops taking notifications; lets the deliveries under way finish for up to the shutdown timeout.
     * Those still queued are released, so that the next start (or another instance) sends them at once.
     */
    @Override
    public void close() {
        if (executor.isShutdown()) {
            return;
        }
        List<Runnable> queued = new ArrayList<>();
        executor.getQueue().drainTo(queued);
        executor.shutdown();
        for (Runnable task : queued) {
            inFlight.decrementAndGet();
            if (task instanceof Delivery delivery && delivery.releasedAtClose) {
                releaseQuietly(delivery.reservation.id());
            }
            // A dispute notice's claim lapses by itself: it is due again then.
        }
        try {
            if (!executor.awaitTermination(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} notification(s) still being delivered after {}; they stay claimed until their claim"
                        + " ends, then are sent again", executor.getActiveCount(), shutdownTimeout);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
        if (!queued.isEmpty()) {
            LOG.info("{} queued notification(s) left due for the next start", queued.size());
        }
    }

    /**
     * Sends a notification delivered before once more, on the caller's thread, recording nothing: the
     * organiser asked for it and sees the outcome.
     *
     * @throws NotificationException the notifier failed
     */
    void sendAgain(Reservation reservation) {
        Notification.Kind kind = kindFor(reservation.status()).orElseThrow();
        String title = sejours.findBySlug(reservation.sejourSlug()).map(Sejour::title).orElse(reservation.sejourSlug());
        notifier.notify(new Notification(kind, reservation, title));
    }

    private void deliver(Reservation reservation) {
        Notification.Kind kind = kindFor(reservation.status()).orElseThrow();
        if (overtaken(reservation)) {
            // A confirmation queued behind a refund would reach the buyer after their money went back: the
            // new status took its own claim and is told on its own.
            LOG.info("Notification of reservation {} ({}) not sent: the reservation moved on", reservation.id(),
                    kind);
            return;
        }
        try {
            String title = sejours.findBySlug(reservation.sejourSlug()).map(Sejour::title)
                    .orElse(reservation.sejourSlug());
            notifier.notify(new Notification(kind, reservation, title));
        } catch (NotificationException e) {
            failed(reservation, kind, Objects.requireNonNullElse(e.getMessage(), e.toString()), e.permanent(), null);
            return;
        } catch (RuntimeException e) {
            failed(reservation, kind, e.toString(), false, e);
            return;
        }
        LOG.info("Notified reservation {} ({})", reservation.id(), kind);
        delivered.add(new DeliveredNotification(reservation.id(), reservation.status(), clock.instant()));
        recordDelivered();
    }

    /** Whether the reservation left the status this notification is about while it waited in the queue. */
    private boolean overtaken(Reservation reservation) {
        return store.findById(reservation.id())
                .map(now -> now.status() != reservation.status())
                .orElse(false);
    }

    /**
     * Records what was delivered, batched: the thread that gets the lock writes everything delivered so far
     * in one call, the others leave theirs to it. A burst of confirmations then costs a few commits, not one
     * each. The holder looks again after letting go, so nothing added meanwhile is left behind.
     */
    private void recordDelivered() {
        while (!delivered.isEmpty() && recording.tryLock()) {
            List<DeliveredNotification> batch = new ArrayList<>();
            try {
                for (DeliveredNotification d; batch.size() < MAX_RECORD_BATCH && (d = delivered.poll()) != null; ) {
                    batch.add(d);
                }
                reservations.markAllNotified(batch);
            } catch (RuntimeException e) {
                LOG.warn("{} notification(s) delivered but not recorded: they may be sent again once their claim"
                        + " ends: {}", batch.size(), e.toString());
            } finally {
                recording.unlock();
            }
        }
    }

    /** Records the failed attempt with its backoff, or the dead letter; one log line per attempt. */
    private void failed(Reservation reservation, Notification.Kind kind, String error, boolean permanent,
                        @Nullable RuntimeException unexpected) {
        try {
            int attempt = reservations.notificationAttempts(reservation.id()) + 1;
            Instant now = clock.instant();
            boolean last = permanent || !backoff.allowsAnotherAfter(attempt);
            Instant retryAt = last ? null : now.plus(backoff.delayAfter(attempt));
            NotificationFailure failure = new NotificationFailure(reservation.id(), reservation.status(), attempt,
                    now, retryAt, error);
            if (!reservations.recordNotificationFailure(failure)) {
                LOG.info("Notifying reservation {} ({}) failed, and it changed meanwhile: {}", reservation.id(), kind,
                        error);
            } else if (permanent) {
                LOG.error("Notification of reservation {} ({}) failed for good: {}", reservation.id(), kind, error);
            } else if (last) {
                LOG.error("Notification of reservation {} ({}) failed after {} attempts, given up (a failed"
                        + " notification the organiser can retry): {}", reservation.id(), kind, attempt, error);
            } else if (unexpected != null && attempt == 1) {
                // A notifier bug, not a delivery failure: its stack trace once, not at every retry.
                LOG.warn("Notifier failed for reservation {} ({}), attempt {} of {}, next at {}", reservation.id(),
                        kind, attempt, backoff.maxAttempts(), retryAt, unexpected);
            } else {
                LOG.warn("Notifying reservation {} ({}) failed, attempt {} of {}, next at {}: {}", reservation.id(),
                        kind, attempt, backoff.maxAttempts(), retryAt, error);
            }
        } catch (RuntimeException storeDown) {
            LOG.warn("Notifying reservation {} ({}) failed ({}), and the failure could not be recorded; it is"
                    + " tried again once its claim ends: {}", reservation.id(), kind, error, storeDown.toString());
        }
    }

    /** Tells the organiser of a dispute; a failure is retried with the same backoff as the buyer's messages. */
    private void deliverDisputeNotice(Reservation reservation) {
        // submitDisputeNotice hands over only a reservation with a dispute.
        Dispute dispute = Objects.requireNonNull(reservation.dispute());
        Notification.Kind kind = dispute.closed() ? Notification.Kind.DISPUTE_CLOSED : Notification.Kind.DISPUTE_OPENED;
        String error;
        boolean permanent;
        try {
            String title = sejours.findBySlug(reservation.sejourSlug()).map(Sejour::title)
                    .orElse(reservation.sejourSlug());
            notifier.notify(new Notification(kind, reservation, title));
            reservations.finishDisputeNotice(reservation.id(), dispute.status(),
                    reservations.disputeNoticeAttempts(reservation.id()), null);
            LOG.info("Organiser told of dispute {} of reservation {} ({})", dispute.id(), reservation.id(),
                    dispute.status());
            return;
        } catch (NotificationException e) {
            error = e.getMessage();
            permanent = e.permanent();
        } catch (RuntimeException e) {
            error = e.toString();
            permanent = false;
        }
        try {
            int attempt = reservations.disputeNoticeAttempts(reservation.id()) + 1;
            boolean last = permanent || !backoff.allowsAnotherAfter(attempt);
            Instant retryAt = last ? null : clock.instant().plus(backoff.delayAfter(attempt));
            if (!reservations.finishDisputeNotice(reservation.id(), dispute.status(), attempt, retryAt)) {
                LOG.info("Telling the organiser of dispute {} ({}) failed, and it moved on meanwhile: {}",
                        dispute.id(), dispute.status(), error);
            } else if (last) {
                LOG.error("The organiser's notice of dispute {} of reservation {} ({}) failed after {} attempt(s),"
                        + " given up: {}", dispute.id(), reservation.id(), dispute.status(), attempt, error);
            } else {
                LOG.warn("Telling the organiser of dispute {} of reservation {} ({}) failed, attempt {} of {},"
                        + " next at {}: {}", dispute.id(), reservation.id(), dispute.status(), attempt,
                        backoff.maxAttempts(), retryAt, error);
            }
        } catch (RuntimeException storeDown) {
            LOG.warn("Telling the organiser of dispute {} failed ({}), and the failure could not be recorded; it is"
                    + " tried again once its claim ends: {}", dispute.id(), error, storeDown.toString());
        }
    }

    private void releaseQuietly(String reservationId) {
        try {
            reservations.releaseNotificationClaim(reservationId);
        } catch (RuntimeException e) {
            // The claim ends by itself: the notification is due again then.
            LOG.debug("Could not release the notification claim of reservation {}", reservationId, e);
        }
    }

    private static Optional<Notification.Kind> kindFor(ReservationStatus status) {
        return switch (status) {
            case PAID -> Optional.of(Notification.Kind.CONFIRMATION);
            case REFUNDED -> Optional.of(Notification.Kind.REFUND);
            default -> Optional.empty();
        };
    }

    /**
     * One message to deliver: a buyer's notification, or an organiser's dispute notice. The reservation is
     * kept so that a buyer's notification still queued at close can be released.
     */
    private final class Delivery implements Runnable {

        private final Reservation reservation;
        private final Instant claimedUntil;
        private final String what;
        private final Consumer<Reservation> send;
        private final boolean releasedAtClose;

        Delivery(Reservation reservation, Instant claimedUntil, String what, Consumer<Reservation> send,
                 boolean releasedAtClose) {
            this.reservation = reservation;
            this.claimedUntil = claimedUntil;
            this.what = what;
            this.send = send;
            this.releasedAtClose = releasedAtClose;
        }

        @Override
        public void run() {
            // Log lines of the delivery (here, in the stores, in the notifier) name the reservation.
            MDC.put("reservationId", reservation.id());
            try {
                if (clock.instant().isAfter(claimedUntil.minus(claimDuration.dividedBy(2)))) {
                    // Waited in the queue for half its claim: another instance may take it over while it is
                    // being sent. Leave it to the sweep once the claim ends rather than risk two emails.
                    LOG.info("The {} of reservation {} waited too long in the queue; left for the sweep", what,
                            reservation.id());
                    return;
                }
                send.accept(reservation);
            } catch (RuntimeException e) {
                LOG.error("Delivery of the {} of reservation {} failed unexpectedly", what, reservation.id(), e);
            } finally {
                MDC.remove("reservationId");
                inFlight.decrementAndGet();
            }
        }
    }

    private static final class NamedDaemonThreads implements ThreadFactory {

        private static final AtomicInteger POOLS = new AtomicInteger();
        private final int pool = POOLS.incrementAndGet();
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            // Daemon: an application that forgets close() can still exit; what was not sent stays due.
            Thread thread = new Thread(r, "booking-notifications-" + pool + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
