package dev.sejour.booking.spi;

/** What {@link ReservationStore#insertHold} did. */
public enum HoldOutcome {
    /** The places were taken and the pending reservation stored, together. */
    HELD,
    /** Fewer places are left than asked for; nothing changed. */
    NOT_ENOUGH_PLACES,
    /** No séjour has that slug; nothing changed. */
    SEJOUR_NOT_FOUND,
    /**
     * The buyer already has as many pending reservations as allowed ({@link ReservationStore#insertHold(
     * dev.sejour.booking.Reservation, int, String)}); nothing changed.
     */
    TOO_MANY_PENDING,
    /** The reservation to replace is no longer pending, or is another buyer's; nothing changed. */
    REPLACED_NOT_PENDING
}
