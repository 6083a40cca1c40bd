package dev.sejour.booking.spi;

import dev.sejour.booking.ReservationStatus;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A failed attempt at notifying a reservation's buyer, as {@link NotificationOutbox#recordNotificationFailure}
 * records it.
 *
 * @param reservationId the reservation whose notification failed
 * @param status the status the notification was about; nothing is recorded if the reservation moved on
 * @param attempt the number of this attempt, from 1; recorded only if the store has {@code attempt - 1}
 *     (a compare-and-set: two instances never both count the same attempt)
 * @param at when the attempt failed
 * @param retryAt when the next attempt is due; null to fail the notification now (a dead letter: the last
 *     attempt, or a permanent failure)
 * @param error what went wrong, for the organiser; cut here to {@link #MAX_ERROR_LENGTH} characters
 */
public record NotificationFailure(
        String reservationId,
        ReservationStatus status,
        int attempt,
        Instant at,
        @Nullable Instant retryAt,
        String error) {

    /** Characters of the error text a store keeps; longer texts are cut here. */
    public static final int MAX_ERROR_LENGTH = 500;

    public NotificationFailure {
        Objects.requireNonNull(reservationId, "reservationId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt counts from 1: " + attempt);
        }
        error = error == null || error.isBlank() ? "unknown error" : error;
        if (error.length() > MAX_ERROR_LENGTH) {
            // Never cut a surrogate pair in two: some databases refuse half a character.
            int end = Character.isHighSurrogate(error.charAt(MAX_ERROR_LENGTH - 2)) ? MAX_ERROR_LENGTH - 2
                    : MAX_ERROR_LENGTH - 1;
            error = error.substring(0, end) + "…";
        }
    }

    /** Whether this failure ends the retries (the notification becomes a dead letter). */
    public boolean isFinal() {
        return retryAt == null;
    }
}
