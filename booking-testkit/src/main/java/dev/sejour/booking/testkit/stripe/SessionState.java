package dev.sejour.booking.testkit.stripe;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A Checkout Session's mutable state; guarded by {@link SimulatorState}'s lock. */
final class SessionState {

    final String id;
    final boolean livemode;
    final Instant created;
    final CheckoutSessionParams params;
    final String hostedUrl;
    String status = "open";
    String paymentStatus;
    String paymentIntentId;

    SessionState(String id, boolean livemode, Instant created, CheckoutSessionParams params,
            String hostedUrl) {
        this.id = id;
        this.livemode = livemode;
        this.created = created;
        this.params = params;
        this.hostedUrl = hostedUrl;
        this.paymentStatus = params.amountTotal() == 0 ? "no_payment_required" : "unpaid";
    }

    boolean isOpen() {
        return "open".equals(status);
    }

    String url() {
        return isOpen() ? hostedUrl : null;
    }

    /** The Checkout Session object, fields in Stripe's (alphabetical) order. */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("object", "checkout.session");
        m.put("amount_subtotal", params.amountTotal());
        m.put("amount_total", params.amountTotal());
        m.put("cancel_url", params.cancelUrl());
        m.put("client_reference_id", params.clientReferenceId());
        m.put("created", created.getEpochSecond());
        m.put("currency", params.currency());
        m.put("customer_details", "complete".equals(status) && params.customerEmail() != null
                ? Map.of("email", params.customerEmail()) : null);
        m.put("customer_email", params.customerEmail());
        m.put("expires_at", params.expiresAt().getEpochSecond());
        m.put("livemode", livemode);
        m.put("metadata", params.metadata());
        m.put("mode", params.mode());
        m.put("payment_intent", paymentIntentId);
        m.put("payment_status", paymentStatus);
        m.put("status", status);
        m.put("success_url", params.successUrl());
        m.put("ui_mode", "hosted");
        m.put("url", url());
        return m;
    }

    SimulatedSession snapshot() {
        return new SimulatedSession(id, status, paymentStatus, params.amountTotal(),
                params.currency(), params.metadata(), params.clientReferenceId(),
                params.customerEmail(), paymentIntentId, params.expiresAt(), params.successUrl(),
                params.cancelUrl(), url(), livemode);
    }
}
