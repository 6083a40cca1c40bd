package dev.sejour.booking;

import dev.sejour.booking.spi.Notification;
import dev.sejour.booking.spi.NotificationException;
import dev.sejour.booking.spi.Notifier;
import dev.sejour.booking.spi.ReservationStore;
import dev.sejour.booking.spi.SejourStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells buyers what happened, at least once and normally exactly once: a claim in the store makes
 * concurrent deliveries of one event send one message, {@code notifiedAt} makes later ones send none, and
 * a failure (or a crash, once the claim lapses) leaves the notification due for a retry.
 */
final class NotificationDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);

    private final ReservationStore reservations;
    private final SejourStore sejours;
    private final Notifier notifier;
    private final Clock clock;
    private final Duration claimDuration;

    NotificationDispatcher(ReservationStore reservations, SejourStore sejours, Notifier notifier, Clock clock,
                           Duration claimDuration) {
        this.reservations = reservations;
        this.sejours = sejours;
        this.notifier = notifier;
        this.clock = clock;
        this.claimDuration = claimDuration;
    }

    /**
     * Notifies the buyer of the reservation's status if that is due and nobody else is doing it.
     *
     * @return true if a notification was delivered now
     */
    boolean notifyIfDue(Reservation reservation) {
        if (!needsNotification(reservation.status()) || reservation.notifiedAt() != null) {
            return false;
        }
        Instant now = clock.instant();
        if (!reservations.claimNotification(reservation.id(), reservation.status(), now, now.plus(claimDuration))) {
            return false;
        }
        return deliverClaimed(reservation);
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
     * Delivers the notification of a reservation whose claim the caller holds (taken with its transition,
     * which saves the store a write), then records it.
     *
     * @return true if the notification was delivered now
     */
    boolean deliverClaimed(Reservation reservation) {
        Optional<Notification.Kind> kind = kindFor(reservation.status());
        if (kind.isEmpty()) {
            return false;
        }
        String title = sejours.findBySlug(reservation.sejourSlug()).map(Sejour::title).orElse(reservation.sejourSlug());
        try {
            notifier.notify(new Notification(kind.get(), reservation, title));
        } catch (NotificationException e) {
            if (e.permanent()) {
                LOG.error("Giving up notifying reservation {} ({}): {}", reservation.id(), kind.get(), e.getMessage());
                reservations.markNotified(reservation.id(), reservation.status(), clock.instant());
            } else {
                LOG.warn("Notifying reservation {} ({}) failed, will retry: {}", reservation.id(), kind.get(),
                        e.getMessage());
                reservations.releaseNotificationClaim(reservation.id());
            }
            return false;
        } catch (RuntimeException e) {
            LOG.warn("Notifier failed for reservation {} ({}), will retry", reservation.id(), kind.get(), e);
            reservations.releaseNotificationClaim(reservation.id());
            return false;
        }
        reservations.markNotified(reservation.id(), reservation.status(), clock.instant());
        LOG.info("Notified reservation {} ({})", reservation.id(), kind.get());
        return true;
    }

    /** Retries every due notification; answers how many were delivered. */
    int retryDue(int batchSize) {
        int delivered = 0;
        List<Reservation> due = reservations.findNotificationsDue(clock.instant(), batchSize);
        for (Reservation reservation : due) {
            try {
                if (notifyIfDue(reservation)) {
                    delivered++;
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not retry the notification of reservation {}", reservation.id(), e);
            }
        }
        return delivered;
    }

    private static Optional<Notification.Kind> kindFor(ReservationStatus status) {
        return switch (status) {
            case PAID -> Optional.of(Notification.Kind.CONFIRMATION);
            case REFUNDED -> Optional.of(Notification.Kind.REFUND);
            default -> Optional.empty();
        };
    }
}
