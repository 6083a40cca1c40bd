package dev.sejour.booking.testkit.stripe;

import java.math.BigDecimal;
import java.math.RoundingMode;
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
    /** What the buyer paid in their own currency (Adaptive Pricing), or null when in the session's. */
    String presentmentCurrency;
    long presentmentAmount;

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

    /** The Checkout Session object in the default (current) shape. */
    Map<String, Object> toJson() {
        return toJson(SessionShape.PRESENTMENT_DETAILS);
    }

    /** The Checkout Session object as an API version of this shape shows it, fields in Stripe's order. */
    Map<String, Object> toJson(SessionShape shape) {
        boolean converted = presentmentCurrency != null;
        boolean legacy = shape == SessionShape.CURRENCY_CONVERSION;
        long amount = converted && legacy ? presentmentAmount : params.amountTotal();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("object", "checkout.session");
        m.put("adaptive_pricing", Map.of("enabled", !Boolean.FALSE.equals(params.adaptivePricingEnabled())));
        m.put("amount_subtotal", amount);
        m.put("amount_total", amount);
        m.put("cancel_url", params.cancelUrl());
        m.put("client_reference_id", params.clientReferenceId());
        m.put("created", created.getEpochSecond());
        m.put("currency", converted && legacy ? presentmentCurrency : params.currency());
        if (legacy) {
            m.put("currency_conversion", converted ? currencyConversion() : null);
        }
        m.put("customer_details", "complete".equals(status) && params.customerEmail() != null
                ? Map.of("email", params.customerEmail()) : null);
        m.put("customer_email", params.customerEmail());
        m.put("expires_at", params.expiresAt().getEpochSecond());
        m.put("livemode", livemode);
        m.put("metadata", params.metadata());
        m.put("mode", params.mode());
        m.put("payment_intent", paymentIntentId);
        m.put("payment_status", paymentStatus);
        if (!legacy && converted) {
            m.put("presentment_details", Map.of("presentment_amount", presentmentAmount,
                    "presentment_currency", presentmentCurrency));
        }
        m.put("status", status);
        m.put("success_url", params.successUrl());
        m.put("ui_mode", "hosted");
        m.put("url", url());
        return m;
    }

    private Map<String, Object> currencyConversion() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("amount_subtotal", params.amountTotal());
        c.put("amount_total", params.amountTotal());
        // Buyer's units per merchant's unit, as a decimal string like Stripe's.
        c.put("fx_rate", params.amountTotal() == 0 ? "1" : new BigDecimal(presentmentAmount)
                .divide(new BigDecimal(params.amountTotal()), 8, RoundingMode.HALF_EVEN)
                .stripTrailingZeros().toPlainString());
        c.put("source_currency", params.currency());
        return c;
    }

    SimulatedSession snapshot() {
        return new SimulatedSession(id, status, paymentStatus, params.amountTotal(),
                params.currency(), params.metadata(), params.clientReferenceId(),
                params.customerEmail(), paymentIntentId, params.expiresAt(), params.successUrl(),
                params.cancelUrl(), url(), livemode, !Boolean.FALSE.equals(params.adaptivePricingEnabled()),
                presentmentCurrency, presentmentCurrency == null ? 0 : presentmentAmount);
    }
}
