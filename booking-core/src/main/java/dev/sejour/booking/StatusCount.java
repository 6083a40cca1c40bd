package dev.sejour.booking;

/**
 * Reservations of one séjour in one status.
 *
 * @param reservations how many reservations
 * @param places how many places they hold or held
 */
public record StatusCount(int reservations, int places) {

    public static final StatusCount NONE = new StatusCount(0, 0);
}
