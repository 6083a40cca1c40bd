package dev.sejour.booking;

import java.time.Instant;

/**
 * A started checkout: places are held until {@link #expiresAt()} and the buyer pays at {@link #url()}.
 *
 * @param reservationId the pending reservation
 * @param stripeSessionId the Stripe Checkout Session ({@code cs_…})
 * @param url where to send the buyer
 * @param expiresAt when the hold and the session end
 */
public record CheckoutSession(String reservationId, String stripeSessionId, String url, Instant expiresAt) {
}
