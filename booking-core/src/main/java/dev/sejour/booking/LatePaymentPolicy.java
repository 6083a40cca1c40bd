package dev.sejour.booking;

/**
 * What to do with a payment that arrives after its hold was released (the buyer paid in the last second,
 * or the webhook came after the sweeper). Money is never kept for a place that was not given.
 */
public enum LatePaymentPolicy {
    /** Take the places again if enough are left; otherwise refund automatically. The default. */
    TAKE_PLACES_IF_AVAILABLE,
    /** Always refund: places once released stay with whoever took them. */
    ALWAYS_REFUND
}
