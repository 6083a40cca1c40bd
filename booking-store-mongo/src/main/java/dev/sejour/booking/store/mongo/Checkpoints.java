package dev.sejour.booking.store.mongo;

/**
 * A seam between the writes of one operation, where tests simulate a crash (by throwing) or a stall (by
 * running something else, such as the repair). Production code uses {@link #NONE}.
 */
@FunctionalInterface
interface Checkpoints {

    /** The points at which an operation has done some of its writes and not all. */
    enum Point {
        /** insertHold took the places on the séjour; the reservation is not stored yet. */
        HOLD_TAKEN,
        /** insertHold stored the reservation; the séjour still lists the change. */
        RESERVATION_INSERTED,
        /** A transition recorded its change on the séjour (and took places if it takes some). */
        CHANGE_BEGUN,
        /** A transition moved the reservation; the séjour still lists the change (places not given back yet). */
        RESERVATION_MOVED
    }

    Checkpoints NONE = (point, reservationId) -> { };

    void reached(Point point, String reservationId);
}
