package dev.sejour.booking.spi;

import dev.sejour.booking.ReservationStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * A notification that reached its buyer, to record with {@link NotificationOutbox#markAllNotified}.
 *
 * @param reservationId the reservation
 * @param status the status the buyer was told of; recorded only if the reservation still has it
 * @param at when it was delivered
 */
public record DeliveredNotification(String reservationId, ReservationStatus status, Instant at) {

    public DeliveredNotification {
        Objects.requireNonNull(reservationId, "reservationId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(at, "at");
    }
}
