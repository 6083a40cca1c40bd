package dev.sejour.booking.spi;

import dev.sejour.booking.Reservation;
import java.time.Instant;
import java.util.Objects;

/**
 * A notification given up on (a dead letter): its buyer was never told. Kept until the organiser
 * re-triggers it ({@link NotificationOutbox#retryFailedNotification}) or the reservation moves on.
 *
 * @param reservation the reservation, in the status the notification was about
 * @param attempts how many attempts were made
 * @param failedAt when it was given up
 * @param lastError the last attempt's error, at most {@link NotificationFailure#MAX_ERROR_LENGTH} characters
 */
public record FailedNotification(Reservation reservation, int attempts, Instant failedAt, String lastError) {

    public FailedNotification {
        Objects.requireNonNull(reservation, "reservation");
        Objects.requireNonNull(failedAt, "failedAt");
    }
}
