package dev.sejour.booking.spi;

import dev.sejour.booking.Reservation;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a page of {@link ReservationStore#findBySejour} ends: the next page starts after the reservation
 * created at {@code createdAt} with id {@code id} (ordered by creation time, then id).
 *
 * @param createdAt creation time of the last reservation seen
 * @param id its id
 */
public record ReservationCursor(Instant createdAt, String id) {

    public ReservationCursor {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(id, "id");
    }

    /** The cursor just after {@code reservation}. */
    public static ReservationCursor after(Reservation reservation) {
        return new ReservationCursor(reservation.createdAt(), reservation.id());
    }

    /** Whether {@code reservation} comes after this cursor in the paging order. */
    public boolean precedes(Reservation reservation) {
        int byTime = reservation.createdAt().compareTo(createdAt);
        return byTime > 0 || (byTime == 0 && reservation.id().compareTo(id) > 0);
    }
}
