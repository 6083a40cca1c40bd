package dev.sejour.booking.spi;

/** What {@link ReservationStore#insertHold} did. */
public enum HoldOutcome {
    /** The places were taken and the pending reservation stored, together. */
    HELD,
    /** Fewer places are left than asked for; nothing changed. */
    NOT_ENOUGH_PLACES,
    /** No séjour has that slug; nothing changed. */
    SEJOUR_NOT_FOUND
}
