package dev.sejour.booking.testkit.stripe;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A payment intent and its charge, created when a buyer pays a session; guarded by
 * {@link SimulatorState}'s lock.
 */
final class PaymentState {

    final String paymentIntentId;
    final String sessionId;
    final long amount;
    final String currency;
    final Map<String, String> metadata;
    final boolean livemode;
    /** {@code processing}, {@code succeeded} or {@code requires_payment_method}. */
    String status;
    /** Null until the money moved. */
    String chargeId;
    Instant chargeCreated;
    long amountRefunded;

    PaymentState(String paymentIntentId, String sessionId, long amount, String currency,
            Map<String, String> metadata, boolean livemode, String status) {
        this.paymentIntentId = paymentIntentId;
        this.sessionId = sessionId;
        this.amount = amount;
        this.currency = currency;
        this.metadata = metadata;
        this.livemode = livemode;
        this.status = status;
    }

    void succeed(Instant now) {
        status = "succeeded";
        chargeId = Ids.next("ch_");
        chargeCreated = now;
    }

    long refundable() {
        return amount - amountRefunded;
    }

    Map<String, Object> chargeJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", chargeId);
        m.put("object", "charge");
        m.put("amount", amount);
        m.put("amount_captured", amount);
        m.put("amount_refunded", amountRefunded);
        m.put("captured", true);
        m.put("created", chargeCreated.getEpochSecond());
        m.put("currency", currency);
        m.put("livemode", livemode);
        // Stripe copies the payment intent's metadata onto the charge it creates.
        m.put("metadata", metadata);
        m.put("paid", true);
        m.put("payment_intent", paymentIntentId);
        m.put("refunded", amountRefunded >= amount);
        m.put("status", "succeeded");
        return m;
    }
}
