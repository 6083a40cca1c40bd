package dev.sejour.booking.testkit.stripe;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A refund the simulator made, through {@code POST /v1/refunds} or
 * {@link StripeSimulator#refundFromDashboard(String)}.
 *
 * @param id              {@code re_…}
 * @param amount          refunded amount in minor units
 * @param currency        lower-case ISO code
 * @param paymentIntentId the refunded payment intent
 * @param chargeId        its charge
 * @param sessionId       the Checkout Session that created the payment intent
 * @param status          always {@code succeeded}: the simulator refunds at once
 * @param reason          as sent, or null
 * @param metadata        as sent
 * @param created         by the simulator's clock
 * @param fromDashboard   true when made by {@link StripeSimulator#refundFromDashboard}, not the API
 */
public record SimulatedRefund(
        String id,
        long amount,
        String currency,
        String paymentIntentId,
        String chargeId,
        String sessionId,
        String status,
        @Nullable String reason,
        Map<String, String> metadata,
        Instant created,
        boolean fromDashboard) {

    public SimulatedRefund {
        metadata = Map.copyOf(metadata);
    }
}
