package dev.sejour.booking.spi;

/** What {@link ReservationStore#transition} did. */
public enum TransitionOutcome {
    /** The status moved and the places changed, together. */
    APPLIED,
    /**
     * The reservation was not in the expected status (someone else moved it first), or another change of
     * it is still in progress in a store that cannot make it one atomic write; nothing changed. The
     * caller re-reads the reservation and decides again. A stale transition is stale even when it would
     * also have lacked places.
     */
    STALE,
    /** The transition takes places and too few are left; nothing changed. */
    NOT_ENOUGH_PLACES,
    /** No reservation has that id; nothing changed. */
    NOT_FOUND
}
