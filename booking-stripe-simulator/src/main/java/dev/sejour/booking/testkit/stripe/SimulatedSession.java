package dev.sejour.booking.testkit.stripe;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An immutable snapshot of a Checkout Session held by {@link StripeSimulator}, taken when it was
 * asked for; later payments or expiry do not change it.
 *
 * @param id             {@code cs_test_…} or {@code cs_live_…}
 * @param status         {@code open}, {@code complete} or {@code expired}
 * @param paymentStatus  {@code unpaid}, {@code paid} or {@code no_payment_required}
 * @param amountTotal    sum of unit amount × quantity, in minor units
 * @param currency       lower-case ISO code
 * @param metadata       the session's metadata
 * @param clientReferenceId as sent, or null
 * @param customerEmail  as sent, or null
 * @param paymentIntentId {@code pi_…} once the buyer paid (or started a delayed payment), else null
 * @param expiresAt      when Stripe would expire the session
 * @param successUrl     as sent, with {@code {CHECKOUT_SESSION_ID}} not yet replaced
 * @param cancelUrl      as sent, or null
 * @param url            the hosted page while open, else null
 * @param livemode       true when created with a live key
 * @param adaptivePricing false when created with {@code adaptive_pricing[enabled]=false}
 * @param presentmentCurrency the buyer's currency when they paid in it (Adaptive Pricing), else null
 * @param presentmentAmount what the buyer paid in it, in its minor units; 0 when not
 */
public record SimulatedSession(
        String id,
        String status,
        String paymentStatus,
        long amountTotal,
        String currency,
        Map<String, String> metadata,
        @Nullable String clientReferenceId,
        @Nullable String customerEmail,
        @Nullable String paymentIntentId,
        Instant expiresAt,
        String successUrl,
        @Nullable String cancelUrl,
        @Nullable String url,
        boolean livemode,
        boolean adaptivePricing,
        @Nullable String presentmentCurrency,
        long presentmentAmount) {

    public SimulatedSession {
        metadata = Map.copyOf(metadata);
    }

    public boolean isOpen() {
        return "open".equals(status);
    }

    public boolean isPaid() {
        return "paid".equals(paymentStatus);
    }
}
