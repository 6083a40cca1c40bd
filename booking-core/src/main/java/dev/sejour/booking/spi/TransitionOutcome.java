package dev.sejour.booking.spi;

/** What {@link ReservationStore#transition} did. */
public enum TransitionOutcome {
    /** The status moved and the places changed, together. */
    APPLIED,
    /** The reservation was not in the expected status (someone else moved it first); nothing changed. */
    STALE,
    /** The transition takes places and too few are left; nothing changed. */
    NOT_ENOUGH_PLACES,
    /** No reservation has that id; nothing changed. */
    NOT_FOUND
}
