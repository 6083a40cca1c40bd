package dev.sejour.booking;

import java.time.Instant;

/**
 * A started checkout: places are held until {@link #expiresAt()} and the buyer pays at {@link #url()}.
 *
 * @param reservationId the pending reservation
 * @param stripeSessionId the Stripe Checkout Session ({@code cs_…})
 * @param url where to send the buyer
 * @param expiresAt when the hold ends (the session is expired at Stripe then)
 * @param resumed true when this is the buyer's earlier checkout for the same séjour and places, still open:
 *     nothing new was held and the buyer resumes paying where they left off
 */
public record CheckoutSession(String reservationId, String stripeSessionId, String url, Instant expiresAt,
                              boolean resumed) {

    /** A new checkout. */
    public CheckoutSession(String reservationId, String stripeSessionId, String url, Instant expiresAt) {
        this(reservationId, stripeSessionId, url, expiresAt, false);
    }
}
