package dev.sejour.booking;

/**
 * What one run of {@link BookingService#releaseExpiredHolds} did.
 *
 * @param released holds whose places went back on sale
 * @param fulfilled holds found paid at Stripe (a lost webhook) and fulfilled instead
 * @param deferred holds left for a later run (Stripe unreachable, or a delayed payment still processing)
 * @param repaired partial writes repaired by the store
 */
public record SweepReport(int released, int fulfilled, int deferred, int repaired) {
}
